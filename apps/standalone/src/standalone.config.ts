import { z } from 'zod';
import { parseEnv } from '@app/platform';
import {
  type CommandServiceConfig,
  loadCommandServiceConfig,
} from '../../command-service/src/config/command-service.config';
import { type ProjectorConfig, loadProjectorConfig } from '../../projector/src/projector.module';
import {
  type QueryServiceConfig,
  loadQueryServiceConfig,
} from '../../query-service/src/config/query-service.config';
import { ensureLocalCredentials, type LocalCredentials } from './local-credentials';

/** The demo data the embedded start writes into an empty event store on its first run. */
const demoSeedSchema = z.object({
  /** Seed demo data when the event store is empty at start-up; `false` starts with an empty store. */
  SEED_DEMO: z.stringbool().default(true),
  /** How many complaints the demo data holds. */
  SEED_DEMO_COMPLAINTS: z.coerce.number().int().min(1).max(100_000).default(3000),
  /** The demo data covers this many months up to yesterday (in REPORTING_TIME_ZONE). */
  SEED_DEMO_MONTHS: z.coerce.number().int().min(1).max(36).default(6),
  /** The generator's seed: the same seed gives the same complaints for the same day. */
  SEED_DEMO_SEED: z.coerce.number().int().min(0).default(1),
});

export type DemoSeedConfig = z.infer<typeof demoSeedSchema>;

/**
 * Every module's settings from one environment, embedded engines by default, data under DATA_DIR. The
 * modules verify the same credentials: AUTH_JWT_SECRETS and AUTH_API_KEYS as configured, else a secret
 * made in DATA_DIR, plus the local admin API key made there on the first run.
 */
export const loadStandaloneConfig = (
  env: NodeJS.ProcessEnv = process.env,
): {
  commandConfig: CommandServiceConfig;
  projectorConfig: ProjectorConfig;
  queryConfig: QueryServiceConfig;
  demoSeedConfig: DemoSeedConfig;
  credentials: LocalCredentials;
} => {
  const { DATA_DIR } = loadCommandServiceConfig({ EVENT_STORE: 'pglite', ...env });
  const credentials = ensureLocalCredentials(DATA_DIR, env);
  env = { ...env, ...credentials.env };
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
  return {
    commandConfig,
    projectorConfig,
    queryConfig,
    demoSeedConfig: parseEnv(demoSeedSchema, env),
    credentials,
  };
};
