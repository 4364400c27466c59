import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { openConfiguredAnalyticsStore } from '@app/analytics';
import { openConfiguredEventStore } from '@app/event-store';
import { createHttpApp } from '../../command-service/src/bootstrap';
import { loadStandaloneConfig } from './standalone.config';
import { StandaloneModule } from './standalone.module';

/**
 * The embedded default: the whole system in one process on embedded engines — the PGlite event store
 * and chDB under DATA_DIR, the projector following the store directly.
 */
const main = async () => {
  const { commandConfig, projectorConfig, queryConfig } = loadStandaloneConfig();
  const eventStore = await openConfiguredEventStore(commandConfig);
  const analyticsStore = await openConfiguredAnalyticsStore(projectorConfig);
  const app = await createHttpApp(
    StandaloneModule.register({ commandConfig, projectorConfig, queryConfig, eventStore, analyticsStore }),
    commandConfig,
  );
  await app.listen(commandConfig.PORT, commandConfig.HOST);
  const url = await app.getUrl();
  new Logger('standalone').log(
    `Complaint system running on ${url} — command API under /complaints, weekly pack at ` +
      `${url}/reports/weekly-pack?week=<YYYY-Www>, OpenAPI at ${url}/docs; ` +
      `event store: PGlite in ${commandConfig.DATA_DIR}/event-store; analytics: chDB in ${projectorConfig.CHDB_DATA_DIR}`,
  );
};

void main();
