import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { CommandServiceAppModule } from './app.module';
import { createHttpApp } from './bootstrap';
import { loadCommandServiceConfig } from './config/command-service.config';

const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  ownerOnlyFiles();
  const config = loadCommandServiceConfig();
  secureDataDir([config.DATA_DIR]);
  const app = await createHttpApp(CommandServiceAppModule.register({ config }), config);
  await app.listen(config.PORT, config.HOST);
  new Logger('command-service').log(`Listening on ${await app.getUrl()} (OpenAPI at /docs)`);
};

main().catch((error: unknown) => {
  console.error(`command-service failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
