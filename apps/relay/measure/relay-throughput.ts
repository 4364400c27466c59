/**
 * Relay throughput against the ceiling of the same broker: (a) a bare kafkajs idempotent producer sending
 * N pre-built envelopes in batches of 500, (b) the relay (its real loop, publisher and PostgreSQL store)
 * publishing the same N events from checkpoint 0 until caught up, checkpoint saved after every batch.
 *
 *   npm run measure:relay [-- --events=N --rounds=R]
 *
 * Uses KAFKA_BROKERS when set, otherwise starts a broker with infra/kafka/kafka.sh and stops it after;
 * DATABASE_URL points at PostgreSQL (default postgres://postgres@127.0.0.1:5432/test). Leaves nothing
 * behind: its schema and topics are dropped at the end.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { Pool } from 'pg';
import { PostgresEventStore, type EventToAppend, type RecordedEvent } from '@app/event-store';
import { KafkaEventPublisher, createKafka, ensureTopics, toEventMessage } from '@app/messaging';
import { RelayService } from '../src/relay-events/relay.service';

const BATCH = 500;
const STREAMS = 50;
const ROOT = join(__dirname, '..', '..', '..', '..');

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  const value = Number(arg?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function withBroker<T>(run: (brokers: string) => Promise<T>): Promise<T> {
  if (process.env.KAFKA_BROKERS) return run(process.env.KAFKA_BROKERS);
  const script = join(ROOT, 'infra', 'kafka', 'kafka.sh');
  const { stdout } = await promisify(execFile)('bash', [script, 'start', '--owner-pid', String(process.pid)]);
  const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
  if (!brokers) throw new Error(`kafka.sh start printed no KAFKA_BROKERS line:\n${stdout}`);
  try {
    return await run(brokers);
  } finally {
    await promisify(execFile)('bash', [
      script,
      'stop',
      '--port',
      brokers.slice(brokers.lastIndexOf(':') + 1),
    ]);
  }
}

function complaintEvents(count: number, firstRevision: number): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => {
    const eventId = randomUUID();
    return {
      eventId,
      type: 'ComplaintNoted',
      schemaVersion: 1,
      data: { revision: firstRevision + i, text: 'Parcel arrived damaged; customer asks for a replacement.' },
      metadata: { occurredAt: new Date().toISOString(), correlationId: eventId, causationId: eventId },
    };
  });
}

/** N events over STREAMS streams, appended 100 at a time (not timed), then read back in feed order. */
async function fillStore(store: PostgresEventStore, total: number): Promise<RecordedEvent[]> {
  const revisions = Array.from({ length: STREAMS }, () => -1);
  const ids = revisions.map(() => `complaint-${randomUUID()}`);
  for (let written = 0, s = 0; written < total; s = (s + 1) % STREAMS) {
    const count = Math.min(100, total - written);
    const result = await store.append(ids[s], complaintEvents(count, revisions[s] + 1), revisions[s]);
    revisions[s] = result.nextExpectedRevision;
    written += count;
  }
  const events: RecordedEvent[] = [];
  while (events.length < total) {
    const page = await store.readAll({ after: events.at(-1)?.globalPosition ?? 0n, maxCount: 5_000 });
    if (page.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    events.push(...page);
  }
  return events;
}

async function rawProducer(kafka: Kafka, topic: string, messages: Message[]): Promise<number> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i += BATCH) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + BATCH) });
    }
    return seconds(started);
  } finally {
    await producer.disconnect();
  }
}

async function relay(kafka: Kafka, topic: string, store: PostgresEventStore, last: bigint): Promise<number> {
  const publisher = await KafkaEventPublisher.connect(kafka, { topic });
  const quiet = { log: () => undefined, warn: console.warn, error: console.error };
  const service = new RelayService(
    store,
    store.checkpoints(),
    publisher,
    { checkpointName: `measure-${topic}`, batchSize: BATCH, pollIntervalMs: 10, retryMaxMs: 1_000 },
    quiet,
  );
  try {
    const started = process.hrtime.bigint();
    await service.start();
    while (service.status().checkpoint < last) await new Promise((resolve) => setImmediate(resolve));
    const elapsed = seconds(started);
    await service.stop();
    return elapsed;
  } finally {
    await publisher.close();
  }
}

async function main(): Promise<void> {
  const total = option('events', 20_000);
  const rounds = option('rounds', 3);
  await withBroker(async (brokers) => {
    const kafka = createKafka({ clientId: 'measure-relay', brokers });
    const pool = new Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      connectionTimeoutMillis: 5_000,
    });
    const schema = `relay_measure_${randomBytes(6).toString('hex')}`;
    const store = await PostgresEventStore.onPool(pool, { schema });
    const topics: string[] = [];
    const topic = async (label: string) => {
      const name = `measure-${label}-${randomUUID().slice(0, 8)}`;
      topics.push(name);
      await ensureTopics(kafka, [{ name, partitions: 3, replicationFactor: 1 }]);
      return name;
    };
    try {
      const events = await fillStore(store, total);
      const messages = events.map(toEventMessage);
      const last = events[events.length - 1].globalPosition;
      // Warm-up: connections, metadata and JIT, for both paths.
      await rawProducer(kafka, await topic('warmup'), messages.slice(0, 2 * BATCH));

      const results = { raw: [] as number[], relay: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        results.raw.push(total / (await rawProducer(kafka, await topic('raw'), messages)));
        results.relay.push(total / (await relay(kafka, await topic('relay'), store, last)));
      }
      const raw = median(results.raw);
      const relayed = median(results.relay);
      const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
      console.log(
        `${total} events, ${STREAMS} streams, batches of ${BATCH}, 3 partitions, acks=all, idempotent`,
      );
      console.log(`median of ${rounds} rounds (events/s):`);
      console.log(
        `  raw kafkajs producer (pre-built envelopes) ${format(raw)}   rounds: ${results.raw.map(format).join(' ')}`,
      );
      console.log(
        `  relay (PostgreSQL feed → Kafka → checkpoint) ${format(relayed)}   rounds: ${results.relay.map(format).join(' ')}`,
      );
      console.log(`  relay / raw = ${(relayed / raw).toFixed(2)}`);
    } finally {
      await store.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
