import { Logger, type LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { logDestination } from './log-destination';
import { type LogLevel, loggerOptions } from './logger.module';
import { LOG_LEVELS } from '../config';

/** LOG_LEVEL as the services' configuration reads it; a value it would refuse falls back to info here. */
const levelFromEnvironment = (): LogLevel => {
  const value = process.env.LOG_LEVEL;
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'info';
};

const contextOf = (rest: unknown[]): { context?: string; rest: unknown[] } =>
  typeof rest.at(-1) === 'string' ? { context: rest.at(-1) as string, rest: rest.slice(0, -1) } : { rest };

/** Nest's logger interface over a pino logger: what Nest's `Logger` writes before an app has its own. */
class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    const { context } = contextOf(rest);
    const fields = context === undefined ? {} : { context };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level](fields, message);
    // An object is logged as pino's own fields, so the redaction paths (headers, token-named fields…)
    // apply to it as to any service log line; nesting it under a key would put it out of their reach.
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...message, ...fields });
    else this.pino[level](fields, String(message));
  }
}

/**
 * One logger from the first line a process writes: Nest's static `Logger` (used by the mains and by
 * anything that logs before the HTTP app exists, such as the demo seeding) writes through pino with the
 * services' settings, so a process never mixes Nest's coloured console lines with pino's JSON. The app's
 * own logger takes over when it starts.
 */
export const useProcessLogger = (
  level: LogLevel = levelFromEnvironment(),
  destination: DestinationStream | undefined = logDestination(),
): LoggerService => {
  const logger = new PinoNestLogger(
    destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level)),
  );
  Logger.overrideLogger(logger);
  return logger;
};
