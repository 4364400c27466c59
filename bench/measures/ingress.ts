/**
 * Upstream ingress at burst rates, on the real command service (`CommandServiceModule` in the HTTP app of
 * `createHttpApp`, on a fresh PostgreSQL schema):
 *   (a) Kafka: N messages (90 % distinct registrations, 5 % redeliveries of them, 5 % malformed in the
 *       six ways the contract names) are produced to a fresh inbound topic first; then the service starts
 *       and its consumer group reads them from the beginning. Timed from the service being up (its consumer
 *       joining the group) until every
 *       valid complaint is stored and every bad message is in the dead-letter topic; afterwards the
 *       effect is checked exactly: one registration per distinct complaint, no other event, one dead
 *       letter per bad message. Peer: a bare kafkajs consumer reading the same topic in batches, doing
 *       nothing with the messages (the broker's and the client's ceiling).
 *   (b) `POST /ingress/batch` of 500 items (the same mix; malformed items as JSON objects the contract
 *       refuses), C batches in flight over HTTP with a system token. Items per second over every batch.
 *       Peer: the one-by-one path (`InboundIngress.handleJson`, each item its own read and append, as the
 *       endpoint worked before) on batches of the same mix, in the same process.
 *
 *   node dist/bench/measures/ingress.js [--json] [--size=tiny|default|full] [--messages=N]
 *     [--batches=B --inflight=C]
 *
 * KAFKA_BROKERS names the broker (otherwise one is started and stopped); DATABASE_URL the PostgreSQL
 * server. The schema, topics and consumer groups it made are removed at the end, also after a failure.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kafka, type Message, Partitioners } from 'kafkajs';
import type { INestApplication } from '@nestjs/common';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { createKafka, ensureTopics } from '@app/messaging';
import { TokenIssuer, authConfigOf } from '@app/platform';
import { createHttpApp } from '../../apps/command-service/src/bootstrap';
import { CommandServiceModule } from '../../apps/command-service/src/command-service.module';
import { loadCommandServiceConfig } from '../../apps/command-service/src/config/command-service.config';
import { InboundIngress } from '../../apps/command-service/src/ingress/inbound-ingress.service';
import { type BenchFigure, type BenchResult, intOption, median } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { deleteTopicsAndGroups, withKafkaBroker } from '../support/kafka-broker';
import { runWhenMain } from '../support/measurement-main';
import { benchDatabaseUrl, benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { formatCount, progressOf, seconds } from '../support/progress';

export const MEASUREMENT = 'ingress';
const GOAL = { kafka: 5_000, http: 5_000 };
const BATCH_ITEMS = 500;
const SYSTEM = 'hotline-platform';
const progress = progressOf(MEASUREMENT);

export interface IngressBenchOptions {
  /** Kafka messages in all (valid, redelivered and malformed). */
  messages: number;
  /** HTTP batches of 500 sent. */
  batches: number;
  /** HTTP batches in flight at once. */
  inflight: number;
  brokers: string;
}

/** A registration as the hotline platform sends it; `run` keeps each run's complaints apart. */
const received = (run: string, i: number, overrides: Record<string, unknown> = {}) => ({
  messageId: `${run}-msg-${i}`,
  type: 'ComplaintReceived',
  schemaVersion: 1,
  source: { system: SYSTEM, externalId: `${run}-${String(i).padStart(7, '0')}` },
  occurredAt: '2026-03-01T08:00:00+08:00',
  payload: {
    businessLine: 'postal',
    channel: 'hotline-11185',
    customer: { reference: `CUST-${i % 300}`, name: `客户${i}`, contact: { phone: '+86 10 1234 5678' } },
    description: `邮件延误 #${i}`,
    demand: '尽快投递',
    receivedBy: { jobNumber: `H${1000 + (i % 40)}`, orgUnit: `call-centre-${i % 3}` },
  },
  ...overrides,
});

/** The six ways a message breaks the contract; the first two exist only as bytes (Kafka). */
const malformed = (run: string, i: number, asBytes: boolean): string | Record<string, unknown> => {
  const base = received(`${run}-bad`, i);
  const kinds = [
    () => JSON.stringify({ ...base, type: 'ComplaintTeleported' }),
    () => {
      const { demand: _missing, ...payload } = base.payload;
      return JSON.stringify({ ...base, payload });
    },
    () => JSON.stringify({ ...base, payload: { ...base.payload, channel: 'carrier-pigeon' } }),
    () => JSON.stringify({ ...base, occurredAt: '2026-02-30 25:00' }),
    ...(asBytes
      ? [
          () => `{"messageId":"bad-${i}", "type":`,
          () => JSON.stringify({ ...base, payload: { ...base.payload, description: '长'.repeat(30_000) } }),
        ]
      : []),
  ];
  const made = kinds[i % kinds.length]!();
  return asBytes ? made : (JSON.parse(made) as Record<string, unknown>);
};

