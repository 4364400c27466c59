import { type INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import request from 'supertest';
import { type AnalyticsStore, hmacCustomerKey, migrate } from '@app/analytics';
import {
  type ChdbTestDatabase,
  chdbTestDataDir,
  openChdbTestDatabase,
} from '@app/analytics/test-support/chdb-test-database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import {
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { createKafka, ensureTopics } from '@app/messaging';
import { testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { generateComplaintLog } from '../../seeder/src/generator/complaint-log';
import { createProjectorApp } from '../src/bootstrap';
import { KafkaFeed } from '../src/feed/kafka/kafka-feed';
import { BatchProjector } from '../src/project-events/batch-projector';
import { ProjectorService } from '../src/project-events/projector.service';
import { StreamStateCache } from '../src/project-events/stream-state-cache';
import { loadProjectorConfig } from '../src/projector.module';
import {
  FlakyAnalyticsStore,
  type Figures,
  appendSteps,
  committedTotal,
  deleteTopics,
  figures,
  publishEvents,
  readWholeStore,
  recomputeFigures,
  snapshotTables,
  waitFor,
} from './projector.harness';
import { ADMIN, TEST_AUTH_ENV } from '@app/platform/auth/test-support';

const SECRET = 'kafka-feed-test-customer-key-secret';
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The distributed path: events appended to PostgreSQL, put on the topic by the relay's publisher (with a
 * stretch re-sent, as a relay restarted between publish and checkpoint would, and one message that is
 * not an event), consumed by the projector in a consumer group into chDB. Its figures must be the ones
 * the domain folds from the event log, however often the topic is read.
 */
describe('projector: Kafka → projections → chDB', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let db: ChdbTestDatabase;
  let events: RecordedEvent[];
  let expected: Figures;
  let messages: number;
  const topic = uniqueTopic('projector-test-events');
  const apps: INestApplication[] = [];

  const config = (overrides: Record<string, string>) =>
    loadProjectorConfig({
      PROJECTOR_FEED: 'kafka',
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_EVENTS_TOPIC: topic,
      CHDB_DATA_DIR: chdbTestDataDir(),
      ANALYTICS_DATABASE: db.database,
      CUSTOMER_KEY_SECRET: SECRET,
      PROJECTOR_BATCH_SIZE: '150',
      PROJECTOR_RETRY_MAX_MS: '200',
      PORT: '0',
      ...TEST_AUTH_ENV,
      ...overrides,
    });
  const start = async (groupId: string) => {
    const app = await createProjectorApp(
      { config: config({ PROJECTOR_GROUP_ID: groupId }) },
      { logger: false },
    );
    apps.push(app);
    await app.init();
    return app;
  };
  const stop = async (app: INestApplication) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };
  const metrics = async (app: INestApplication) =>
    (await request(app.getHttpServer()).get('/metrics').set(ADMIN).expect(200)).body;
  const caughtUp = (app: INestApplication) =>
    waitFor(async () => (await metrics(app)).lag === 0, 'the consumer lag to reach 0', 30_000);

  beforeAll(async () => {
    pool = await connectTestPool({ max: 6 });
    schema = freshSchemaName();
    store = await PostgresEventStore.onPool(pool, { schema });
    kafka = createKafka({ clientId: 'projector-test', brokers: testBrokers(), log: quiet });
    db = await openChdbTestDatabase('projector_kafka');

    await appendSteps(store, generateComplaintLog({ complaints: 300, seed: 11 }).steps);
    events = await readWholeStore(store);
    expected = recomputeFigures(events);
    await ensureTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: 1 }]);
    await publishEvents(kafka, topic, events);
    // A relay that died between publishing and saving its checkpoint sends a stretch again.
    await publishEvents(kafka, topic, events.slice(400, 700));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'complaint-x', value: '{ not json' }] });
    await producer.disconnect();
    messages = events.length + 300 + 1;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await store?.close();
    if (pool) {
      await dropSchema(pool, schema);
      await pool.end();
    }
    if (kafka) await deleteTopics(kafka, [topic]);
    await db?.cleanup();
  });

  it('projects the whole topic in a consumer group: figures as the domain folds them, duplicates and garbage handled', async () => {
    const app = await start('projector-a');
    await caughtUp(app);

    expect(await figures(db.store, db.database)).toEqual(expected);
    expect(await committedTotal(kafka, 'projector-a', topic)).toBe(messages);
    const body = await metrics(app);
    expect(body).toMatchObject({
      state: 'running',
      feed: { kind: 'kafka', state: 'running' },
      lag: 0,
      eventsTotal: messages,
      appliedTotal: events.length,
      duplicateTotal: 300,
      rejectedTotal: 1,
    });
    const rejected = await db.store.query<{ type: string; stream_id: string; reason: string }>(
      `SELECT type, stream_id, reason FROM ${db.database}.rejected_events FINAL`,
    );
    expect(rejected).toEqual([
      {
        type: 'unknown',
        stream_id: 'complaint-x',
        reason: expect.stringMatching(/Undecodable message at .+: the value is not JSON$/),
      },
    ]);
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    expect(health.body.info).toEqual({ analyticsStore: { status: 'up' }, projectionFeed: { status: 'up' } });
    await stop(app);
  });

  it('replays the whole topic twice (a second group, then the first reset to the start): identical tables', async () => {
    const before = await snapshotTables(db.store, db.database);

    const second = await start('projector-b');
    await caughtUp(second);
    expect(await metrics(second)).toMatchObject({
      eventsTotal: messages,
      appliedTotal: 0,
      duplicateTotal: messages - 1,
    });
    await stop(second);
    expect(await snapshotTables(db.store, db.database)).toEqual(before);

    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: 'projector-a', topic, earliest: true });
    await admin.disconnect();
    const again = await start('projector-a');
    await caughtUp(again);
    expect((await metrics(again)).eventsTotal).toBe(messages);
    await stop(again);
    expect(await snapshotTables(db.store, db.database)).toEqual(before);
    expect(await figures(db.store, db.database)).toEqual(expected);
  });

  const projectorOn = (analytics: AnalyticsStore, database: string, groupId: string) => {
    const cache = new StreamStateCache(10_000);
    const feed = new KafkaFeed(
      kafka,
      {
        topic: { name: topic, partitions: 3, replicationFactor: 1 },
        groupId,
        batchSize: 100,
        sessionTimeoutMs: 6_000,
      },
      quiet,
    );
    return new ProjectorService(
      feed,
      new BatchProjector(analytics, database, { customerKey: hmacCustomerKey(SECRET) }, cache),
      cache,
      { retryInitialMs: 20, retryMaxMs: 200, keepAliveMs: 100 },
      quiet,
    );
  };

  it('commits no offset while ClickHouse refuses inserts, and catches up by itself once it accepts them', async () => {
    const database = `${db.database}_outage`;
    await migrate(db.store, database);
    const flaky = new FlakyAnalyticsStore(db.store);
    flaky.refuse = (operation) => operation === 'insert';
    const cache = new StreamStateCache(10_000);
    const feed = new KafkaFeed(
      kafka,
      {
        topic: { name: topic, partitions: 3, replicationFactor: 1 },
        groupId: 'projector-outage',
        batchSize: 150,
      },
      quiet,
    );
    const projector = new ProjectorService(
      feed,
      new BatchProjector(flaky, database, { customerKey: hmacCustomerKey(SECRET) }, cache),
      cache,
      { retryInitialMs: 20, retryMaxMs: 200, keepAliveMs: 100 },
      quiet,
    );
    try {
      await projector.start();
      await waitFor(() => flaky.refused >= 8, 'refused inserts', 20_000);
      expect(await committedTotal(kafka, 'projector-outage', topic)).toBe(0);
      expect(projector.status()).toMatchObject({ state: 'retrying' });

      flaky.refuse = () => false;
      await waitFor(
        async () => (await committedTotal(kafka, 'projector-outage', topic)) === messages,
        'every offset committed',
      );
      expect(await figures(db.store, database)).toEqual(expected);
    } finally {
      await projector.stop();
      await db.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    }
  });

  it('shares the partitions between two members of a group: rebalanced mid-stream, figures still exact', async () => {
    const database = `${db.database}_pair`;
    await migrate(db.store, database);
    const first = projectorOn(db.store, database, 'projector-pair');
    const second = projectorOn(db.store, database, 'projector-pair');
    try {
      await first.start();
      await waitFor(async () => (await committedTotal(kafka, 'projector-pair', topic)) > 0, 'a first commit');
      // The second member joins while the first is mid-topic: partitions move, caches are dropped.
      await second.start();
      await waitFor(
        async () => (await committedTotal(kafka, 'projector-pair', topic)) === messages,
        'every offset committed',
      );
      expect(await figures(db.store, database)).toEqual(expected);
      expect(second.metrics.snapshot().eventsTotal).toBeGreaterThan(0);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await db.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    }
  });
});
