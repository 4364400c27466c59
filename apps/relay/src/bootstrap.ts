import { type INestApplication } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { createServiceApp } from '@app/platform';
import { RelayAppModule } from './app.module';
import { type RelayConfig } from './config/relay.config';
import { RelayModule } from './relay.module';

/**
 * The relay application with the services' security headers and graceful shutdown (SIGTERM lets the batch in flight finish). It logs to
 * standard output, or to `logger` when that is a destination; tests pass `logger: false` to run the
 * bare module without log output.
 */
export const createRelayApp = async (
  config: RelayConfig,
  options: { logger?: false | DestinationStream } = {},
): Promise<INestApplication> => {
  const quiet = options.logger === false;
  const destination = options.logger === false ? undefined : options.logger;
  return createServiceApp(
    quiet ? RelayModule.register({ config }) : RelayAppModule.register({ config }, destination),
    { logger: !quiet },
  );
};
