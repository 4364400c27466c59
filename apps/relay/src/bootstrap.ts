import { type INestApplication } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { createLoggedServiceApp } from '@app/platform';
import { RelayAppModule } from './app.module';
import { type RelayConfig } from './config/relay.config';
import { RelayModule } from './relay.module';

/**
 * The relay application with the services' security headers and graceful shutdown (SIGTERM lets the batch in flight finish). It logs to
 * standard output, or to `logger` when that is a destination; tests pass `logger: false` to run the
 * bare module without log output.
 */
export const createRelayApp = (
  config: RelayConfig,
  options: { logger?: false | DestinationStream } = {},
): Promise<INestApplication> =>
  createLoggedServiceApp(
    RelayModule.register({ config }),
    (destination) => RelayAppModule.register({ config }, destination),
    options,
  );
