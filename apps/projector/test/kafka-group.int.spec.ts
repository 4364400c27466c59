import { type INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import request from 'supertest';
import { migrate } from '@app/analytics';
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
import { ADMIN, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { testLogDestination } from '@app/platform/logging/test-support';
import { generateComplaintLog } from '../../seeder/src/generator/complaint-log';
import { createProjectorApp } from '../src/bootstrap';
import { loadProjectorConfig } from '../src/projector.module';
import {
  appendSteps,
  committedTotal,
  deleteTopics,
  figures,
  publishEvents,
  readWholeStore,
  recomputeFigures,
  waitFor,
} from './projector.harness';

const PARTITIONS = 6;
const GROUP = 'projector-members';

/**
 * Several members of one consumer group in one process (PROJECTOR_GROUP_MEMBERS), as the process that
 * owns a chDB directory runs them, over a topic of six partitions. A first process of three members
 * projects the first half of the log; a second of two members joins mid-topic (the group rebalances over
 * five members), then the first leaves (it rebalances again over two) and the second half is published.
 * With a state cache far smaller than the complaints, states are read back from the tables across every
 * rebalance: the figures must still be the domain's fold of the log.
 */
describe('projector: a consumer group of several members in one process', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let kafka: Kafka;
  let db: ChdbTestDatabase;
  let events: RecordedEvent[];
  const topic = uniqueTopic('projector-group-events');
  const apps: INestApplication[] = [];

  const start = async (members: number) => {
    const config = loadProjectorConfig({
      PROJECTOR_FEED: 'kafka',
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_EVENTS_TOPIC: topic,
      CHDB_DATA_DIR: chdbTestDataDir(),
      ANALYTICS_DATABASE: db.database,
      CUSTOMER_KEY_SECRET: 'group-test-customer-key-secret',
      PROJECTOR_GROUP_ID: GROUP,
      PROJECTOR_GROUP_MEMBERS: String(members),
      PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      PROJECTOR_BATCH_SIZE: '25',
      PROJECTOR_CACHE_SIZE: '40',
      PROJECTOR_RETRY_MAX_MS: '200',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...TEST_AUTH_ENV,
    });
    const app = await createProjectorApp(
      { config, analyticsStore: db.store },
      { logger: testLogDestination('projector-group') },
    );
    apps.push(app);
    await app.init();
    return app;
  };
  const metrics = async (app: INestApplication) =>
    (await request(app.getHttpServer()).get('/metrics').set(ADMIN).expect(200)).body;

  beforeAll(async () => {
    pool = await connectTestPool({ max: 4 });
    schema = freshSchemaName();
    store = await PostgresEventStore.onPool(pool, { schema });
    kafka = createKafka({ clientId: 'projector-group-test', brokers: testBrokers() });
    db = await openChdbTestDatabase('projector_group');
    await migrate(db.store, db.database);
    await appendSteps(store, generateComplaintLog({ complaints: 200, seed: 23 }).steps);
    events = await readWholeStore(store);
    await ensureTopics(kafka, [{ name: topic, partitions: PARTITIONS, replicationFactor: 1 }]);
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

  it('shares six partitions among the members of two processes across two rebalances: figures exact', async () => {
    const half = Math.floor(events.length / 2);
    await publishEvents(kafka, topic, events.slice(0, half));
    const first = await start(3);
    await waitFor(async () => (await committedTotal(kafka, GROUP, topic)) > half / 4, 'a first quarter');

    const second = await start(2);
    await waitFor(async () => (await committedTotal(kafka, GROUP, topic)) === half, 'the first half');
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    await publishEvents(kafka, topic, events.slice(half));
    await waitFor(
      async () => (await committedTotal(kafka, GROUP, topic)) === events.length,
      'every offset committed',
      60_000,
    );

    expect(await figures(db.store, db.database)).toEqual(recomputeFigures(events));
    const body = await metrics(second);
    expect(body).toMatchObject({
      state: 'running',
      lag: 0,
      feed: { kind: 'kafka', state: 'running', source: expect.stringMatching(/2 members in this process$/) },
    });
    // Partitions moved between members and processes: states were read back, not taken from a stale cache.
    expect(body.statesReadTotal).toBeGreaterThan(0);
    expect(body.feed.position.split(' ')).toHaveLength(PARTITIONS);
    const health = await request(second.getHttpServer()).get('/health').expect(200);
    expect(health.body.info).toEqual({ analyticsStore: { status: 'up' }, projectionFeed: { status: 'up' } });
  }, 120_000);
});
