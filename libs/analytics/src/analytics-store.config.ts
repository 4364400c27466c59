import { type AnalyticsStore } from './analytics-store.port';
import { ChdbAnalyticsStore } from './chdb/chdb-analytics-store';
import { ClickHouseAnalyticsStore } from './clickhouse/clickhouse-analytics-store';

export type AnalyticsStoreEnv = {
  ANALYTICS_STORE: 'chdb' | 'clickhouse';
  CHDB_DATA_DIR: string;
  CLICKHOUSE_URL?: string;
};

/** Opens the analytics store the environment names: chDB in process, or a ClickHouse server. */
export const openConfiguredAnalyticsStore = async (env: AnalyticsStoreEnv): Promise<AnalyticsStore> => {
  switch (env.ANALYTICS_STORE) {
    case 'chdb':
      return ChdbAnalyticsStore.open({ dataDir: env.CHDB_DATA_DIR });
    case 'clickhouse':
      if (!env.CLICKHOUSE_URL) throw new Error('ANALYTICS_STORE=clickhouse needs CLICKHOUSE_URL');
      return ClickHouseAnalyticsStore.connect({ url: env.CLICKHOUSE_URL });
  }
};

/** The analytics store the environment names, for start-up logs: never the server's credentials. */
export const describeAnalyticsStore = (env: AnalyticsStoreEnv): string => {
  if (env.ANALYTICS_STORE === 'chdb') return `chDB in ${env.CHDB_DATA_DIR}`;
  try {
    return `ClickHouse at ${new URL(env.CLICKHOUSE_URL ?? '').host}`;
  } catch {
    return 'ClickHouse at the CLICKHOUSE_URL given';
  }
};
