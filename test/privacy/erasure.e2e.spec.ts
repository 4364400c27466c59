import { type INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { type AnalyticsStore, hmacCustomerKey } from '@app/analytics';
import {
  type ChdbTestDatabase,
  chdbTestDataDir,
  openChdbTestDatabase,
} from '@app/analytics/test-support/chdb-test-database';
import { type RecordedEvent } from '@app/event-store';
import { connectTestPool } from '@app/event-store/test-support/postgres-test-database';
import { createKafka } from '@app/messaging';
import { readWholeTopic, testBrokers, uniqueTopic } from '@app/messaging/test-support/topic-reader';
import { TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import {
  ERASED,
  PERSONAL_DATA_READ,
  type PersonalDataEventStore,
  isAuditStream,
  type RetentionSweeper,
  decryptField,
  parseEnvelope,
  personalDataPaths,
} from '@app/privacy';
import { valuesAt } from '@app/privacy/encryption/json-paths';
import { RETENTION_SWEEPER } from '../../apps/command-service/src/personal-data/personal-data.providers';
import {
  ACTOR,
  type Harness,
  SUPERVISOR,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';
import { testLogDestination } from '@app/platform/logging/test-support';
import { createProjectorApp } from '../../apps/projector/src/bootstrap';
import { loadProjectorConfig } from '../../apps/projector/src/projector.module';
import {
  deleteTopics,
  figures,
  readWholeStore,
  recomputeFigures,
  waitFor,
} from '../../apps/projector/test/projector.harness';
import { createRelayApp } from '../../apps/relay/src/bootstrap';
import { loadRelayConfig } from '../../apps/relay/src/config/relay.config';

/** In every personal field, and nowhere else: a search for it finds any copy of personal data. */
const MARK = 'QZXPII';
/** Phone numbers take digits only: unmistakable ones, searched for as well. */
const PHONES: Record<string, string> = { A: '+86 139 7531 8642', B: '+86 139 2468 1357' };
/** The markers found in a text: none, wherever personal data must not be. */
const leaks = (text: string): string[] => [MARK, ...Object.values(PHONES)].filter((m) => text.includes(m));
/** Anything as JSON text, 64-bit offsets and positions included. */
const text = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
const SECRET = 'privacy-e2e-customer-key-secret';
const RETENTION_DAYS = 30;
const DAY_HOURS = 24;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

const customer = (who: string) => ({
  reference: `${MARK}-ref-${who}`,
  name: `${MARK}-name-${who} 王`,
  contact: {
    phone: PHONES[who]!,
    email: `${MARK}-${who}@example.com`,
    address: `${MARK}-address-${who}`,
  },
});

const registration = (who: string, receivedAt: string) => ({
  businessLine: 'postal',
  channel: 'hotline-11185',
  receivedAt,
  customer: customer(who),
  description: `${MARK}-description-${who}`,
  demand: `${MARK}-demand-${who}`,
  receivedBy: { jobNumber: 'A1001', orgUnit: 'beijing-branch-3' },
});

/** The handling of a complaint up to its close, with personal free text wherever an action takes some. */
const handling = (who: string, now: string): [string, object, Record<string, string>?][] => {
  const later = (hours: number) => new Date(Date.parse(now) + hours * 3_600_000).toISOString();
  return [
    [
      'classify',
      { category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' },
    ],
    ['acknowledge', { mode: 'deferred', contactMethod: 'phone', replyDeadline: later(24) }],
    [
      'dispatch',
      {
        dispatchId: 'wo-1',
        assigneeKind: 'department',
        assignee: 'sorting-centre',
        instructions: `${MARK}-instructions-${who}`,
        dueAt: later(12),
      },
    ],
    ['return-dispatch', { dispatchId: 'wo-1', result: `${MARK}-result-${who}` }],
    ['interim-reply', { statusTold: `${MARK}-status-${who}`, nextDeadline: later(48) }],
    [
      'investigation-finding',
      {
        sources: ['customer', 'records'],
        what: `${MARK}-what-${who}`,
        who: `${MARK}-who-${who}`,
        customerWants: `${MARK}-wants-${who}`,
      },
    ],
    [
      'root-causes',
      { causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: 'S777' }] },
    ],
    [
      'propose-resolution',
      {
        proposalId: 'p1',
        options: [{ kind: 'apology', note: `${MARK}-option-${who}` }, { kind: 'explanation' }],
      },
    ],
    ['customer-acceptance', { proposalId: 'p1', agreementSigned: true }],
    [
      'implement-resolution',
      { proposalId: 'p1', implementedBy: 'S1001', note: `${MARK}-implemented-${who}` },
    ],
    ['final-reply', { summary: `${MARK}-reply-${who}`, contactMethod: 'phone' }],
    [
      'follow-up',
      {
        method: 'phone',
        level: 'team-lead',
        answers: {
          resultSatisfaction: 'satisfied',
          timeliness: 'neutral',
          attitudeSatisfaction: 'satisfied',
          wouldReuse: 'yes',
        },
        comment: `${MARK}-comment-${who}`,
      },
    ],
    ['close', {}],
  ];
};

/**
 * The proof of erasure on the real engines: complaints with marked personal data go through the command
 * service (PostgreSQL), the relay (Kafka) and the projector (chDB). Before erasure an authorised read
 * shows the data and no store holds it in clear; after the retention period the sweeper erases the
 * keys of the closed complaints, and neither the store, nor the topic read afresh, nor any ClickHouse
 * table holds the personal data or a way to decrypt it, while every figure stays the same.
 */
describe('erasure of personal data after retention, across store, Kafka and ClickHouse', () => {
  let h: Harness;
  let pool: Pool;
  let kafka: Kafka;
  let db: ChdbTestDatabase;
  let rebuilt: ChdbTestDatabase;
  const topic = uniqueTopic('privacy-e2e-events');
  const apps: INestApplication[] = [];
  const ids: Record<'closedA' | 'closedB' | 'openA' | 'reopenedB', string> = {
    closedA: '',
    closedB: '',
    openA: '',
    reopenedB: '',
  };
  let closedAt = '';
  let firstClosedAt = '';

  const post = (path: string, body: object, headers: Record<string, string> = ACTOR) =>
    h.http().post(path).set(headers).send(body);
  const get = (path: string) => h.http().get(path).set(ACTOR);
  const schema = () => h.config.DATABASE_SCHEMA;
  const store = () => h.store as PersonalDataEventStore;

  const register = async (who: string): Promise<string> => {
    h.clock.advanceHours(1);
    const response = await post('/complaints', registration(who, h.clock.now()));
    expect(response.status).toBe(201);
    return response.body.complaintId as string;
  };
  const act = async (id: string, steps: [string, object, Record<string, string>?][]) => {
    for (const [action, body, headers] of steps) {
      h.clock.advanceHours(1);
      const response = await post(`/complaints/${id}/${action}`, body, headers);
      expect({ action, status: response.status, code: response.body.code }).toEqual({
        action,
        status: 200,
        code: undefined,
      });
    }
  };

  /** Every event row of the PostgreSQL store as the database holds it, as text. */
  const rawRows = async (): Promise<string> =>
    (await pool.query<{ row: string }>(`SELECT e::text AS row FROM "${schema()}".events e`)).rows
      .map((r) => r.row)
      .join('\n');
  const keyRows = async () =>
    (
      await pool.query<{ stream_id: string; key_material: Buffer }>(
        `SELECT stream_id, key_material FROM "${schema()}".personal_data_keys`,
      )
    ).rows;
  const keyTableFile = async (): Promise<Buffer> => {
    await pool.query('CHECKPOINT');
    const [row] = (
      await pool.query<{ bytes: Buffer }>(
        `SELECT pg_read_binary_file(pg_relation_filepath('"${schema()}".personal_data_keys')) AS bytes`,
      )
    ).rows;
    return row!.bytes;
  };
  /** Every row of every table of the analytics database, as text. */
  const dumpAnalytics = async (
    analytics: AnalyticsStore,
    database: string,
  ): Promise<{ tables: number; text: string }> => {
    const tables = await analytics.query<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name`,
      { db: database },
    );
    const parts: string[] = [];
    for (const { name } of tables)
      parts.push(`${name}: ${JSON.stringify(await analytics.query(`SELECT * FROM ${database}.${name}`))}`);
    return { tables: tables.length, text: parts.join('\n') };
  };
  const startProjector = async (database: string, groupId: string) => {
    const app = await createProjectorApp(
      {
        config: loadProjectorConfig({
          PROJECTOR_FEED: 'kafka',
          KAFKA_BROKERS: testBrokers().join(','),
          KAFKA_EVENTS_TOPIC: topic,
          CHDB_DATA_DIR: chdbTestDataDir(),
          ANALYTICS_DATABASE: database,
          CUSTOMER_KEY_SECRET: SECRET,
          PROJECTOR_GROUP_ID: groupId,
          PROJECTOR_SESSION_TIMEOUT_MS: '6000',
          PORT: '0',
          ...TEST_AUTH_ENV,
        }),
      },
      { logger: testLogDestination('projector-erasure') },
    );
    apps.push(app);
    await app.init();
  };
  /** Until every table shows what the domain folds from these events (each table is written on its own). */
  const projected = (analytics: AnalyticsStore, database: string, events: RecordedEvent[]) => {
    const expected = JSON.stringify(recomputeFigures(events));
    return waitFor(
      async () => JSON.stringify(await figures(analytics, database)) === expected,
      `the ${events.length} events projected into ${database}`,
      60_000,
      100,
    );
  };

  let before: {
    figures: Awaited<ReturnType<typeof figures>>;
    events: RecordedEvent[];
    keys: Map<string, Buffer>;
  };

  beforeAll(async () => {
    h = await startCommandService('postgres', {
      CUSTOMER_KEY_SECRET: SECRET,
      PII_RETENTION_DAYS: String(RETENTION_DAYS),
      PII_SWEEP_INTERVAL_MS: '0',
    });
    pool = await connectTestPool({ max: 4 });
    kafka = createKafka({ clientId: 'privacy-e2e', brokers: testBrokers(), log: quiet });
    db = await openChdbTestDatabase('privacy_e2e');
    rebuilt = await openChdbTestDatabase('privacy_e2e_rebuilt');

    ids.closedA = await register('A');
    await act(ids.closedA, handling('A', h.clock.now()));
    firstClosedAt = h.clock.now();
    ids.closedB = await register('B');
    await act(ids.closedB, handling('B', h.clock.now()));
    closedAt = h.clock.now();
    ids.openA = await register('A');
    await act(ids.openA, handling('A', h.clock.now()).slice(0, 6));
    ids.reopenedB = await register('B');
    await act(ids.reopenedB, [
      ...handling('B', h.clock.now()),
      ['reopen', { reason: `${MARK}-reopen-B` }, SUPERVISOR],
    ]);

    const relay = await createRelayApp(
      loadRelayConfig({
        EVENT_STORE: 'postgres',
        DATABASE_URL: h.config.DATABASE_URL,
        DATABASE_SCHEMA: schema(),
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_EVENTS_TOPIC: topic,
        PORT: '0',
        LOG_LEVEL: 'warn',
        ...TEST_AUTH_ENV,
      }),
      { logger: testLogDestination('relay-erasure') },
    );
    apps.push(relay);
    await relay.init();
    await startProjector(db.database, 'privacy-e2e-a');

    const events = await readWholeStore(store().raw);
    await projected(db.store, db.database, events);
    before = {
      figures: await figures(db.store, db.database),
      events,
      keys: new Map((await keyRows()).map((row) => [row.stream_id, row.key_material])),
    };
  }, 240_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await pool?.end();
    if (kafka) await deleteTopics(kafka, [topic]);
    await rebuilt?.cleanup();
    await db?.cleanup();
    await h?.close();
  }, 60_000);

  it('before erasure: an authorised read shows the personal data, no store holds it in clear', async () => {
    const read = await get(`/complaints/${ids.closedA}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      status: 'closed',
      customer: customer('A'),
      description: `${MARK}-description-A`,
      demand: `${MARK}-demand-A`,
    });
    const timeline = (await get(`/complaints/${ids.closedA}/events`)).body.events as { data: object }[];
    expect(JSON.stringify(timeline)).toContain(`${MARK}-comment-A`);

    expect(before.events.length).toBeGreaterThan(40);
    expect(leaks(await rawRows())).toEqual([]);
    expect(before.keys.size).toBe(4);
    const messages = await readWholeTopic(kafka, topic);
    expect(messages).toHaveLength(before.events.length);
    expect(leaks(text(messages))).toEqual([]);
    const dump = await dumpAnalytics(db.store, db.database);
    expect(leaks(dump.text)).toEqual([]);
    // The figures are the domain's fold of the log, and one customer's complaints share one key.
    expect(before.figures).toEqual(recomputeFigures(before.events));
    expect(before.figures).toMatchObject({ complaints: 4, byStatus: { closed: 2 }, reopenings: 1 });
    const keyOf = hmacCustomerKey(SECRET);
    const customerKeys = await db.store.query<{ complaint_id: string; customer_key: string }>(
      `SELECT complaint_id, customer_key FROM ${db.database}.complaints FINAL`,
    );
    expect(Object.fromEntries(customerKeys.map((row) => [row.complaint_id, row.customer_key]))).toEqual({
      [ids.closedA]: keyOf(`${MARK}-ref-A`),
      [ids.openA]: keyOf(`${MARK}-ref-A`),
      [ids.closedB]: keyOf(`${MARK}-ref-B`),
      [ids.reopenedB]: keyOf(`${MARK}-ref-B`),
    });
  });

  it('the sweeper erases nothing before the retention period has passed', async () => {
    h.clock.set(
      new Date(Date.parse(firstClosedAt) + (RETENTION_DAYS * DAY_HOURS - 1) * 3_600_000).toISOString(),
    );
    expect((await h.app.get<RetentionSweeper>(RETENTION_SWEEPER).sweep()).erased).toBe(0);
    expect(await keyRows()).toHaveLength(4);
  });

  describe('after the retention period and a sweep', () => {
    const closedStreams = () => [`complaint-${ids.closedA}`, `complaint-${ids.closedB}`];

    beforeAll(async () => {
      h.clock.set(
        new Date(Date.parse(closedAt) + (RETENTION_DAYS * DAY_HOURS + 1) * 3_600_000).toISOString(),
      );
      const report = await h.app.get<RetentionSweeper>(RETENTION_SWEEPER).sweep();
      expect(report.streamIds.sort()).toEqual(closedStreams().sort());
    }, 60_000);

    it('the store: no marker in any event row, the keys are gone, their bytes too, nothing decrypts', async () => {
      expect(leaks(await rawRows())).toEqual([]);
      const remaining = await keyRows();
      expect(remaining.map((row) => row.stream_id).sort()).toEqual(
        [`complaint-${ids.openA}`, `complaint-${ids.reopenedB}`].sort(),
      );
      const file = await keyTableFile();
      for (const stream of closedStreams()) expect(file.includes(before.keys.get(stream)!)).toBe(false);
      const erasures = await pool.query(
        `SELECT stream_id, reason FROM "${schema()}".personal_data_erasures ORDER BY stream_id`,
      );
      expect(erasures.rows).toEqual(
        closedStreams()
          .sort()
          .map((stream_id) => ({ stream_id, reason: 'retention' })),
      );

      // Every encrypted field of the erased complaints, tried with every key left: none opens.
      const sealed = (await readWholeStore(store().raw))
        .filter((event) => closedStreams().includes(event.streamId))
        .flatMap((event) =>
          valuesAt(event.data, personalDataPaths(event.type)).map(({ path, value }) => ({
            event,
            path,
            value,
          })),
        );
      expect(sealed.length).toBeGreaterThan(20);
      let opened = 0;
      for (const { event, path, value } of sealed) {
        const envelope = parseEnvelope(value);
        expect(envelope).toBeDefined();
        for (const key of remaining)
          try {
            decryptField(key.key_material, envelope!, {
              streamId: event.streamId,
              eventId: event.eventId,
              path,
            });
            opened += 1;
          } catch {
            // refused, as it must be
          }
      }
      expect(opened).toBe(0);
    });

    it('the command side: the erased complaints read as erased with every fact kept; the open ones untouched', async () => {
      const erased = await get(`/complaints/${ids.closedA}`);
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({
        status: 'closed',
        customer: { name: ERASED, contact: { phone: ERASED, email: ERASED, address: ERASED } },
        description: ERASED,
        demand: ERASED,
        causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: 'S777' }],
        resolution: { proposalId: 'p1', status: 'implemented' },
      });
      const timeline = await get(`/complaints/${ids.closedA}/events`);
      expect(timeline.body.events).toHaveLength(
        before.events.filter((e) => e.streamId === `complaint-${ids.closedA}`).length,
      );
      expect(leaks(JSON.stringify(timeline.body))).toEqual([]);

      const open = await get(`/complaints/${ids.openA}`);
      expect(open.body).toMatchObject({ status: 'acknowledged', customer: customer('A') });
      const reopened = await get(`/complaints/${ids.reopenedB}`);
      expect(reopened.body).toMatchObject({ reopenCount: 1, customer: customer('B') });

      // Deciders still work on an erased stream: an appeal on the closed complaint is decided and stored.
      const appeal = await post(`/complaints/${ids.closedA}/appeals`, {
        causeId: 'C1',
        staffJobNumber: 'S777',
        reason: 'The label was wrong',
      });
      expect(appeal.status).toBe(200);
    });

    it('Kafka: a fresh consumer reading the topic from the beginning finds no marker (nor the audit)', async () => {
      const all = await readWholeStore(store().raw);
      const events = all.filter((event) => !isAuditStream(event.streamId));
      // The authorised reads above were audited in the store; the relay keeps the audit off the topic.
      expect(all.filter((event) => event.type === PERSONAL_DATA_READ).length).toBeGreaterThanOrEqual(2);
      await waitFor(
        async () => (await readWholeTopic(kafka, topic)).length === events.length,
        'the relay to publish the appeal',
        30_000,
        200,
      );
      const messages = await readWholeTopic(kafka, topic);
      expect(messages.length).toBe(before.events.length + 1);
      expect(messages.filter((m) => m.key?.startsWith('audit-'))).toEqual([]);
      expect(leaks(text(messages))).toEqual([]);
    });

    it('ClickHouse: no table of the database holds a marker; the figures are what they were', async () => {
      const events = await readWholeStore(store().raw);
      await projected(db.store, db.database, events);
      const dump = await dumpAnalytics(db.store, db.database);
      expect(dump.tables).toBeGreaterThanOrEqual(6);
      expect(leaks(dump.text)).toEqual([]);
      const after = await figures(db.store, db.database);
      expect({ ...after, eventsByType: { ...after.eventsByType, CauseAppealFiled: 0 } }).toEqual({
        ...before.figures,
        eventsByType: { ...before.figures.eventsByType, CauseAppealFiled: 0 },
      });
      expect(after.activeCauses).toEqual(before.figures.activeCauses);
      const rejected = await db.store.query<{ n: string }>(
        `SELECT count() AS n FROM ${db.database}.rejected_events`,
      );
      expect(Number(rejected[0]!.n)).toBe(0);
      expect(after.byStatus).toEqual(before.figures.byStatus);
    });

    it('a projection rebuilt from the erased log gives the same figures, and no marker either', async () => {
      const events = await readWholeStore(store().raw);
      await startProjector(rebuilt.database, 'privacy-e2e-rebuild');
      await projected(rebuilt.store, rebuilt.database, events);

      expect(await figures(rebuilt.store, rebuilt.database)).toEqual(await figures(db.store, db.database));
      expect(await figures(rebuilt.store, rebuilt.database)).toEqual(recomputeFigures(events));
      expect(leaks((await dumpAnalytics(rebuilt.store, rebuilt.database)).text)).toEqual([]);
    });
  });
});

