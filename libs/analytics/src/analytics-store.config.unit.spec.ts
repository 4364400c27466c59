import { describeAnalyticsStore } from './analytics-store.config';

describe('describeAnalyticsStore: the configured analytics store, for the start-up log', () => {
  it('chDB: its data directory', () =>
    expect(describeAnalyticsStore({ ANALYTICS_STORE: 'chdb', CHDB_DATA_DIR: '.data/chdb' })).toBe(
      'chDB in .data/chdb',
    ));

  it('ClickHouse: the server, never the user or the password', () => {
    const described = describeAnalyticsStore({
      ANALYTICS_STORE: 'clickhouse',
      CHDB_DATA_DIR: '.data/chdb',
      CLICKHOUSE_URL: 'https://reports:s3cret@ch.internal:8443',
    });
    expect(described).toBe('ClickHouse at ch.internal:8443');
    expect(described).not.toMatch(/s3cret|reports/);
  });
});
