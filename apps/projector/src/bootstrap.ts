import { type INestApplication } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { createServiceApp } from '@app/platform';
import { ProjectorAppModule } from './app.module';
import { ProjectorModule, type ProjectorModuleOptions } from './projector.module';

/**
 * The projector application with the services' security headers and graceful shutdown (SIGTERM lets the batch in flight be written and
 * acknowledged). It logs to standard output, or to `app.logger` when that is a destination; tests pass
 * `logger: false` to run the bare module without log output.
 */
export const createProjectorApp = async (
  options: ProjectorModuleOptions,
  app: { logger?: false | DestinationStream } = {},
): Promise<INestApplication> => {
  const quiet = app.logger === false;
  const destination = app.logger === false ? undefined : app.logger;
  return createServiceApp(
    quiet ? ProjectorModule.register(options) : ProjectorAppModule.register(options, destination),
    { logger: !quiet },
  );
};
