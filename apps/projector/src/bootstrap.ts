import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ProjectorAppModule } from './app.module';
import { ProjectorModule, type ProjectorModuleOptions } from './projector.module';

/**
 * The projector application with graceful shutdown (SIGTERM lets the batch in flight be written and
 * acknowledged). Tests pass `logger: false` to run the bare module without log output.
 */
export const createProjectorApp = async (
  options: ProjectorModuleOptions,
  app: { logger?: boolean } = {},
): Promise<INestApplication> => {
  const quiet = app.logger === false;
  const nest = await NestFactory.create(
    quiet ? ProjectorModule.register(options) : ProjectorAppModule.register(options),
    { bufferLogs: !quiet, logger: quiet ? false : undefined },
  );
  if (!quiet) nest.useLogger(nest.get(Logger));
  nest.enableShutdownHooks();
  return nest;
};
