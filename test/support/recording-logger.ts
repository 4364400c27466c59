import { type LoggerService } from '@nestjs/common';

export type LogLine = { level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'; text: string };

const textOf = (message: unknown, params: unknown[]): string =>
  [message, ...params]
    .map((part) =>
      part instanceof Error
        ? (part.stack ?? part.message)
        : typeof part === 'string'
          ? part
          : JSON.stringify(part),
    )
    .join(' ');

/**
 * A Nest logger that keeps every line it is given, for tests that look at what a service logs
 * (`app.useLogger(recorder)`): that no request writes an error-level line, that no line holds a secret.
 */
export class RecordingLogger implements LoggerService {
  readonly lines: LogLine[] = [];

  log(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'log', text: textOf(message, params) });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'error', text: textOf(message, params) });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'warn', text: textOf(message, params) });
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'debug', text: textOf(message, params) });
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'verbose', text: textOf(message, params) });
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.lines.push({ level: 'fatal', text: textOf(message, params) });
  }

  /** Lines at error level or above, from `from` (an index into `lines`) on. */
  errors(from = 0): string[] {
    return this.lines
      .slice(from)
      .filter(({ level }) => level === 'error' || level === 'fatal')
      .map(({ text }) => text);
  }
}
