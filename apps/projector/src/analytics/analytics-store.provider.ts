import {
  type AnalyticsStore,
  ChdbAnalyticsStore,
  ClickHouseAnalyticsStore,
  type MigrationReport,
  migrate,
} from '@app/analytics';
import { type ProjectorConfig } from '../config/projector.config';

export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');

type AnalyticsEnv = Pick<ProjectorConfig, 'ANALYTICS_STORE' | 'CHDB_DATA_DIR' | 'CLICKHOUSE_URL'>;

/** Opens the analytics store the environment names (chDB in process, or a ClickHouse server). */
export const openConfiguredAnalyticsStore = async (config: AnalyticsEnv): Promise<AnalyticsStore> => {
  switch (config.ANALYTICS_STORE) {
    case 'chdb':
      return ChdbAnalyticsStore.open({ dataDir: config.CHDB_DATA_DIR });
    case 'clickhouse':
      if (!config.CLICKHOUSE_URL) throw new Error('ANALYTICS_STORE=clickhouse needs CLICKHOUSE_URL');
      return ClickHouseAnalyticsStore.connect({ url: config.CLICKHOUSE_URL });
  }
};

/** The store given (left open at shutdown) or the configured one, migrated to the latest schema either way. */
export const prepareAnalyticsStore = async (
  config: AnalyticsEnv & Pick<ProjectorConfig, 'ANALYTICS_DATABASE'>,
  given: AnalyticsStore | undefined,
  log: (report: MigrationReport) => void,
): Promise<AnalyticsStore> => {
  const store = given ?? (await openConfiguredAnalyticsStore(config));
  try {
    log(await migrate(store, config.ANALYTICS_DATABASE));
  } catch (error) {
    if (!given) await store.close();
    throw error;
  }
  return store;
};
