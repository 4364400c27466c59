import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CommandServiceConfig,
  loadCommandServiceConfig,
} from '../../command-service/src/config/command-service.config';
import { type ProjectorConfig, loadProjectorConfig } from '../../projector/src/projector.module';

/**
 * A local customer-key secret, made once per data directory: pseudonyms stay stable across restarts
 * without a published default. Set CUSTOMER_KEY_SECRET to use your own.
 */
const localCustomerKeySecret = (dataDir: string): string => {
  const file = join(dataDir, 'customer-key.secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
};

/** Both modules' settings from one environment, embedded engines by default, data under DATA_DIR. */
export const loadStandaloneConfig = (
  env: NodeJS.ProcessEnv = process.env,
): { commandConfig: CommandServiceConfig; projectorConfig: ProjectorConfig } => {
  const commandConfig = loadCommandServiceConfig({ EVENT_STORE: 'pglite', ...env });
  const projectorConfig = loadProjectorConfig({
    CHDB_DATA_DIR: join(commandConfig.DATA_DIR, 'chdb'),
    CUSTOMER_KEY_SECRET: env.CUSTOMER_KEY_SECRET ?? localCustomerKeySecret(commandConfig.DATA_DIR),
    ...env,
    PROJECTOR_FEED: 'store',
    EVENT_STORE: commandConfig.EVENT_STORE,
    DATA_DIR: commandConfig.DATA_DIR,
  });
  return { commandConfig, projectorConfig };
};
