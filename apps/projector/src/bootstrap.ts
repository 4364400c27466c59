import { type INestApplication } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { createLoggedServiceApp } from '@app/platform';
import { ProjectorAppModule } from './app.module';
import { ProjectorModule, type ProjectorModuleOptions } from './projector.module';

/**
 * The projector application with the services' security headers and graceful shutdown (SIGTERM lets the batch in flight be written and
 * acknowledged). It logs to standard output, or to `app.logger` when that is a destination; tests pass
 * `logger: false` to run the bare module without log output.
 */
export const createProjectorApp = (
  options: ProjectorModuleOptions,
  app: { logger?: false | DestinationStream } = {},
): Promise<INestApplication> =>
  createLoggedServiceApp(
    ProjectorModule.register(options),
    (destination) => ProjectorAppModule.register(options, destination),
    app,
  );