/**
 * The store-level part on embedded PGlite, with the sweep the running service schedules itself
 * (every 100 ms here), as the standalone process runs it.
 */
describe('erasure on PGlite, by the command service’s own scheduled sweep', () => {
  let h: Harness;
  const post = (path: string, body: object) => h.http().post(path).set(ACTOR).send(body);
  const get = (path: string) => h.http().get(path).set(ACTOR);
  const store = () => h.store as PersonalDataEventStore;
  const raw = async () => text(await readWholeStore(store().raw));

  beforeAll(async () => {
    h = await startCommandService('pglite', {
      CUSTOMER_KEY_SECRET: SECRET,
      PII_RETENTION_DAYS: String(RETENTION_DAYS),
      PII_SWEEP_INTERVAL_MS: '100',
    });
  }, 60_000);

  afterAll(() => h?.close(), 60_000);

  it('stores ciphertext only, then erases the closed complaint once its retention has passed', async () => {
    const register = async () => {
      h.clock.advanceHours(1);
      const response = await post('/complaints', registration('A', h.clock.now()));
      expect(response.status).toBe(201);
      return response.body.complaintId as string;
    };
    const closed = await register();
    for (const [action, body] of handling('A', h.clock.now())) {
      h.clock.advanceHours(1);
      expect((await post(`/complaints/${closed}/${action}`, body)).status).toBe(200);
    }
    const open = await register();
    expect((await get(`/complaints/${closed}`)).body.customer).toMatchObject(customer('A'));
    expect(leaks(await raw())).toEqual([]);
    const pseudonym = hmacCustomerKey(SECRET)(`${MARK}-ref-A`);
    expect((await store().keys.streamsOfCustomer(pseudonym)).sort()).toEqual(
      [`complaint-${closed}`, `complaint-${open}`].sort(),
    );
    const keyIds = new Set(
      (await readWholeStore(store().raw))
        .filter((event) => event.streamId === `complaint-${closed}`)
        .flatMap((event) => valuesAt(event.data, personalDataPaths(event.type)))
        .map(({ value }) => parseEnvelope(value)!.keyId),
    );
    expect(keyIds.size).toBe(1);

    h.clock.advanceHours(RETENTION_DAYS * DAY_HOURS + 1);
    await waitFor(
      async () => (await get(`/complaints/${closed}`)).body.customer?.name === ERASED,
      'the scheduled sweep to erase the closed complaint',
      10_000,
      50,
    );

    expect(leaks(await raw())).toEqual([]);
    const lookup = await store().keys.keysById([...keyIds]);
    expect({ keys: lookup.keys.size, erased: [...lookup.erased] }).toEqual({ keys: 0, erased: [...keyIds] });
    expect(await store().keys.streamsOfCustomer(pseudonym)).toEqual([`complaint-${open}`]);
    expect(await store().keys.erasuresOf(`complaint-${closed}`)).toMatchObject([{ reason: 'retention' }]);
    const timeline = await get(`/complaints/${closed}/events`);
    expect(leaks(text(timeline.body))).toEqual([]);
    expect((await get(`/complaints/${open}`)).body).toMatchObject({
      status: 'registered',
      customer: customer('A'),
    });
  });
});
