import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { assignRequestId } from './logging/request-id';
import { securityHeaders } from './security-headers';
import { answerUnreadableRequests } from './unreadable-requests';

export type ServiceAppOptions = {
  /** `false`: no log output at all (tests running the bare module). */
  logger?: boolean;
  /** Express's JSON body parser; a service that parses its bodies itself (with its own limits) says false. */
  bodyParser?: boolean;
};

/**
 * A service's Nest application with what every service's HTTP side carries: the process's pino logger
 * (the start-up lines buffered until it is in place, then flushed), security headers, an answer for
 * requests that cannot be read, a request id on every request, and graceful shutdown on SIGTERM.
 * A provider that cannot start (a store held by another process…) rejects here for the caller to
 * report, rather than aborting the process.
 */
export const createServiceApp = async (
  rootModule: Parameters<typeof NestFactory.create>[0],
  options: ServiceAppOptions = {},
): Promise<INestApplication> => {
  const quiet = options.logger === false;
  const app = await NestFactory.create(rootModule, {
    abortOnError: false,
    bodyParser: options.bodyParser ?? true,
    bufferLogs: !quiet,
    logger: quiet ? false : undefined,
  });
  if (!quiet) {
    app.useLogger(app.get(Logger));
    // Nest flushes the start-up logs buffered so far only in some set-ups; always, here.
    app.flushLogs();
  }
  securityHeaders(app);
  answerUnreadableRequests(app.getHttpServer());
  app.use(assignRequestId);
  app.enableShutdownHooks();
  return app;
};

/**
 * A service that runs on its own beside its bare module (the relay, the projector): with `logger: false`
 * the bare module without log output (tests), otherwise the module with its logging, which writes to
 * `logger` when that is a destination and to standard output when it is left out.
 */
export const createLoggedServiceApp = (
  bare: DynamicModule,
  logged: (destination?: DestinationStream) => DynamicModule,
  options: { logger?: false | DestinationStream } = {},
): Promise<INestApplication> =>
  options.logger === false
    ? createServiceApp(bare, { logger: false })
    : createServiceApp(logged(options.logger), { logger: true });
