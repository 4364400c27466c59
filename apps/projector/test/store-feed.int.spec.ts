import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type ComplaintEvent, type DomainEvent, complaintStream, streamOfEvent } from '@app/complaints';
import { ev, merged, target } from '@app/complaints/test-support/complaint-events';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { COMPLAINT_ID, T, TARGET_ID } from '@app/complaints/test-support/fixtures';
import { hmacCustomerKey, projectBatch } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { fullLifecycle } from '@app/analytics/test-support/projection-fixtures';
import { PgliteEventStore, type RecordedEvent } from '@app/event-store';
import { createProjectorApp } from '../src/bootstrap';
import { loadProjectorConfig } from '../src/projector.module';
import {
  figures,
  readWholeStore,
  recomputeFigures,
  snapshotTables,
  toAppend,
  waitFor,
} from './projector.harness';
import { ADMIN, ANALYST, TEST_AUTH_ENV } from '@app/platform/auth/test-support';

const SECRET = 'store-feed-test-customer-key-secret';
const ABNORMAL_ID = 'c-1002';
const DUPLICATE_ID = 'c-1003';

const withId = (complaintId: string, events: ComplaintEvent[]): ComplaintEvent[] =>
  events.map((event) => ({ ...event, data: { ...event.data, complaintId } }) as ComplaintEvent);

/** The last `…At` field of the event's data: when it happened. */
const occurredAt = (event: { data: object }): string =>
  Object.entries(event.data)
    .filter(([key, value]) => key.endsWith('At') && typeof value === 'string')
    .map(([, value]) => value as string)
    .at(-1) ?? T.received;

const streamOf = (event: DomainEvent): string => streamOfEvent(event);

/**
 * Four complaints through their lifecycle, interleaved: one closed and reopened, a duplicate merged into
 * a survivor, one flagged abnormal and answered on the spot, then a corrective action; and an event of a
 * type no code knows, appended to a complaint's stream as any writer could.
 */
function scenario(): { streamId: string; event: { type: string; data: object } }[] {
  const lifecycle = fullLifecycle();
  const abnormal = withId(ABNORMAL_ID, [
    ev.registered({ acceptanceNumber: 'PO-20260302-0002', channel: 'web' }),
    ev.classified({ category: 'item-lost', severity: 'serious' }),
    {
      type: 'ComplaintFlaggedAbnormal',
      data: { complaintId: ABNORMAL_ID, reason: 'Threatens staff', flaggedAt: T.classified },
    },
    ev.acknowledged({ mode: 'immediate', replyDeadline: T.acknowledged, contactMethod: 'in-person' }),
    ev.finalReplySent({ deadlineInForce: T.acknowledged, repliedAt: T.acknowledged }),
  ]);
  const domain: DomainEvent[] = [
    ...target(),
    ...lifecycle.slice(0, 4),
    ...abnormal.slice(0, 3),
    ...withId(DUPLICATE_ID, merged()),
    {
      type: 'DuplicateComplaintMerged',
      data: {
        complaintId: TARGET_ID,
        duplicateComplaintId: DUPLICATE_ID,
        duplicateChannel: 'counter',
        mergedAt: T.handling,
      },
    },
    ...lifecycle.slice(4),
    ...abnormal.slice(3),
    actionEv.proposed({ actionId: 'A-1' }),
    { ...actionEv.started(), data: { actionId: 'A-1', startedAt: '2026-03-10T01:00:00.000Z' } },
  ];
  const steps: { streamId: string; event: { type: string; data: object } }[] = domain.map((event) => ({
    streamId: streamOf(event),
    event,
  }));
  // Mid-stream, after the registration: later events of the stream still apply.
  steps.splice(steps.length - 4, 0, {
    streamId: complaintStream(ABNORMAL_ID),
    event: { type: 'ComplaintTeleported', data: { complaintId: ABNORMAL_ID, to: 'moon' } },
  });
  return steps;
}

