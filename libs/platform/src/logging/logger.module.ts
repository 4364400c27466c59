import { type DynamicModule } from '@nestjs/common';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type LoggerOptions, stdSerializers } from 'pino';
import { type Options } from 'pino-http';
import { LOG_REDACT_PATHS, REDACTED, scrubCredentials } from './log-redaction';
import { logDestination } from './log-destination';
import { requestIdOf } from './request-id';

import { type LOG_LEVELS } from '../config';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The path of a URL without its query string: query values can be anything a caller typed. */
const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

type SerializedError = { type: string; message: string; stack?: string; code?: unknown };

/** An error as logged: its class, message and stack with anything credential-shaped scrubbed. */
const serializeError = (error: unknown): SerializedError => {
  const plain = stdSerializers.err(error as Error) as SerializedError | undefined;
  if (!plain || typeof plain !== 'object') return { type: 'Error', message: scrubCredentials(String(error)) };
  return {
    type: plain.type,
    message: scrubCredentials(String(plain.message ?? '')),
    ...(plain.stack === undefined ? {} : { stack: scrubCredentials(plain.stack) }),
    ...(plain.code === undefined ? {} : { code: plain.code }),
  };
};

/**
 * The pino settings every service logs with: a request is logged by its id, method and path only (no
 * headers, no query string, no body), fields that name a credential are redacted, and free-text
 * messages lose anything shaped like a token or key. Exported for processes that log without Nest.
 */
export const loggerOptions = (level: LogLevel): LoggerOptions & Options => ({
  level,
  redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED },
  serializers: {
    req: (req: IncomingMessage) => ({ id: requestIdOf(req), method: req.method, path: pathOf(req.url) }),
    res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    err: serializeError,
  },
  hooks: {
    logMethod(args, method) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? scrubCredentials(arg) : arg)) as Parameters<
          typeof method
        >,
      );
    },
  },
});

/**
 * The logger module of an HTTP service: the pino settings above, the request id bound to every line
 * logged while a request is handled (and nothing else of the request), no automatic access log.
 */
export const platformLoggerModule = (level: LogLevel, destination?: DestinationStream): DynamicModule => {
  const options: Options = {
    ...loggerOptions(level),
    autoLogging: false,
    quietReqLogger: true,
    genReqId: (req) => requestIdOf(req) ?? 'none',
  };
  const to = destination ?? logDestination();
  return LoggerModule.forRoot({ pinoHttp: to ? [options, to] : options });
};
