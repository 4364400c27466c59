import { z } from 'zod';
import { LOG_LEVELS, authConfigShape, parseEnv } from '@app/platform';
import { eventStoreConfigShape } from '@app/event-store';
import { kafkaConfigShape } from '@app/messaging';

/** Environment variables of the relay, validated once at start-up. */
/** Events read, published and checkpointed together. */
export const DEFAULT_RELAY_BATCH_SIZE = 500;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default('127.0.0.1'),
  /** PGlite allows one process per data directory, so a separate relay process needs a server store. */
  ...eventStoreConfigShape('postgres'),
  ...kafkaConfigShape,
  KAFKA_CLIENT_ID: z.string().min(1).default('relay'),
  /** Events read from the store and published per Kafka send. */
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_RELAY_BATCH_SIZE),
  /**
   * Name of the durable checkpoint, and of the lease its replicas compete for: of all the relays with one
   * name, one publishes and the others stand by. Two relays with different names publish everything twice.
   */
  RELAY_CHECKPOINT: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, dots, dashes and underscores only')
    .default('relay'),
  /**
   * How often a standby tries to take the lease (and the active relay confirms it while idle): after the
   * active relay's process dies, a standby on PostgreSQL takes over within this interval.
   */
  RELAY_LEASE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** KurrentDB only: a lease not renewed for this long is taken over (PostgreSQL sees the holder die). */
  RELAY_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(5_000),
  /** How often the store is polled once the relay has caught up. */
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).default(50),
  /** Longest pause between two attempts at a batch that Kafka or the store refused. */
  RELAY_RETRY_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
  /** How often lag and throughput are logged (and the throughput interval of /metrics). */
  RELAY_METRICS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Keys that verify the credentials of /metrics callers (ops:metrics). */
  ...authConfigShape,
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type RelayConfig = z.infer<typeof schema>;

export const RELAY_CONFIG = Symbol('RELAY_CONFIG');

export const loadRelayConfig = (env: NodeJS.ProcessEnv = process.env): RelayConfig => parseEnv(schema, env);
