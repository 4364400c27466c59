import { z } from 'zod';
import { LOG_LEVELS, authConfigShape, domainFilesConfigShape, parseEnv } from '@app/platform';
import { eventStoreConfigShape } from '@app/event-store';
import { kafkaConfigShape } from '@app/messaging';
import { personalDataConfigShape } from '@app/privacy';

/** Environment variables of the command service, validated once at start-up. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ...eventStoreConfigShape('pglite'),
  /** Pseudonym secret, retention period and sweep of personal data. */
  ...personalDataConfigShape,
  /** Acceptance numbers and (later) reporting weeks use dates in this zone. */
  REPORTING_TIME_ZONE: z.string().default('Asia/Shanghai'),
  BODY_LIMIT: z.string().default('64kb'),
  /** The batch ingress takes up to 500 messages of up to 64 KiB each. */
  INGRESS_BODY_LIMIT: z.string().default('4mb'),
  ...domainFilesConfigShape,
  /** Retries of read–decide–append on a concurrent write, when the client sent no expected version. */
  CONFLICT_RETRIES: z.coerce.number().int().min(0).max(20).default(5),
  /**
   * Before each such retry the handler waits a random time up to this base × 2^attempt (full jitter,
   * capped at 250 ms), so writers racing on one complaint spread out instead of colliding again; 0 disables it.
   */
  CONFLICT_RETRY_BASE_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** Comma-separated Kafka bootstrap servers; when set, the service consumes the inbound topic. */
  KAFKA_BROKERS: z.string().optional(),
  INBOUND_TOPIC: z.string().default('complaints.inbound.v1'),
  INBOUND_DLQ_TOPIC: z.string().default('complaints.inbound.dlq.v1'),
  INBOUND_GROUP_ID: z.string().default('command-service-ingress'),
  KAFKA_TOPIC_PARTITIONS: kafkaConfigShape.KAFKA_TOPIC_PARTITIONS,
  KAFKA_REPLICATION_FACTOR: kafkaConfigShape.KAFKA_REPLICATION_FACTOR,
  ...authConfigShape,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type CommandServiceConfig = z.infer<typeof schema>;

export const COMMAND_SERVICE_CONFIG = Symbol('COMMAND_SERVICE_CONFIG');

export const loadCommandServiceConfig = (env: NodeJS.ProcessEnv = process.env): CommandServiceConfig =>
  parseEnv(schema, env);
