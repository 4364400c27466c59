import {
  type AnalyticsStore,
  openConfiguredAnalyticsStore,
  type MigrationReport,
  migrate,
} from '@app/analytics';
import { type ProjectorConfig } from '../config/projector.config';

export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');

type AnalyticsEnv = Pick<ProjectorConfig, 'ANALYTICS_STORE' | 'CHDB_DATA_DIR' | 'CLICKHOUSE_URL'>;

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
