import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { createRelayApp } from './bootstrap';
import { loadRelayConfig } from './config/relay.config';

const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  ownerOnlyFiles();
  const config = loadRelayConfig();
  secureDataDir([config.DATA_DIR]);
  const app = await createRelayApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('relay').log(
    `Publishing to ${config.KAFKA_EVENTS_TOPIC} on ${config.KAFKA_BROKERS} while this replica holds lease ` +
      `${config.RELAY_CHECKPOINT} (standing by otherwise); health and metrics on ${await app.getUrl()}`,
  );
};

main().catch((error: unknown) => {
  console.error('relay failed to start:', error);
  process.exit(1);
});
