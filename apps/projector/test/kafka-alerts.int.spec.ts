import { type INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { type DomainEvent, complaintStream } from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { migrate } from '@app/analytics';
import { listAlerts } from '@app/analytics/alerts/alert-list.sql';
import { ALERT_RAISED, isAlertStream } from '@app/analytics/alerts/alert.events';
import {
  type ChdbTestDatabase,
  chdbTestDataDir,
  openChdbTestDatabase,
} from '@app/analytics/test-support/chdb-test-database';
import { PostgresEventStore } from '@app/event-store';
import {
  TEST_DATABASE_URL,
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '@app/event-store/test-support/postgres-test-database';
import { createKafka, ensureTopics } from '@app/messaging';
import { readWholeTopic, testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import { createProjectorApp } from '../src/bootstrap';
import { loadProjectorConfig } from '../src/projector.module';
import { publishEvents, readWholeStore, toAppend, waitFor } from './projector.harness';

const complaintWithCause = (complaintId: string, at: number): DomainEvent[] => [
  ev.registered({
    complaintId,
    receivedAt: new Date(at).toISOString(),
    customer: { ...CUSTOMER, reference: `R-${complaintId}`, pseudonym: `p-${complaintId}` },
    receivedBy: { jobNumber: 'S1001', orgUnit: 'branch-7' },
  }),
  ev.causesAttributed({
    complaintId,
    attributedAt: new Date(at + 1_000).toISOString(),
    causes: [
      { causeId: 'C1', family: 'service-capacity', causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
    ],
  }),
];

/**
 * The distributed set-up: a projector on the Kafka feed with ALERTS_ENABLED=true evaluates the alerts on
 * the PostgreSQL store it is pointed at (every event of every partition, in the log's order), publishes
 * them to the alerts topic and records them in the store; once the relay has published the alert streams
 * too, the same projector's Kafka feed projects them into the alert list.
 */
describe('projector on the Kafka feed with alerts enabled', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let db: ChdbTestDatabase;
  let app: INestApplication;
  const kafka = createKafka({ clientId: 'projector-alerts-test', brokers: testBrokers() });
  const eventsTopic = uniqueTopic('projector-alerts-events');
  const alertsTopic = uniqueTopic('complaints.alerts.v1');

  beforeAll(async () => {
    pool = await connectTestPool({ max: 4 });
    schema = freshSchemaName();
    store = await PostgresEventStore.onPool(pool, { schema });
    db = await openChdbTestDatabase('projector_alerts');
    await migrate(db.store, db.database);
    await ensureTopics(kafka, [{ name: eventsTopic, partitions: 3, replicationFactor: 1 }]);
    const config = loadProjectorConfig({
      ...TEST_AUTH_ENV,
      PROJECTOR_FEED: 'kafka',
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_EVENTS_TOPIC: eventsTopic,
      PROJECTOR_GROUP_ID: `alerts-${schema}`,
      CHDB_DATA_DIR: chdbTestDataDir(),
      ANALYTICS_DATABASE: db.database,
      CUSTOMER_KEY_SECRET: 'projector-alerts-test-secret',
      EVENT_STORE: 'postgres',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      ALERTS_ENABLED: 'true',
      ALERTS_TOPIC: alertsTopic,
      PROJECTOR_POLL_INTERVAL_MS: '20',
      PORT: '0',
    });
    app = await createProjectorApp({ config, analyticsStore: db.store }, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('raises a live spike once from the store, on the topic, and lists it once projected from Kafka', async () => {
    const start = Date.now() - 3_600_000;
    for (let i = 0; i < 5; i++)
      for (const event of complaintWithCause(`k-${i}`, start + i * 60_000))
        await store.append(
          complaintStream(`k-${i}`),
          [toAppend(event, new Date(start + i * 60_000).toISOString())],
          'any',
        );
    const alertsInStore = async () =>
      (await readWholeStore(store)).filter((e) => isAlertStream(e.streamId) && e.type === ALERT_RAISED);
    await waitFor(async () => (await alertsInStore()).length === 2, 'the daily and weekly spike alerts');
    const messages = await readWholeTopic(kafka, alertsTopic);
    expect(messages.map((m) => JSON.parse(m.value!).rule).sort()).toEqual([
      'cause-spike-daily',
      'cause-spike-weekly',
    ]);

    // What the relay does: every stored event to the events topic, the alert streams included.
    await publishEvents(kafka, eventsTopic, await readWholeStore(store));
    await waitFor(
      async () =>
        (await listAlerts(db.store, db.database, ['branch-7'], { status: 'all', page: 1, pageSize: 10 }))
          .total === 2,
      'the alerts listed',
    );
    expect(
      (await listAlerts(db.store, db.database, ['branch-9'], { status: 'all', page: 1, pageSize: 10 })).total,
    ).toBe(0);
  });
});
