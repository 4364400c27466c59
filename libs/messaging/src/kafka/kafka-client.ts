import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';

/** Where kafkajs warnings and errors go (a Nest `Logger` fits). */
export interface KafkaLogSink {
  warn(message: string): void;
  error(message: string): void;
}

export interface KafkaClientConfig {
  clientId: string;
  /** Bootstrap servers: `host:port` entries, or one comma-separated string as in `KAFKA_BROKERS`. */
  brokers: string | readonly string[];
  /** The console when absent. */
  log?: KafkaLogSink;
  retry?: RetryOptions;
}

/**
 * Retries of one request (connect, metadata, produce) inside kafkajs: about six seconds in all, after
 * which the caller sees the error and decides (the relay backs off and tries the same batch again).
 */
export const KAFKA_RETRY: RetryOptions = { initialRetryTime: 200, maxRetryTime: 5_000, retries: 5 };

/**
 * Our producers limit their retries on purpose and start a fresh producer id after a failed send
 * (`KafkaEventPublisher`), which is what this warning asks for; repeated at every start it would only be
 * noise.
 */
const EXPECTED_WARNINGS = [/^Limiting retries for the idempotent producer/];

export function parseBrokers(brokers: string | readonly string[]): string[] {
  const list = (typeof brokers === 'string' ? brokers.split(',') : [...brokers])
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (list.length === 0) throw new Error('No Kafka broker given (KAFKA_BROKERS is empty)');
  return list;
}

/** A kafkajs client that logs warnings and errors only. */
export function createKafka(config: KafkaClientConfig): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: parseBrokers(config.brokers),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { ...KAFKA_RETRY, ...config.retry },
    logLevel: logLevel.WARN,
    logCreator: toSink(config.log ?? console),
  });
}

function toSink(sink: KafkaLogSink) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      if (level > logLevel.WARN || EXPECTED_WARNINGS.some((pattern) => pattern.test(message))) return;
      const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
      const line = `kafkajs ${namespace}: ${message}${details}`;
      if (level === logLevel.ERROR) sink.error(line);
      else sink.warn(line);
    };
}
