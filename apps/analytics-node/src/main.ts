import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { describeAnalyticsStore, openConfiguredAnalyticsStore } from '@app/analytics';
import { openConfiguredEventStore } from '@app/event-store';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { createQueryHttpApp } from '../../query-service/src/query-service.module';
import { loadAnalyticsNodeConfig } from './analytics-node.config';
import { AnalyticsNodeModule, archivesWeeklyPacks } from './analytics-node.module';

/**
 * `npm run start:analytics-node`: the projector group (Kafka → ClickHouse) and the reports in one
 * process, on one analytics store — how a machine without a ClickHouse server runs both on chDB.
 */
const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  // Before the configuration, which makes the pseudonym secret in DATA_DIR when none is set.
  ownerOnlyFiles();
  const { projectorConfig, queryConfig } = loadAnalyticsNodeConfig();
  secureDataDir([
    projectorConfig.DATA_DIR,
    projectorConfig.ANALYTICS_STORE === 'chdb' ? projectorConfig.CHDB_DATA_DIR : undefined,
  ]);
  const analyticsStore = await openConfiguredAnalyticsStore(projectorConfig);
  const archiveStore = archivesWeeklyPacks(projectorConfig, queryConfig)
    ? await openConfiguredEventStore(projectorConfig)
    : undefined;
  const app = await createQueryHttpApp(
    AnalyticsNodeModule.register({ projectorConfig, queryConfig, analyticsStore, archiveStore }),
  );
  await app.listen(queryConfig.PORT, queryConfig.HOST);
  const url = await app.getUrl();
  new Logger('analytics-node').log(
    `Projecting ${projectorConfig.KAFKA_EVENTS_TOPIC} on ${projectorConfig.KAFKA_BROKERS} as group ` +
      `${projectorConfig.PROJECTOR_GROUP_ID} (${projectorConfig.PROJECTOR_GROUP_MEMBERS} members) into ` +
      `${describeAnalyticsStore(projectorConfig)}, database ${projectorConfig.ANALYTICS_DATABASE}; ` +
      `reports and dashboard on ${url}/dashboard, health and metrics on ${url}` +
      (archiveStore
        ? `; weekly packs archived to the ${projectorConfig.EVENT_STORE} store by the lease holder`
        : ''),
  );
};

main().catch((error: unknown) => {
  console.error('analytics node failed to start:', error);
  process.exit(1);
});
