import { describeAnalyticsStoreContract } from '../contract/analytics-store.contract';
import { openClickHouseServerTestDatabase } from '../test-support/clickhouse-test-database';

const url = process.env.CLICKHOUSE_URL;

if (url) {
  describeAnalyticsStoreContract('clickhouse server (@clickhouse/client over HTTP)', () =>
    openClickHouseServerTestDatabase(url, 'contract'),
  );
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
