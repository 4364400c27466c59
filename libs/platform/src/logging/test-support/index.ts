import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import pino, { type DestinationStream } from 'pino';
import { platformLoggerModule } from '../logger.module';

/**
 * Where the test suite keeps what its services logged and which credentials it used, so that the log
 * scan (`test/log-scan`) run after every other test can prove no credential reached a log line.
 */
export const TEST_ARTIFACTS = join(__dirname, '..', '..', '..', '..', '..', 'test-artifacts');
export const TEST_LOG_DIR = join(TEST_ARTIFACTS, 'logs');
export const TEST_CREDENTIALS_DIR = join(TEST_ARTIFACTS, 'credentials');

let files = 0;

/** A new log file for one service started by a test, under `test-artifacts/logs`. */
export const testLogPath = (name: string): string => {
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  files += 1;
  return join(TEST_LOG_DIR, `${name}-${process.pid}-${Date.now()}-${files}.log`);
};

/** A synchronous pino destination on a new test log file (nothing is lost when a test ends abruptly). */
export const testLogDestination = (name: string): DestinationStream =>
  pino.destination({ dest: testLogPath(name), sync: true, mkdir: true });

/** Remembers a secret a test sent (a token, an API key), for the log scan to search every log for. */
export const recordTestCredential = (secret: string): void => {
  mkdirSync(TEST_CREDENTIALS_DIR, { recursive: true });
  appendFileSync(join(TEST_CREDENTIALS_DIR, `${process.pid}.txt`), `${secret}\n`);
};

@Module({})
class LoggedForTest {}

/**
 * A service module wrapped with the services' own logger module at `info`, writing to a test log file:
 * how the harnesses start services, so the suite's traffic leaves the logs a deployment would write.
 */
export const withTestLogging = (
  name: string,
  module: DynamicModule,
  destination: DestinationStream = testLogDestination(name),
): DynamicModule => ({
  module: LoggedForTest,
  imports: [platformLoggerModule('info', destination), module],
});

/** A destination that keeps every line in memory as well as in a test log file, for tests that read logs. */
export class CapturedLog implements DestinationStream {
  readonly lines: string[] = [];
  private readonly file: DestinationStream;

  constructor(name: string) {
    this.file = testLogDestination(name);
  }

  write(line: string): void {
    this.lines.push(line);
    this.file.write(line);
  }

  /** Every line parsed as the JSON pino writes. */
  entries(): Record<string, unknown>[] {
    return this.lines
      .flatMap((l) => l.split('\n').filter((x) => x.trim().length > 0))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
