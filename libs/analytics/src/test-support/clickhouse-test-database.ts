import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ClickHouseAnalyticsStore } from '../clickhouse/clickhouse-analytics-store';
import { SESSION_SETTINGS } from '../shared/clickhouse-settings';
import {
  type TestDatabase,
  chdbTestDataDir,
  releaseChdbTestDataDir,
  withTestDatabase,
} from './chdb-test-database';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export type ClickHouseTestDatabase = TestDatabase<ClickHouseAnalyticsStore>;

/** The ClickHouse server adapter on the server at `url`, in a database of its own. */
export async function openClickHouseServerTestDatabase(
  url: string,
  prefix = 'test',
): Promise<ClickHouseTestDatabase> {
  return withTestDatabase(await ClickHouseAnalyticsStore.connect({ url }), prefix);
}

/**
 * The ClickHouse server adapter without a server: chDB plugs into @clickhouse/client as its connection,
 * so the adapter's own code (query_params, JSONEachRow inserts, error mapping) runs on every test run.
 * Settings travel with each request, as they do over HTTP. It uses the test file's chDB directory.
 */
export async function openClickHouseOverChdbTestDatabase(prefix = 'test'): Promise<ClickHouseTestDatabase> {
  const client = createClient({
    // chDB implements the connection interface of @clickhouse/client-common, of which the client
    // bundles a copy of its own: the same shape under two declarations.
    connection: createChdbConnection({ path: chdbTestDataDir() }) as unknown as ClientConnection,
    clickhouse_settings: SESSION_SETTINGS,
  });
  const store = ClickHouseAnalyticsStore.withClient(client);
  await store.ping();
  return withTestDatabase(store, prefix, releaseChdbTestDataDir);
}