/** The projector module in-process on the store feed, with the host's PGlite and chDB stores handed in. */
describe('projector: store feed → projections → chDB', () => {
  let db: ChdbTestDatabase;
  let store: PgliteEventStore;
  const apps: INestApplication[] = [];

  const start = async (overrides: Record<string, string> = {}) => {
    const config = loadProjectorConfig({
      PROJECTOR_FEED: 'store',
      ANALYTICS_DATABASE: db.database,
      CUSTOMER_KEY_SECRET: SECRET,
      PROJECTOR_BATCH_SIZE: '4',
      PROJECTOR_POLL_INTERVAL_MS: '5',
      ...TEST_AUTH_ENV,
      ...overrides,
    });
    const app = await createProjectorApp(
      { config, eventStore: store, analyticsStore: db.store },
      { logger: false },
    );
    apps.push(app);
    await app.init();
    return app;
  };
  const metrics = async (app: INestApplication) =>
    (await request(app.getHttpServer()).get('/metrics').set(ADMIN).expect(200)).body;
  const caughtUp = async (app: INestApplication, events: number) =>
    waitFor(async () => {
      const body = await metrics(app);
      return body.lag === 0 && body.eventsTotal >= events;
    }, `the projector to project ${events} events`);

  let events: RecordedEvent[];

  beforeAll(async () => {
    db = await openChdbTestDatabase('projector_store_feed');
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
    const revisions = new Map<string, number>();
    for (const { streamId, event } of scenario()) {
      const result = await store.append(
        streamId,
        [toAppend(event, occurredAt(event))],
        revisions.get(streamId) ?? 'no-stream',
      );
      revisions.set(streamId, result.nextExpectedRevision);
    }
    events = await readWholeStore(store);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await store?.close();
    await db?.cleanup();
  });

  it('projects the scenario: each complaint’s state, its events, causes, follow-up and action; the unknown event rejected', async () => {
    const app = await start();
    await caughtUp(app, events.length);

    const complaints = await db.store.query<Record<string, unknown>>(
      `SELECT complaint_id, status, abnormal, merged_into, duplicate_count, reopen_count, category, deadline_met, version
       FROM ${db.database}.complaints FINAL ORDER BY complaint_id`,
    );
    expect(complaints).toEqual([
      {
        complaint_id: TARGET_ID,
        status: 'registered',
        abnormal: 0,
        merged_into: null,
        duplicate_count: 1,
        reopen_count: 0,
        category: null,
        deadline_met: null,
        version: 1,
      },
      {
        complaint_id: COMPLAINT_ID,
        status: 'registered',
        abnormal: 0,
        merged_into: null,
        duplicate_count: 0,
        reopen_count: 1,
        category: 'item-damaged',
        deadline_met: null,
        version: 12,
      },
      {
        complaint_id: ABNORMAL_ID,
        status: 'replied',
        abnormal: 1,
        merged_into: null,
        duplicate_count: 0,
        reopen_count: 0,
        category: 'item-lost',
        deadline_met: 1,
        version: 5,
      },
      {
        complaint_id: DUPLICATE_ID,
        status: 'merged',
        abnormal: 0,
        merged_into: TARGET_ID,
        duplicate_count: 0,
        reopen_count: 0,
        category: 'item-damaged',
        deadline_met: null,
        version: 2,
      },
    ]);
    const [action] = await db.store.query(
      `SELECT action_id, status, version FROM ${db.database}.corrective_actions FINAL`,
    );
    expect(action).toEqual({ action_id: 'A-1', status: 'started', version: 1 });
    const rejected = await db.store.query(
      `SELECT stream_id, stream_revision, type, reason FROM ${db.database}.rejected_events FINAL`,
    );
    expect(rejected).toEqual([
      {
        stream_id: complaintStream(ABNORMAL_ID),
        stream_revision: 3,
        type: 'ComplaintTeleported',
        reason: "Unknown event type 'ComplaintTeleported'",
      },
    ]);

    // The tables hold exactly what the pure projection of the whole log gives.
    const expected = projectBatch(events, { customerKey: hmacCustomerKey(SECRET) });
    const snapshot = await snapshotTables(db.store, db.database);
    expect(snapshot.complaint_events).toHaveLength(expected.rows.complaint_events.length);
    expect(snapshot.complaints).toEqual(
      [...expected.rows.complaints].sort((a, b) => a.complaint_id.localeCompare(b.complaint_id)),
    );
    expect(snapshot.complaint_causes).toEqual(expected.rows.complaint_causes);
    expect(snapshot.follow_ups).toEqual(expected.rows.follow_ups);
    expect(await figures(db.store, db.database)).toEqual(recomputeFigures(events));

    expect(await metrics(app)).toMatchObject({
      state: 'running',
      feed: { kind: 'store', state: 'running', position: events.at(-1)!.globalPosition.toString() },
      lag: 0,
      eventsTotal: events.length,
      appliedTotal: events.length - 1,
      duplicateTotal: 0,
      rejectedTotal: 1,
    });
    const health = await request(app.getHttpServer()).get('/health').expect(200);
    expect(health.body.info).toEqual({ analyticsStore: { status: 'up' }, projectionFeed: { status: 'up' } });
    // /health is public; /metrics needs ops:metrics.
    const anonymous = await request(app.getHttpServer()).get('/metrics');
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
    });
    expect((await request(app.getHttpServer()).get('/metrics').set(ANALYST)).status).toBe(403);
  });

  it('follows live appends after catching up', async () => {
    const [app] = apps;
    await store.append(
      complaintStream(ABNORMAL_ID),
      [toAppend(ev.closed({ complaintId: ABNORMAL_ID, closedAt: T.closed }), T.closed)],
      'stream-exists',
    );
    events = await readWholeStore(store);
    await caughtUp(app, events.length);
    const [row] = await db.store.query(
      `SELECT status, close_outcome FROM ${db.database}.complaints FINAL WHERE complaint_id = {id:String}`,
      { id: ABNORMAL_ID },
    );
    expect(row).toEqual({ status: 'closed', close_outcome: 'resolved' });
    expect(await figures(db.store, db.database)).toEqual(recomputeFigures(events));
  });

  it('projecting the same events again changes nothing (a second projector from position 0)', async () => {
    const before = await snapshotTables(db.store, db.database);
    await apps.shift()!.close();
    const replay = await start({ PROJECTOR_CHECKPOINT: 'replay', PROJECTOR_BATCH_SIZE: '7' });
    await caughtUp(replay, events.length);

    expect(await snapshotTables(db.store, db.database)).toEqual(before);
    // The rejected event too: its stream has moved past its revision since.
    expect(await metrics(replay)).toMatchObject({
      eventsTotal: events.length,
      appliedTotal: 0,
      duplicateTotal: events.length,
      rejectedTotal: 0,
    });
  });
});
