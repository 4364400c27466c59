/**
 * Relay throughput against the ceiling of the same broker, with the same events:
 *   (a) the relay (its real loop, publisher and PostgreSQL store) publishing N events from checkpoint 0
 *       until caught up, its checkpoint saved after every batch;
 *   (b) a bare kafkajs idempotent producer sending the same N events, as pre-built messages, in batches
 *       of the same size.
 * The events are realistic complaint histories from the seeder's generator, stored in a fresh PostgreSQL
 * schema. Median of R rounds, each on fresh topics, after a warm-up.
 *
 *   node dist/bench/measures/relay-vs-kafkajs.js [--json] [--size=tiny|default|full] [--events=N --rounds=R]
 *
 * KAFKA_BROKERS names the broker (otherwise one is started and stopped); DATABASE_URL the PostgreSQL
 * server. The schema and topics it made are dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { KafkaEventPublisher, createKafka, ensureTopics, toEventMessage } from '@app/messaging';
import { DEFAULT_RELAY_BATCH_SIZE } from '../../apps/relay/src/config/relay.config';
import { RelayService } from '../../apps/relay/src/relay-events/relay.service';
import { seedEventStore } from '../../apps/seeder/src/seed-event-store';
import { type BenchResult, intOption, median } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { EVENTS_PER_COMPLAINT, benchHistories } from '../support/generated-events';
import { deleteTopicsAndGroups, withKafkaBroker } from '../support/kafka-broker';
import { runWhenMain } from '../support/measurement-main';
import { benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { formatCount, plural, progressOf, seconds } from '../support/progress';

export const MEASUREMENT = 'relay-vs-kafkajs';
const PARTITIONS = 3;
const quiet = { log: () => undefined, warn: console.warn, error: console.error };
const progress = progressOf(MEASUREMENT);

export interface RelayBenchOptions {
  /** Events to relay (rounded up to whole complaint histories). */
  events: number;
  rounds: number;
  /** Events per batch, for the relay and the bare producer alike. */
  batch: number;
  brokers: string;
}

/** Seeds complaint histories (not timed), then reads them back in feed order. */
async function fillStore(store: PostgresEventStore, events: number): Promise<RecordedEvent[]> {
  const seeded = await seedEventStore(store, benchHistories(Math.ceil(events / EVENTS_PER_COMPLAINT)));
  const stored: RecordedEvent[] = [];
  while (stored.length < seeded.appendedEvents) {
    const page = await store.readAll({ after: stored.at(-1)?.globalPosition ?? 0n, maxCount: 5_000 });
    // Appends still committing leave a gap that the feed does not pass yet.
    if (page.length === 0) await sleep(10);
    stored.push(...page);
  }
  return stored;
}

async function rawProducer(
  kafka: Kafka,
  topic: string,
  messages: readonly Message[],
  batch: number,
): Promise<number> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i += batch)
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + batch) });
    return seconds(started);
  } finally {
    await producer.disconnect();
  }
}

async function relay(
  kafka: Kafka,
  topic: string,
  store: PostgresEventStore,
  last: bigint,
  batch: number,
): Promise<number> {
  const publisher = await KafkaEventPublisher.connect(kafka, { topic });
  const service = new RelayService(
    store,
    store.checkpoints(),
    publisher,
    { checkpointName: `bench-${topic}`, batchSize: batch, pollIntervalMs: 10, retryMaxMs: 1_000 },
    quiet,
  );
  try {
    const started = process.hrtime.bigint();
    await service.start();
    // Polled every millisecond, not every turn: a spinning poll would take a core from the broker and
    // the database, which the bare producer does not have to share.
    while (service.status().checkpoint < last) await sleep(1);
    const elapsed = seconds(started);
    await service.stop();
    return elapsed;
  } finally {
    await publisher.close();
  }
}

export async function measureRelayVsKafkajs(options: RelayBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const kafka = createKafka({ clientId: `bench-${MEASUREMENT}`, brokers: options.brokers });
    const topics = cleanup.add([] as string[], 'topics', (names) => deleteTopicsAndGroups(kafka, names));
    const topic = async (label: string) => {
      const name = `bench-${label}-${randomUUID().slice(0, 8)}`;
      topics.push(name);
      await ensureTopics(kafka, [{ name, partitions: PARTITIONS, replicationFactor: 1 }]);
      return name;
    };
    const pool = cleanup.add(benchPool(), 'pool', (pool) => pool.end());
    const schema = cleanup.add(freshSchemaName('bench_relay'), 'schema', (name) => dropSchema(pool, name));
    const store = cleanup.add(await PostgresEventStore.onPool(pool, { schema }), 'event store', (s) =>
      s.close(),
    );
    progress(`seeding about ${formatCount(options.events)} events into PostgreSQL (not timed)`);
    const events = await fillStore(store, options.events);
    const messages = events.map(toEventMessage);
    const last = events[events.length - 1].globalPosition;
    // Warm-up: connections, metadata and JIT, for both paths.
    await rawProducer(kafka, await topic('warmup'), messages.slice(0, 2 * options.batch), options.batch);

    const runs = { raw: [] as number[], relay: [] as number[] };
    for (let round = 1; round <= options.rounds; round++) {
      runs.raw.push(events.length / (await rawProducer(kafka, await topic('raw'), messages, options.batch)));
      runs.relay.push(events.length / (await relay(kafka, await topic('relay'), store, last, options.batch)));
      progress(
        `round ${round}/${options.rounds}: relay ${formatCount(runs.relay.at(-1)!)} events/s, ` +
          `raw kafkajs ${formatCount(runs.raw.at(-1)!)} events/s`,
      );
    }
    const [raw, relayed] = [median(runs.raw), median(runs.relay)];
    const list = (values: number[]) => values.map(formatCount).join(', ');
    return {
      measurement: MEASUREMENT,
      seconds: seconds(started),
      figures: [
        {
          id: 'relay.events_per_s',
          label: 'relay: PostgreSQL feed → Kafka, checkpoint per batch',
          value: Math.round(relayed),
          unit: 'events/s',
          baseline: { label: 'bare kafkajs producer, pre-built messages', value: Math.round(raw) },
          ratio: relayed / raw,
          notes:
            `${formatCount(events.length)} events of generated complaint histories, batches of ${options.batch} for both, ` +
            `${PARTITIONS} partitions, acks=all, idempotent producer; median of ${plural(options.rounds, 'round')} ` +
            `(relay ${list(runs.relay)}; raw ${list(runs.raw)}; per-round ratios ` +
            `${runs.relay.map((r, i) => (r / runs.raw[i]!).toFixed(2)).join(', ')}). The relay also reads the ` +
            `store and saves its checkpoint after every batch (while it publishes the next), which the bare ` +
            `producer does not.`,
        },
      ],
    };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  withKafkaBroker((brokers) =>
    measureRelayVsKafkajs({
      events: intOption('events', bySize({ tiny: 2_000, default: 20_000, full: 100_000 }, argv), argv),
      rounds: intOption('rounds', bySize({ tiny: 1, default: 5, full: 5 }, argv), argv),
      batch: intOption('batch', DEFAULT_RELAY_BATCH_SIZE, argv),
      brokers,
    }),
  );

runWhenMain(module, main);
