import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { type AnalyticsStore, ChdbAnalyticsStore } from '@app/analytics';
import { COMPLAINT_STREAM_PREFIX } from '@app/complaints';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { createKafka, ensureTopics } from '@app/messaging';
import { uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { ADMIN, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { type HistoryStep } from '../../apps/seeder/src/generator/complaint-log';
import {
  type Figures,
  appendSteps,
  figures,
  readWholeStore,
  recomputeFigures,
  sleep,
} from '../../apps/projector/test/projector.harness';
import { Rng, seedFrom } from '../../apps/seeder/src/generator/random';
import { type AppProcess, AppProcesses, builtApp, freePort } from '../support/app-process';

const quiet = { warn: () => undefined, error: () => undefined };
export const ANALYTICS_DATABASE = 'complaints';
const GROUP = 'projector';
const RELAY_CHECKPOINT = 'relay';

/**
 * The seed of a fault test's schedule: FAULT_SEED when it is set, else one from the clock; printed either
 * way, so that a failing schedule of faults can be run again. Each process's schedule draws from its own
 * generator (`faultRandom(seed, 'relay')`), so concurrent schedules do not shift each other.
 */
export const faultSeed = (test: string): number => {
  const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Date.now() % 2 ** 31;
  process.stdout.write(`faults: ${test}: seed ${seed} (FAULT_SEED=${seed} repeats this schedule)\n`);
  return seed;
};

export const faultRandom = (seed: number, label: string): Rng => new Rng(seedFrom(seed, label));

/** Appends steps in chunks with pauses, as live traffic would, until told to stop or out of steps. */
export class PacedAppender {
  private stopped = false;
  private appendedSteps = 0;
  readonly done: Promise<void>;

  constructor(
    store: PostgresEventStore,
    steps: readonly HistoryStep[],
    options: { chunk: number; pauseMs: number; writers?: number },
  ) {
    this.done = (async () => {
      for (let i = 0; i < steps.length && !this.stopped; i += options.chunk) {
        const chunk = steps.slice(i, i + options.chunk);
        await appendSteps(store, chunk, options.writers ?? 3);
        this.appendedSteps += chunk.length;
        await sleep(options.pauseMs);
      }
    })();
  }

  get steps(): number {
    return this.appendedSteps;
  }

  /** Stops after the chunk in flight; resolves once nothing more is being appended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** What the analytics tables hold against the event log they were projected from. */
export interface Comparison {
  /** Complaint events in the log, each looked for in the tables. */
  compared: number;
  /** Events of the log with no row in `complaint_events`. */
  lost: number;
  /** Extra rows under FINAL: an event id counted more than once, or a row no event of the log explains. */
  doubleCounted: number;
  projected: Figures;
  expected: Figures;
}

export async function compareWithLog(
  analytics: AnalyticsStore,
  database: string,
  log: readonly RecordedEvent[],
): Promise<Comparison> {
  const rows = await analytics.query<{ id: string; n: string | number }>(
    `SELECT toString(event_id) AS id, count() AS n FROM ${database}.complaint_events FINAL GROUP BY id`,
  );
  const counted = new Map(rows.map(({ id, n }) => [id, Number(n)]));
  const complaintEvents = log.filter((event) => event.streamId.startsWith(COMPLAINT_STREAM_PREFIX));
  const inLog = new Set(complaintEvents.map((event) => event.eventId));
  let doubleCounted = 0;
  for (const [id, n] of counted) doubleCounted += inLog.has(id) ? n - 1 : n;
  return {
    compared: complaintEvents.length,
    lost: complaintEvents.filter((event) => !counted.has(event.eventId)).length,
    doubleCounted,
    projected: await figures(analytics, database),
    expected: recomputeFigures(log),
  };
}

/**
 * The distributed pipeline on one machine for a fault test: a fresh PostgreSQL schema (the event store),
 * a fresh topic, the relay and the projector as real processes (`dist/`), the projector's chDB in a data
 * directory on disk, and what the test needs to watch them: the relay's checkpoint, the group's committed
 * offsets, the topic's end, and the tables compared with the log once everything is stopped.
 */
export class PipelineBed {
  readonly processes = new AppProcesses();
  readonly topic = uniqueTopic('faults-events');
  relay?: AppProcess;
  projector?: AppProcess;
  relayPort = 0;
  projectorPort = 0;

  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    readonly store: PostgresEventStore,
    readonly kafka: Kafka,
    private readonly admin: Admin,
    readonly brokers: string,
    readonly dataDir: string,
  ) {}

  static async open(brokers: string): Promise<PipelineBed> {
    const pool = await connectTestPool({ max: 6 });
    const schema = freshSchemaName();
    const store = await PostgresEventStore.onPool(pool, { schema });
    const kafka = createKafka({ clientId: 'fault-test', brokers, log: quiet });
    const admin = kafka.admin();
    await admin.connect();
    const dataDir = await mkdtemp(join(tmpdir(), 'faults-'));
    const bed = new PipelineBed(pool, schema, store, kafka, admin, brokers, dataDir);
    await ensureTopics(kafka, [{ name: bed.topic, partitions: 3, replicationFactor: 1 }]);
    [bed.relayPort, bed.projectorPort] = [await freePort(), await freePort()];
    return bed;
  }

  startRelay(): AppProcess {
    this.relay = this.processes.start('relay', builtApp('relay'), {
      ...process.env,
      ...TEST_AUTH_ENV,
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: this.schema,
      KAFKA_BROKERS: this.brokers,
      KAFKA_EVENTS_TOPIC: this.topic,
      RELAY_CHECKPOINT,
      RELAY_BATCH_SIZE: '50',
      RELAY_POLL_INTERVAL_MS: '20',
      RELAY_RETRY_MAX_MS: '1000',
      PORT: String(this.relayPort),
      LOG_LEVEL: 'warn',
    });
    return this.relay;
  }

  startProjector(): AppProcess {
    this.projector = this.processes.start('projector', builtApp('projector'), {
      ...process.env,
      ...TEST_AUTH_ENV,
      PROJECTOR_FEED: 'kafka',
      KAFKA_BROKERS: this.brokers,
      KAFKA_EVENTS_TOPIC: this.topic,
      PROJECTOR_GROUP_ID: GROUP,
      PROJECTOR_BATCH_SIZE: '40',
      PROJECTOR_RETRY_MAX_MS: '1000',
      // A killed member holds its partitions until its session times out: the broker's minimum, 6 s.
      PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      CHDB_DATA_DIR: join(this.dataDir, 'chdb'),
      ANALYTICS_DATABASE,
      CUSTOMER_KEY_SECRET: 'fault-test-customer-key-secret',
      PORT: String(this.projectorPort),
      LOG_LEVEL: 'warn',
    });
    return this.projector;
  }

  relayCheckpoint(): Promise<bigint> {
    return this.store.checkpoints().load(RELAY_CHECKPOINT);
  }

  /** Sum of the projector group's committed offsets (a partition without a commit counts 0). */
  async committed(): Promise<number> {
    const [offsets] = await this.admin.fetchOffsets({ groupId: GROUP, topics: [this.topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  /** Messages on the topic: the sum of its partitions' end offsets. */
  async topicEnd(): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  /** Everything appended is on the topic and projected: checkpoint at the head, offsets at the end. */
  async caughtUp(): Promise<boolean> {
    const head = await this.store.headPosition();
    if ((await this.relayCheckpoint()) < head) return false;
    return (await this.committed()) === (await this.topicEnd());
  }

  /** Stops both processes gracefully, then compares the projector's tables with the whole log. */
  async stopAndCompare(): Promise<Comparison & { messages: number }> {
    const messages = await this.topicEnd();
    await Promise.all([this.relay?.kill('SIGTERM'), this.projector?.kill('SIGTERM')]);
    const log = await readWholeStore(this.store);
    const analytics = await ChdbAnalyticsStore.open({ dataDir: join(this.dataDir, 'chdb') });
    try {
      return { ...(await compareWithLog(analytics, ANALYTICS_DATABASE, log)), messages };
    } finally {
      await analytics.close();
    }
  }

  async close(): Promise<void> {
    await this.processes.killAll();
    await this.admin.deleteTopics({ topics: [this.topic] }).catch(() => undefined);
    await this.admin.disconnect();
    await this.store.close();
    await dropSchema(this.pool, this.schema);
    await this.pool.end();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** GET a service's JSON as an admin: status and body (null when the service does not answer). */
export async function getJson(
  port: number,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: ADMIN,
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: null };
  }
}
