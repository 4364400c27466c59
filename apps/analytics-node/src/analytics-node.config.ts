import { type ProjectorConfig, loadProjectorConfig } from '../../projector/src/projector.module';
import {
  type QueryServiceConfig,
  loadQueryServiceConfig,
} from '../../query-service/src/query-service.module';

/**
 * The projector's and the query service's settings from one environment, on one analytics store: the
 * reports read the store (and database) the projector writes. The process listens on the query
 * service's PORT (3003) and HOST.
 */
export const loadAnalyticsNodeConfig = (
  env: NodeJS.ProcessEnv = process.env,
): { projectorConfig: ProjectorConfig; queryConfig: QueryServiceConfig } => {
  const projectorConfig = loadProjectorConfig(env);
  const queryConfig = loadQueryServiceConfig({
    ...env,
    ANALYTICS_STORE: projectorConfig.ANALYTICS_STORE,
    CHDB_DATA_DIR: projectorConfig.CHDB_DATA_DIR,
    ANALYTICS_DATABASE: projectorConfig.ANALYTICS_DATABASE,
  });
  return { projectorConfig, queryConfig };
};
