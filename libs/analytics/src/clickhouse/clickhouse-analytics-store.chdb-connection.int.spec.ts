import { describeAnalyticsStoreContract } from '../contract/analytics-store.contract';
import { openClickHouseOverChdbTestDatabase } from '../test-support/clickhouse-test-database';

/**
 * No ClickHouse server runs here, but chDB plugs into @clickhouse/client as its connection: this runs
 * the server adapter's own code (query_params, JSONEachRow inserts, error mapping) on every test run.
 * Settings travel with each request, as they do over HTTP.
 */
describeAnalyticsStoreContract(
  'clickhouse adapter over chDB (@clickhouse/client, in-process connection)',
  () => openClickHouseOverChdbTestDatabase('contract'),
);
