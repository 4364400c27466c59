import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ownerOnlyFiles, secureDataDir, useProcessLogger } from '@app/platform';
import { QueryServiceAppModule } from './app.module';
import { createQueryHttpApp } from './bootstrap';
import { loadQueryServiceConfig } from './config/query-service.config';

const main = async () => {
  // Every line this process writes goes through one logger: readable on a terminal, JSON otherwise.
  useProcessLogger();
  ownerOnlyFiles();
  const config = loadQueryServiceConfig();
  secureDataDir([config.ANALYTICS_STORE === 'chdb' ? config.CHDB_DATA_DIR : undefined]);
  const app = await createQueryHttpApp(QueryServiceAppModule.register({ config }));
  await app.listen(config.PORT, config.HOST);
  const source = config.ANALYTICS_STORE === 'chdb' ? `chDB in ${config.CHDB_DATA_DIR}` : 'ClickHouse';
  new Logger('query-service').log(
    `Reporting from ${source}, database ${config.ANALYTICS_DATABASE}, on ${await app.getUrl()} (OpenAPI at /docs)`,
  );
};

main().catch((error: unknown) => {
  console.error('query-service failed to start:', error);
  process.exit(1);
});
