import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { RelayAppModule } from './app.module';
import { type RelayConfig } from './config/relay.config';
import { RelayModule } from './relay.module';

/**
 * The relay application with graceful shutdown (SIGTERM lets the batch in flight finish). Tests pass
 * `logger: false` to run the bare module without log output.
 */
export const createRelayApp = async (
  config: RelayConfig,
  options: { logger?: boolean } = {},
): Promise<INestApplication> => {
  const quiet = options.logger === false;
  const app = await NestFactory.create(
    quiet ? RelayModule.register({ config }) : RelayAppModule.register({ config }),
    { bufferLogs: !quiet, logger: quiet ? false : undefined },
  );
  if (!quiet) app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
};
