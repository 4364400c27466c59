/**
 * Freshness through the distributed path, in one process: a registration appended to PostgreSQL, put on
 * the events topic by the relay, consumed by the projector's Kafka feed in a consumer group, and timed
 * until its row's insert into chDB has returned (from then on every query sees it). One at a time, at
 * random moments of the relay's poll, p50 / p99 after a warm-up. Relay and projector run with their
 * services' defaults (relay poll 50 ms and batches of 500; projector batches of 1000).
 *
 *   node dist/bench/measures/freshness-kafka.js [--json] [--size=tiny|default|full] [--samples=S]
 *
 * KAFKA_BROKERS names the broker (otherwise one is started and stopped); DATABASE_URL the PostgreSQL
 * server. The schema, topic, consumer group's offsets and temporary directory are removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChdbAnalyticsStore, hmacCustomerKey, migrate } from '@app/analytics';
import { PostgresEventStore } from '@app/event-store';
import { KafkaEventPublisher, createKafka } from '@app/messaging';
import { KafkaFeed } from '../../apps/projector/src/feed/kafka/kafka-feed';
import { BatchProjector } from '../../apps/projector/src/project-events/batch-projector';
import { ProjectorService } from '../../apps/projector/src/project-events/projector.service';
import { StreamStateCache } from '../../apps/projector/src/project-events/stream-state-cache';
import { RelayService } from '../../apps/relay/src/relay-events/relay.service';
import { type BenchFigure, type BenchResult, intOption, percentile } from '../support/bench-result';
import { Cleanup } from '../support/cleanup';
import { bySize } from '../support/bench-size';
import { registrations, sampleFreshness } from '../support/freshness';
import { deleteTopicsAndGroups, withKafkaBroker } from '../support/kafka-broker';
import { runWhenMain } from '../support/measurement-main';
import { benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { progressOf, seconds, throttled } from '../support/progress';
import { TimedAnalyticsStore } from '../support/timed-analytics-store';

export const MEASUREMENT = 'freshness-kafka';
const GOAL_P99_MS = 3_000;
const WARM_UP_SAMPLES = 20;
const PARTITIONS = 3;
/** The relay's and the projector's defaults (RELAY_POLL_INTERVAL_MS, RELAY_BATCH_SIZE, PROJECTOR_BATCH_SIZE). */
const RELAY_POLL_MS = 50;
const RELAY_BATCH = 500;
const PROJECTOR_BATCH = 1_000;
/** The first sample also waits for the consumer group to form. */
const SAMPLE_TIMEOUT_MS = 30_000;

const quiet = { log: () => undefined, warn: console.warn, error: console.error };
const progress = progressOf(MEASUREMENT);

export interface FreshnessKafkaOptions {
  /** Samples counted after the warm-up. */
  samples: number;
  brokers: string;
}

export async function measureFreshnessKafka(options: FreshnessKafkaOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const dir = cleanup.add(
      await mkdtemp(join(tmpdir(), 'bench-freshness-kafka-')),
      'temporary directory',
      (path) => rm(path, { recursive: true, force: true }),
    );
    const kafka = createKafka({ clientId: `bench-${MEASUREMENT}`, brokers: options.brokers });
    const topic = `bench-freshness-${randomUUID().slice(0, 8)}`;
    const groupId = `bench-projector-${topic}`;
    cleanup.add(kafka, 'topic and consumer group', () => deleteTopicsAndGroups(kafka, [topic], [groupId]));
    const pool = cleanup.add(benchPool(), 'pool', (pool) => pool.end());
    const schema = cleanup.add(freshSchemaName('bench_freshness'), 'schema', (name) =>
      dropSchema(pool, name),
    );
    const store = cleanup.add(await PostgresEventStore.onPool(pool, { schema }), 'event store', (s) =>
      s.close(),
    );
    const analytics = cleanup.add(
      await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') }),
      'chDB',
      (s) => s.close(),
    );
    const timed = new TimedAnalyticsStore(analytics);
    const database = 'bench_freshness_kafka';
    await migrate(analytics, database);

    const publisher = cleanup.add(await KafkaEventPublisher.connect(kafka, { topic }), 'publisher', (p) =>
      p.close(),
    );
    const relay = new RelayService(
      store,
      store.checkpoints(),
      publisher,
      {
        checkpointName: 'bench-relay',
        batchSize: RELAY_BATCH,
        pollIntervalMs: RELAY_POLL_MS,
        retryMaxMs: 1_000,
      },
      quiet,
    );
    const cache = new StreamStateCache(50_000);
    const projector = new ProjectorService(
      new KafkaFeed(
        kafka,
        {
          topic: { name: topic, partitions: PARTITIONS, replicationFactor: 1 },
          groupId,
          batchSize: PROJECTOR_BATCH,
        },
        quiet,
      ),
      new BatchProjector(timed, database, { customerKey: hmacCustomerKey('bench-freshness-secret') }, cache),
      cache,
      { retryMaxMs: 1_000 },
      quiet,
    );
    // The projector creates the topic and joins the group; the first (warm-up) sample waits for both.
    await cleanup.add(projector, 'projector', (p) => p.stop()).start();
    await cleanup.add(relay, 'relay', (r) => r.stop()).start();
    const report = throttled(progress);
    const latencies = await sampleFreshness({
      store,
      timed,
      registrations: registrations(options.samples + WARM_UP_SAMPLES),
      warmUp: WARM_UP_SAMPLES,
      timeoutMs: SAMPLE_TIMEOUT_MS,
      maxPauseMs: 2 * RELAY_POLL_MS,
      onSample: (done, total) => report(`${done}/${total} samples`, done === total),
    });
    return { measurement: MEASUREMENT, seconds: seconds(started), figures: figures(latencies) };
  } finally {
    await cleanup.run();
  }
}

const figures = (latencies: number[]): BenchFigure[] => {
  const [p50, p99] = [percentile(latencies, 0.5), percentile(latencies, 0.99)];
  const met = p99 <= GOAL_P99_MS;
  const conditions =
    `${latencies.length} registrations appended one at a time to PostgreSQL after ${WARM_UP_SAMPLES} ` +
    `warm-up ones; relay poll ${RELAY_POLL_MS} ms, acks=all; ${PARTITIONS} partitions, one projector in ` +
    `its consumer group, chDB in process; max ${latencies[latencies.length - 1].toFixed(0)} ms.`;
  return [
    {
      id: 'freshness.kafka.p50_ms',
      label: 'freshness through Kafka: append → relay → Kafka → projector → chDB, p50',
      value: Number(p50.toFixed(1)),
      unit: 'ms',
    },
    {
      id: 'freshness.kafka.p99_ms',
      label: 'freshness through Kafka: append → relay → Kafka → projector → chDB, p99',
      value: Number(p99.toFixed(1)),
      unit: 'ms',
      goal: { text: `≤ ${GOAL_P99_MS} ms`, met },
      notes: met
        ? conditions
        : `${conditions} Missed: the slowest samples add the relay's poll, the broker's acknowledgement ` +
          `from the in-sync replicas, the consumer's fetch and the inserts, all on two shared cores.`,
    },
  ];
};

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  withKafkaBroker((brokers) =>
    measureFreshnessKafka({
      samples: intOption('samples', bySize({ tiny: 20, default: 200, full: 1_000 }, argv), argv),
      brokers,
    }),
  );

runWhenMain(module, main);
