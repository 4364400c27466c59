import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { openConfiguredAnalyticsStore } from '@app/analytics';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { openPersonalDataEventStore } from '@app/privacy';
import { createHttpApp } from '../../command-service/src/bootstrap';
import { todayIn } from '../../seeder/src/today';
import { seedDemoData } from './demo-seed';
import { handOverAdminKey, laterRunNotice } from './local-credentials';
import { runningMessage } from './running-message';
import { loadStandaloneConfig } from './standalone.config';
import { StandaloneModule } from './standalone.module';

/**
 * The embedded default: the whole system in one process on embedded engines — the PGlite event store
 * and chDB under DATA_DIR (or the stores EVENT_STORE and ANALYTICS_STORE name), the projector following
 * the store directly.
 */
const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  // Before the configuration, which makes the local secrets and admin key in DATA_DIR on a first run.
  ownerOnlyFiles();
  const { commandConfig, projectorConfig, queryConfig, demoSeedConfig, credentials } = loadStandaloneConfig();
  secureDataDir([commandConfig.DATA_DIR, projectorConfig.CHDB_DATA_DIR]);
  const logger = new Logger('standalone');
  const eventStore = await openPersonalDataEventStore(commandConfig);
  // Before the app starts, so its projector finds the demo data in the store like any other events.
  await seedDemoData(eventStore, demoSeedConfig, todayIn(commandConfig.REPORTING_TIME_ZONE), (message) =>
    logger.log(message),
  );
  const analyticsStore = await openConfiguredAnalyticsStore(projectorConfig);
  const app = await createHttpApp(
    StandaloneModule.register({ commandConfig, projectorConfig, queryConfig, eventStore, analyticsStore }),
    commandConfig,
  );
  await app.listen(commandConfig.PORT, commandConfig.HOST);
  const url = await app.getUrl();
  logger.log(runningMessage(url, commandConfig, projectorConfig));
  if (credentials.newAdminKey) {
    const { print, log } = handOverAdminKey(
      commandConfig.DATA_DIR,
      url,
      credentials.newAdminKey,
      credentials.adminKeyFile,
      process.stdout.isTTY === true,
    );
    logger.log(log);
    // The start-up logs are written asynchronously; shown a moment later, the key comes after them.
    if (print) setTimeout(() => process.stdout.write(print), 500);
  } else logger.log(laterRunNotice(credentials.adminKeyFile, credentials.adminKeyCreatedAt));
};

main().catch((error: unknown) => {
  // The usual cause: another process has the embedded stores open (its pid is in the message).
  console.error(`standalone failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
