import { join } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, authConfigShape, parseEnv } from '@app/platform';
import { eventStoreConfigShape } from '@app/event-store';
import { Topics, kafkaConfigShape } from '@app/messaging';
import { localCustomerKeySecret, localSecretFile } from '@app/privacy';
import { alertsConfigShape } from '../alerts/alerts.config';

/** The data directory's own pseudonym secret, shared with the command service (same DATA_DIR, same file). */
export { localSecretFile };

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'letters, digits and _ only');

/** Environment variables of the projector, validated once at start-up. */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    HOST: z.string().default('127.0.0.1'),
    NODE_ENV: z.string().optional(),
    /** Where events come from: Kafka (the distributed set-up) or the event store itself (embedded). */
    PROJECTOR_FEED: z.enum(['kafka', 'store']).default('kafka'),
    ANALYTICS_STORE: z.enum(['chdb', 'clickhouse']).default('chdb'),
    /** chDB's data directory: one per process, shared by every analytics store in it. */
    CHDB_DATA_DIR: z.string().min(1).optional(),
    /** `http(s)://[user:password@]host:port`, for ANALYTICS_STORE=clickhouse. */
    CLICKHOUSE_URL: z.url().optional(),
    ANALYTICS_DATABASE: identifier.default('complaints'),
    /** The HMAC key of customer pseudonyms; the same key must be used for as long as the tables live. */
    CUSTOMER_KEY_SECRET: z.string().min(16, 'must be at least 16 characters long').optional(),
    /** The event store: followed by the store feed, replayed by the rebuild. */
    ...eventStoreConfigShape('postgres'),
    ...kafkaConfigShape,
    KAFKA_CLIENT_ID: z.string().min(1).default('projector'),
    /** Keys that verify the credentials of /metrics callers (ops:metrics). */
    ...authConfigShape,
    /** The Kafka consumer group; a second group reads the whole topic again, into the same tables. */
    PROJECTOR_GROUP_ID: z.string().min(1).max(200).default('projector'),
    /**
     * Members of the group this process runs, each a consumer with partitions of its own. chDB allows
     * one process per data directory, so on one machine the group lives in the process that owns it;
     * with a ClickHouse server, processes of one member each work as well. Members beyond the topic's
     * partitions stand idle until a partition is free.
     */
    PROJECTOR_GROUP_MEMBERS: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * How long the group waits for a member that stopped heartbeating (a killed process) before its
     * partitions go to the others, or to its own restart. The broker allows 6 s at least by default.
     */
    PROJECTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** Events projected and written per insert (Kafka: at most this many of one partition's fetch). */
    PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1_000),
    /** Complaint and action states kept in memory; others are read back from ClickHouse when needed. */
    PROJECTOR_CACHE_SIZE: z.coerce.number().int().min(1).max(5_000_000).default(50_000),
    /** Name of the store feed's checkpoint in `projection_checkpoints`. */
    PROJECTOR_CHECKPOINT: z.string().min(1).max(200).default('projector'),
    /** Store feed: how often the store is polled once the projector has caught up. */
    PROJECTOR_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).default(50),
    /** Longest pause between two attempts at a batch that ClickHouse refused. */
    PROJECTOR_RETRY_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
    /** How often lag and throughput are logged (and the throughput interval of /metrics). */
    PROJECTOR_METRICS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
    /** Events read from the store per page by `npm run rebuild`. */
    REBUILD_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5_000),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    ...alertsConfigShape,
  })
  .superRefine((config, context) => {
    if (config.ANALYTICS_STORE === 'clickhouse' && !config.CLICKHOUSE_URL)
      context.addIssue({
        code: 'custom',
        path: ['CLICKHOUSE_URL'],
        message: 'is required when ANALYTICS_STORE=clickhouse',
      });
    if (config.NODE_ENV === 'production' && !config.CUSTOMER_KEY_SECRET)
      context.addIssue({
        code: 'custom',
        path: ['CUSTOMER_KEY_SECRET'],
        message: 'is required in production (at least 16 characters)',
      });
  })
  .transform(({ CUSTOMER_KEY_SECRET, CHDB_DATA_DIR, ALERTS_ENABLED, ALERTS_TOPIC, ...config }) => ({
    ...config,
    /** Alerts are evaluated where the projector follows the store itself, unless said otherwise. */
    ALERTS_ENABLED: ALERTS_ENABLED ?? config.PROJECTOR_FEED === 'store',
    /** Kafka alongside the Kafka feed; on the embedded feed only when a topic is named. */
    ALERTS_TOPIC: ALERTS_TOPIC ?? (config.PROJECTOR_FEED === 'kafka' ? Topics.alerts : ''),
    /** Beside the embedded event store by default, so every embedded process finds the same data. */
    CHDB_DATA_DIR: CHDB_DATA_DIR ?? join(config.DATA_DIR, 'chdb'),
    CUSTOMER_KEY_SECRET: CUSTOMER_KEY_SECRET ?? localCustomerKeySecret(config.DATA_DIR),
    /** True when the secret of the data directory stands in for a missing CUSTOMER_KEY_SECRET. */
    usesDevCustomerKeySecret: CUSTOMER_KEY_SECRET === undefined,
  }));

export type ProjectorConfig = z.infer<typeof schema>;

export const PROJECTOR_CONFIG = Symbol('PROJECTOR_CONFIG');

export const loadProjectorConfig = (env: NodeJS.ProcessEnv = process.env): ProjectorConfig =>
  parseEnv(schema, env);

export const DEV_SECRET_WARNING =
  'CUSTOMER_KEY_SECRET is not set: customer keys are made with a secret generated for this data directory ' +
  '(DATA_DIR/customer-key.secret). Set CUSTOMER_KEY_SECRET (at least 16 characters) in production; changing ' +
  'it later changes every customer key, so rebuild the tables when you do.';
