import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { type AnalyticsStore, openConfiguredAnalyticsStore } from '@app/analytics';
import {
  chdbTestDataDir,
  releaseChdbTestDataDir,
  uniqueDatabase,
} from '@app/analytics/test-support/chdb-test-database';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { withTestLogging } from '@app/platform/logging/test-support';
import { createHttpApp } from '../../apps/command-service/src/bootstrap';
import { loadStandaloneConfig } from '../../apps/standalone/src/standalone.config';
import { StandaloneModule } from '../../apps/standalone/src/standalone.module';

export type StandaloneUnderTest = {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`. */
  base: string;
  eventStore: EventStore;
  analytics: AnalyticsStore;
  configs: ReturnType<typeof loadStandaloneConfig>;
  /** Drops its analytics database, closes the app (and with it both stores) and removes its data. */
  close(): Promise<void>;
};

/**
 * The one-process app (`npm start`) in this test process on a port of its own: a fresh data directory and
 * analytics database, no demo seed, the projector polling every 20 ms, its logs kept for the log scan
 * under `name`. `env` adds to or overrides those settings.
 */
export async function startStandalone(
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<StandaloneUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const database = uniqueDatabase(name.replaceAll('-', '_'));
  const configs = loadStandaloneConfig({
    DATA_DIR: dataDir,
    CHDB_DATA_DIR: chdbTestDataDir(),
    ANALYTICS_DATABASE: database,
    PROJECTOR_POLL_INTERVAL_MS: '20',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const { commandConfig, projectorConfig, queryConfig } = configs;
  const eventStore = await openConfiguredEventStore(commandConfig);
  const analytics = await openConfiguredAnalyticsStore(projectorConfig);
  const app = await createHttpApp(
    withTestLogging(
      name,
      StandaloneModule.register({
        commandConfig,
        projectorConfig,
        queryConfig,
        eventStore,
        analyticsStore: analytics,
        logging: false,
      }),
    ),
    commandConfig,
  );
  await app.listen(0, '127.0.0.1');
  return {
    app,
    base: await app.getUrl(),
    eventStore,
    analytics,
    configs,
    close: async () => {
      await analytics.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await app.close(); // closes both shared stores
      await releaseChdbTestDataDir();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
