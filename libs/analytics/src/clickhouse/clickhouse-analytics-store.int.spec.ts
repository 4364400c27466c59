import { describeAnalyticsStoreContract } from '../contract/analytics-store.contract';
import { uniqueDatabase } from '../test-support/chdb-test-database';
import { ClickHouseAnalyticsStore } from './clickhouse-analytics-store';

const url = process.env.CLICKHOUSE_URL;

if (url) {
  describeAnalyticsStoreContract('clickhouse server (@clickhouse/client over HTTP)', async () => {
    const store = await ClickHouseAnalyticsStore.connect({ url });
    const database = uniqueDatabase('contract');
    await store.command(`CREATE DATABASE ${database}`);
    return {
      store,
      database,
      async cleanup() {
        await store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
        await store.close();
      },
    };
  });
} else {
  process.stdout.write(
    'SKIP clickhouse-server contract suite: CLICKHOUSE_URL not set (no ClickHouse server on this machine)\n',
  );
  describe('AnalyticsStore contract: clickhouse server', () => {
    it('is not run because CLICKHOUSE_URL is not set', () => {
      expect(process.env.CLICKHOUSE_URL).toBeUndefined();
    });
  });
}
