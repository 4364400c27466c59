import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { describeAnalyticsStoreContract } from '../contract/analytics-store.contract';
import { SESSION_SETTINGS } from '../shared/clickhouse-settings';
import { chdbTestDataDir, releaseChdbTestDataDir, uniqueDatabase } from '../test-support/chdb-test-database';
import { ClickHouseAnalyticsStore } from './clickhouse-analytics-store';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * No ClickHouse server runs here, but chDB plugs into @clickhouse/client as its connection: this runs
 * the server adapter's own code (query_params, JSONEachRow inserts, error mapping) on every test run.
 * Settings travel with each request, as they do over HTTP.
 */
describeAnalyticsStoreContract(
  'clickhouse adapter over chDB (@clickhouse/client, in-process connection)',
  async () => {
    const client = createClient({
      // chDB implements the connection interface of @clickhouse/client-common, of which the client
      // bundles a copy of its own: the same shape under two declarations.
      connection: createChdbConnection({ path: chdbTestDataDir() }) as unknown as ClientConnection,
      clickhouse_settings: SESSION_SETTINGS,
    });
    const store = ClickHouseAnalyticsStore.withClient(client);
    await store.ping();
    const database = uniqueDatabase('contract');
    await store.command(`CREATE DATABASE ${database}`);
    return {
      store,
      database,
      async cleanup() {
        await store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
        await store.close();
        await releaseChdbTestDataDir();
      },
    };
  },
);
