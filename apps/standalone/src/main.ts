import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandServiceAppModule } from '../../command-service/src/app.module';
import { createHttpApp } from '../../command-service/src/bootstrap';
import { loadCommandServiceConfig } from '../../command-service/src/config/command-service.config';

/**
 * The embedded default: everything in one process on embedded engines (PGlite event store under
 * DATA_DIR). Later stages of the pipeline join this same process.
 */
const main = async () => {
  const config = loadCommandServiceConfig({ EVENT_STORE: 'pglite', ...process.env });
  const app = await createHttpApp(CommandServiceAppModule.register({ config }), config);
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  new Logger('standalone').log(
    `Complaint system running on ${url} — command API under /complaints, OpenAPI at ${url}/docs, event store: PGlite in ${config.DATA_DIR}`,
  );
};

void main();
