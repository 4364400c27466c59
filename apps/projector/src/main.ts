import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { createProjectorApp } from './bootstrap';
import { loadProjectorConfig } from './config/projector.config';

const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  // Before the configuration, which makes the pseudonym secret in DATA_DIR when none is set.
  ownerOnlyFiles();
  const config = loadProjectorConfig();
  secureDataDir([config.DATA_DIR, config.CHDB_DATA_DIR]);
  const app = await createProjectorApp({ config });
  await app.listen(config.PORT, config.HOST);
  const source =
    config.PROJECTOR_FEED === 'kafka'
      ? `${config.KAFKA_EVENTS_TOPIC} on ${config.KAFKA_BROKERS} as group ${config.PROJECTOR_GROUP_ID}`
      : `the ${config.EVENT_STORE} event store`;
  const target = config.ANALYTICS_STORE === 'chdb' ? `chDB in ${config.CHDB_DATA_DIR}` : 'ClickHouse';
  new Logger('projector').log(
    `Projecting ${source} into ${target}, database ${config.ANALYTICS_DATABASE}; health and metrics on ${await app.getUrl()}`,
  );
};

main().catch((error: unknown) => {
  console.error('projector failed to start:', error);
  process.exit(1);
});
