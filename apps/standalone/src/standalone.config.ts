import {
  type CommandServiceConfig,
  loadCommandServiceConfig,
} from '../../command-service/src/config/command-service.config';
import { type ProjectorConfig, loadProjectorConfig } from '../../projector/src/projector.module';
import {
  type QueryServiceConfig,
  loadQueryServiceConfig,
} from '../../query-service/src/config/query-service.config';

/** Both modules' settings from one environment, embedded engines by default, data under DATA_DIR. */
export const loadStandaloneConfig = (
  env: NodeJS.ProcessEnv = process.env,
): {
  commandConfig: CommandServiceConfig;
  projectorConfig: ProjectorConfig;
  queryConfig: QueryServiceConfig;
} => {
  const commandConfig = loadCommandServiceConfig({ EVENT_STORE: 'pglite', ...env });
  const projectorConfig = loadProjectorConfig({
    ...env,
    PROJECTOR_FEED: 'store',
    EVENT_STORE: commandConfig.EVENT_STORE,
    DATA_DIR: commandConfig.DATA_DIR,
  });
  const queryConfig = loadQueryServiceConfig({
    ...env,
    ANALYTICS_STORE: projectorConfig.ANALYTICS_STORE,
    CHDB_DATA_DIR: projectorConfig.CHDB_DATA_DIR,
    ANALYTICS_DATABASE: projectorConfig.ANALYTICS_DATABASE,
  });
  return { commandConfig, projectorConfig, queryConfig };
};