/**
 * `count` messages: 90 % distinct registrations, 5 % repeats of earlier ones, 5 % malformed, interleaved
 * deterministically. Returns them with how many distinct complaints and bad ones they hold.
 */
const mix = <T>(
  count: number,
  valid: (i: number) => T,
  bad: (i: number) => T,
): { items: T[]; distinct: number; bad: number } => {
  const items: T[] = [];
  let distinct = 0;
  let badCount = 0;
  for (let i = 0; i < count; i++) {
    if (i % 20 === 7) items.push(bad(badCount++));
    else if (i % 20 === 13 && distinct > 0) items.push(valid((distinct * 7919) % distinct));
    else items.push(valid(distinct++));
  }
  return { items, distinct, bad: badCount };
};

type Service = { app: INestApplication; store: EventStore; url: string; token: string };

const startService = async (
  cleanup: Cleanup,
  env: Record<string, string>,
  schema: string,
): Promise<Service> => {
  const dataDir = cleanup.add(await mkdtemp(join(tmpdir(), 'bench-ingress-')), 'data directory', (dir) =>
    rm(dir, { recursive: true, force: true }),
  );
  const config = loadCommandServiceConfig({
    EVENT_STORE: 'postgres',
    DATA_DIR: dataDir,
    DATABASE_URL: benchDatabaseUrl(),
    DATABASE_SCHEMA: schema,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    AUTH_JWT_SECRETS: randomBytes(32).toString('base64url'),
    ...env,
  });
  const store = cleanup.add(await openConfiguredEventStore(config), 'event store', (s) => s.close());
  const app = cleanup.add(
    await createHttpApp(CommandServiceModule.register({ config, eventStore: store }), config, {
      logger: false,
    }),
    'command service',
    (started) => started.close(),
  );
  await app.listen(0, '127.0.0.1');
  const issuer = new TokenIssuer(authConfigOf(config));
  const token = issuer.issue(
    { subject: SYSTEM, roles: ['system'], ttlSeconds: 3600 },
    { subject: 'bench' },
    Math.floor(Date.now() / 1000),
  ).token;
  return { app, store, url: await app.getUrl(), token };
};

/** Events of a schema by type, counted in the database. */
const eventCounts = async (
  pool: ReturnType<typeof benchPool>,
  schema: string,
): Promise<{ all: number; registered: number }> => {
  const { rows } = await pool.query<{ all: string; registered: string }>(
    `SELECT count(*) AS all, count(*) FILTER (WHERE type = 'ComplaintRegistered') AS registered
       FROM "${schema}".events`,
  );
  return { all: Number(rows[0]!.all), registered: Number(rows[0]!.registered) };
};

/** Counts the messages of a topic as a consumer group reads them from the start. */
const countingConsumer = async (kafka: Kafka, topic: string, groupId: string) => {
  let count = 0;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      count += batch.messages.length;
    },
  });
  return { count: () => count, stop: () => consumer.disconnect() };
};

const waitUntil = async (condition: () => Promise<boolean>, what: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

const kafkaIngress = async (
  options: IngressBenchOptions,
  cleanup: Cleanup,
  kafka: Kafka,
  pool: ReturnType<typeof benchPool>,
  made: { topics: string[]; groups: string[] },
): Promise<BenchFigure> => {
  const run = randomUUID().slice(0, 8);
  const topics = { inbound: `bench-inbound-${run}`, dlq: `bench-inbound-dlq-${run}` };
  const groups = { ingress: `bench-ingress-${run}`, raw: `bench-raw-${run}`, dlq: `bench-dlq-${run}` };
  made.topics.push(topics.inbound, topics.dlq);
  made.groups.push(...Object.values(groups));
  await ensureTopics(kafka, [
    { name: topics.inbound, partitions: 3, replicationFactor: 1 },
    { name: topics.dlq, partitions: 1, replicationFactor: 1 },
  ]);
  const { items, distinct, bad } = mix<Message>(
    options.messages,
    (i) => {
      const message = received(run, i);
      return { key: message.source.externalId, value: JSON.stringify(message) };
    },
    (i) => ({ key: `bad-${i}`, value: malformed(run, i, true) as string }),
  );
  progress(`kafka: producing ${formatCount(items.length)} messages (not timed)`);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  for (let i = 0; i < items.length; i += 500)
    await producer.send({ topic: topics.inbound, acks: -1, messages: items.slice(i, i + 500) });
  await producer.disconnect();

  // The peer: a bare consumer reading the same messages, nothing done with them.
  const rawStarted = process.hrtime.bigint();
  const raw = await countingConsumer(kafka, topics.inbound, groups.raw);
  await waitUntil(async () => raw.count() >= items.length, 'the bare consumer', 120_000);
  const rawSeconds = seconds(rawStarted);
  await raw.stop();

  const schema = freshSchemaName('bench_ingress');
  cleanup.add(schema, `schema ${schema}`, (name) => dropSchema(pool, name));
  const letters = await countingConsumer(kafka, topics.dlq, groups.dlq);
  cleanup.add(letters, 'dead-letter reader', (reader) => reader.stop());
  progress(`kafka: the command service consumes them`);
  await startService(
    cleanup,
    {
      KAFKA_BROKERS: options.brokers,
      INBOUND_TOPIC: topics.inbound,
      INBOUND_DLQ_TOPIC: topics.dlq,
      INBOUND_GROUP_ID: groups.ingress,
    },
    schema,
  );
  // Timed from here: the service is up and its consumer joining the group (as after a restart).
  const started = process.hrtime.bigint();
  const cpuFrom = process.cpuUsage();
  await waitUntil(
    async () => (await eventCounts(pool, schema)).registered >= distinct && letters.count() >= bad,
    'the ingress to store every complaint and dead-letter every bad message',
    300_000,
  );
  const elapsed = seconds(started);
  const cpu = process.cpuUsage(cpuFrom);
  const load = loadavg()[0];
  // A wrongly re-appended redelivery or a second dead letter would show up within this.
  await sleep(1_000);
  const counts = await eventCounts(pool, schema);
  if (counts.registered !== distinct || counts.all !== distinct || letters.count() !== bad)
    throw new Error(
      `exactly-once effect broken: ${counts.registered} registrations and ${counts.all} events for ` +
        `${distinct} distinct complaints, ${letters.count()} dead letters for ${bad} bad messages`,
    );
  const perSecond = items.length / elapsed;
  const rawPerSecond = items.length / rawSeconds;
  const met = perSecond >= GOAL.kafka;
  return {
    id: 'ingress.kafka.messages_per_s',
    label: 'Kafka ingress, 5 % duplicates and 5 % malformed, PostgreSQL',
    value: Math.round(perSecond),
    unit: 'msg/s',
    baseline: { label: 'bare kafkajs consumer reading the same messages', value: Math.round(rawPerSecond) },
    ratio: perSecond / rawPerSecond,
    goal: { text: `≥ ${formatCount(GOAL.kafka)} msg/s, exactly-once effect kept`, met },
    notes:
      `${formatCount(items.length)} messages on 3 partitions (${formatCount(distinct)} distinct registrations, ` +
      `${formatCount(items.length - distinct - bad)} redeliveries, ${formatCount(bad)} malformed in 6 ways), ` +
      `produced first, then consumed from the start by the service's consumer group in ${elapsed.toFixed(1)} s ` +
      `(from the service being up, joining the group included); checked after: ${formatCount(counts.registered)} registrations, ` +
      `no other event, ${formatCount(letters.count())} dead letters (acks=all), so every redelivery appended ` +
      `nothing and every bad message is in the DLQ. This process (service, its consumer, the counters) used ` +
      `${((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)} of ${availableParallelism()} cores; load ` +
      `average ${load.toFixed(1)}.`,
  };
};

const httpBatches = async (
  options: IngressBenchOptions,
  cleanup: Cleanup,
  pool: ReturnType<typeof benchPool>,
): Promise<BenchFigure> => {
  const schema = freshSchemaName('bench_ingress_http');
  cleanup.add(schema, `schema ${schema}`, (name) => dropSchema(pool, name));
  const service = await startService(cleanup, {}, schema);
  const batchOf = (run: string) =>
    mix<Record<string, unknown>>(
      BATCH_ITEMS,
      (i) => received(run, i),
      (i) => malformed(run, i, false) as Record<string, unknown>,
    );
  const post = async (items: Record<string, unknown>[]) => {
    const response = await fetch(`${service.url}/ingress/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: items }),
    });
    if (response.status !== 200)
      throw new Error(`POST /ingress/batch: ${response.status} ${await response.text()}`);
    return (await response.json()) as { accepted: number; duplicates: number; rejected: number };
  };
  // Warm-up: connections, JIT.
  for (let i = 0; i < 2; i++) await post(batchOf(`warm${i}-${randomUUID().slice(0, 6)}`).items);

  const batches = Array.from({ length: options.batches }, (_, i) =>
    batchOf(`b${i}-${randomUUID().slice(0, 6)}`),
  );
  progress(`http: ${options.batches} batches of ${BATCH_ITEMS}, ${options.inflight} in flight`);
  const totals = { accepted: 0, duplicates: 0, rejected: 0 };
  const latencies: number[] = [];
  const before = await eventCounts(pool, schema);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.inflight }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const sent = process.hrtime.bigint();
        const answer = await post(batch.items);
        latencies.push(seconds(sent) * 1000);
        totals.accepted += answer.accepted;
        totals.duplicates += answer.duplicates;
        totals.rejected += answer.rejected;
      }
    }),
  );
  const elapsed = seconds(started);
  const load = loadavg()[0];
  const items = batches.length * BATCH_ITEMS;
  const distinct = batches.reduce((sum, b) => sum + b.distinct, 0);
  const bad = batches.reduce((sum, b) => sum + b.bad, 0);
  const after = await eventCounts(pool, schema);
  if (totals.accepted !== distinct || totals.rejected !== bad || after.all - before.all !== distinct)
    throw new Error(
      `POST /ingress/batch: ${totals.accepted} accepted, ${totals.rejected} rejected, ` +
        `${after.all - before.all} events for ${distinct} distinct and ${bad} bad items`,
    );

  // The peer: the same mix through the one-by-one path, in process, no HTTP.
  const oneByOne = service.app.get(InboundIngress);
  const peerBatches = Math.max(1, Math.min(4, Math.round(options.batches / 4)));
  const peerRates: number[] = [];
  for (let i = 0; i < peerBatches; i++) {
    const { items: peerItems } = batchOf(`p${i}-${randomUUID().slice(0, 6)}`);
    const from = process.hrtime.bigint();
    for (const item of peerItems)
      await oneByOne.handleJson(item, { actor: { id: SYSTEM, role: 'system' }, sources: [SYSTEM] });
    peerRates.push(peerItems.length / seconds(from));
  }
  const perSecond = items / elapsed;
  const peer = median(peerRates);
  return {
    id: 'ingress.http_batch.items_per_s',
    label: 'POST /ingress/batch of 500, PostgreSQL',
    value: Math.round(perSecond),
    unit: 'items/s',
    baseline: { label: 'one item at a time, in process (the path before)', value: Math.round(peer) },
    ratio: perSecond / peer,
    goal: { text: `≥ ${formatCount(GOAL.http)} items/s`, met: perSecond >= GOAL.http },
    notes:
      `${options.batches} batches of ${BATCH_ITEMS} (each ${batches[0]!.distinct} registrations, ` +
      `${BATCH_ITEMS - batches[0]!.distinct - batches[0]!.bad} repeats, ${batches[0]!.bad} malformed), ` +
      `${options.inflight} in flight, system token; every answer 200 with ${formatCount(totals.accepted)} ` +
      `accepted, ${formatCount(totals.duplicates)} duplicates, ${formatCount(totals.rejected)} rejected, ` +
      `and exactly ${formatCount(distinct)} events stored; a batch answered in p50 ${median(latencies).toFixed(0)} ms ` +
      `(max ${Math.max(...latencies).toFixed(0)} ms); the peer ran ${peerBatches} batches of the same mix ` +
      `item by item. Load average ${load.toFixed(1)}.`,
  };
};

export async function measureIngress(options: IngressBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const kafka = createKafka({ clientId: `bench-${MEASUREMENT}`, brokers: options.brokers });
    const made = cleanup.add({ topics: [] as string[], groups: [] as string[] }, 'topics and groups', (all) =>
      deleteTopicsAndGroups(kafka, all.topics, all.groups),
    );
    const pool = cleanup.add(benchPool(2), 'pool', (p) => p.end());
    const figures = [await kafkaIngress(options, cleanup, kafka, pool, made)];
    await cleanup.run();
    const again = new Cleanup();
    const pool2 = again.add(benchPool(2), 'pool', (p) => p.end());
    try {
      figures.push(await httpBatches(options, again, pool2));
    } finally {
      await again.run();
    }
    return { measurement: MEASUREMENT, seconds: seconds(started), figures };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  withKafkaBroker((brokers) =>
    measureIngress({
      messages: intOption('messages', bySize({ tiny: 1_000, default: 20_000, full: 100_000 }, argv), argv),
      batches: intOption('batches', bySize({ tiny: 4, default: 40, full: 100 }, argv), argv),
      inflight: intOption('inflight', bySize({ tiny: 2, default: 2, full: 2 }, argv), argv),
      brokers,
    }),
  );

runWhenMain(module, main);
