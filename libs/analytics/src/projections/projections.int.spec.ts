import { complaintStream } from '@app/complaints';
import { acknowledgedImmediately, ev, merged, target } from '@app/complaints/test-support/complaint-events';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { COMPLAINT_ID, T, TARGET_ID } from '@app/complaints/test-support/fixtures';
import { migrate } from '../migrations/migrate';
import { readStreamStates } from '../read-model/read-stream-states';
import { writeRows } from '../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { EventLog } from '../test-support/event-log';
import { ctx, fullLifecycle } from '../test-support/projection-fixtures';
import { PROJECTED_TABLES_IN_WRITE_ORDER, type ProjectedTable, type RevokedTokenRow } from './analytics-rows';
import { projectBatch } from './project-event';

/** A small hand-built feed: two complaint streams interleaved, a merged duplicate, an action, a poison event. */
const feed = () => {
  const log = new EventLog();
  return [
    ...log.recordAll(target()),
    ...log.recordAll(fullLifecycle().slice(0, 6)),
    log.record({ type: 'ComplaintTeleported', data: { complaintId: TARGET_ID } } as never),
    ...log.recordAll(fullLifecycle().slice(6)),
    ...log.recordAll(
      acknowledgedImmediately().map(
        (event) => ({ ...event, data: { ...event.data, complaintId: 'c-1002' } }) as typeof event,
      ),
    ),
    ...log.recordAll(
      merged().map((event) => ({ ...event, data: { ...event.data, complaintId: 'c-1003' } }) as typeof event),
    ),
    log.record({
      type: 'DuplicateComplaintMerged',
      data: {
        complaintId: TARGET_ID,
        duplicateComplaintId: 'c-1003',
        duplicateChannel: 'counter',
        mergedAt: T.handling,
      },
    }),
    ...log.recordAll([actionEv.proposed({ meetingId: 'm-1', decisionId: 'd-1' }), actionEv.started()]),
    ...log.recordAll([
      {
        type: 'WeeklyPackArchived',
        data: {
          archiveId: 'postal.2026-W10.*',
          businessLine: 'postal',
          week: '2026-W10',
          orgUnit: null,
          timeZone: 'Asia/Shanghai',
          definitionsVersion: 'sha256:0123456789abcdef',
          figures: { volume: { count: 3 } },
          generatedAt: '2026-03-09T00:00:00.000Z',
        },
      },
      {
        type: 'QualityMeetingHeld',
        data: {
          meetingId: 'm-1',
          businessLine: 'postal',
          week: '2026-W10',
          orgUnits: ['hub-2'],
          heldAt: '2026-03-09T02:00:00.000Z',
          attendees: ['S2001'],
          reviewedArchiveId: 'postal.2026-W10.*',
          chairedBy: 'S2001',
          recordedAt: '2026-03-09T02:00:00.000Z',
        },
      },
      {
        type: 'MeetingFindingRecorded',
        data: {
          meetingId: 'm-1',
          findingId: 'f-1',
          causeCodes: ['sorting-error'],
          summary: 'Sorting errors doubled',
          recordedAt: '2026-03-09T02:10:00.000Z',
        },
      },
      {
        type: 'MeetingDecisionRecorded',
        data: {
          meetingId: 'm-1',
          decisionId: 'd-1',
          findingId: 'f-1',
          actionId: 'ca-1',
          summary: 'Re-train',
          recordedAt: '2026-03-09T02:20:00.000Z',
        },
      },
    ]),
    log.record(ev.appealFiled()),
    log.record(ev.appealDecided({ outcome: 'upheld', decidedAt: '2026-03-11T09:00:00.000Z' })),
  ];
};

const STREAM = complaintStream(COMPLAINT_ID);

describe('projections into chDB through the port', () => {
  let db: ChdbTestDatabase;
  let database: string;
  const events = feed();
  // The domain's events and, as the projector adds them beside, one token revocation.
  const revocation: RevokedTokenRow = {
    token_id: '6b0d1d4e-1111-4222-8333-444455556666',
    expires_at: '2026-03-02T13:00:00.000Z',
    revoked_at: '2026-03-02T12:00:00.000Z',
    global_position: '9000',
  };
  const projected = { ...projectBatch(events, ctx) };
  projected.rows = { ...projected.rows, revoked_tokens: [revocation] };

  const count = async (table: ProjectedTable) => {
    const [row] = await db.store.query<{ n: string }>(`SELECT count() AS n FROM ${database}.${table} FINAL`);
    return Number(row.n);
  };
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        PROJECTED_TABLES_IN_WRITE_ORDER.map(async (table) => [table, await count(table)] as const),
      ),
    );

  beforeAll(async () => {
    db = await openChdbTestDatabase('projections');
    database = db.database;
    await migrate(db.store, database);
    await writeRows(db.store, database, projected.rows);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  it('every projected row fits its table: the row keys are exactly the columns (bar DEFAULTs)', async () => {
    for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
      const columns = await db.store.query<{ name: string; default_kind: string }>(
        'SELECT name, default_kind FROM system.columns WHERE database = {db:String} AND table = {table:String}',
        { db: database, table },
      );
      const [row] = projected.rows[table];
      expect(row).toBeDefined();
      // Every column without a DEFAULT is written; a column with one (`rejected_at`, or one a later
      // migration added with a DEFAULT for the rows already there) may be, and no key is not a column.
      const keys = Object.keys(row);
      const required = columns.filter((column) => column.default_kind === '').map((column) => column.name);
      expect(required.filter((name) => !keys.includes(name))).toEqual([]);
      expect(keys.filter((key) => !columns.some((column) => column.name === key))).toEqual([]);
    }
  });

  it('the tables hold one row per event, complaint, cause, follow-up, action and rejection', async () => {
    expect(projected.outcomes).toEqual({ applied: events.length - 1, duplicate: 0, rejected: 1 });
    expect(await counts()).toEqual({
      rejected_events: 1,
      complaint_events: events.length - 1 - 2 - 4,
      follow_ups: 1,
      complaint_causes: 1,
      corrective_actions: 1,
      complaints: 4,
      revoked_tokens: 1,
      weekly_pack_archives: 1,
      quality_meetings: 1,
      quality_meeting_items: 2,
      // Under FINAL, exactly the members the complaints' states hold: tombstones and old versions gone.
      kpi_members: [...projected.states.values()].reduce(
        (sum, state) => sum + (state.kind === 'complaint' ? state.members.length : 0),
        0,
      ),
    });
  });

  it('reads back under FINAL exactly the state the projection folded, so a projector can resume from it', async () => {
    const streamIds = [...projected.states.keys()];
    const states = await readStreamStates(db.store, database, streamIds);
    expect(new Map([...states].sort())).toEqual(new Map([...projected.states].sort()));
  });

  it('answers analytic questions with bound parameters', async () => {
    const rows = await db.store.query<{ status: string; n: string }>(
      `SELECT status, count() AS n FROM ${database}.complaints FINAL
       WHERE business_line = {line:String} AND registered_at >= {from:DateTime64(3, 'UTC')}
       GROUP BY status ORDER BY status`,
      { line: 'postal', from: new Date(T.received) },
    );
    expect(rows).toEqual([
      { status: 'merged', n: '1' },
      { status: 'registered', n: '2' },
      { status: 'replied', n: '1' },
    ]);
    const [cause] = await db.store.query(
      `SELECT cause_id, active, appeal_outcome FROM ${database}.complaint_causes FINAL WHERE complaint_id = {id:String}`,
      { id: COMPLAINT_ID },
    );
    expect(cause).toEqual({ cause_id: 'C1', active: 0, appeal_outcome: 'upheld' });
    const [rejected] = await db.store.query<{ type: string; reason: string }>(
      `SELECT type, reason FROM ${database}.rejected_events FINAL`,
    );
    expect(rejected).toEqual({
      type: 'ComplaintTeleported',
      reason: "Unknown event type 'ComplaintTeleported'",
    });
  });

  it('inserting the same batch again, or replaying the feed over the stored state, changes no count', async () => {
    const before = await counts();
    await writeRows(db.store, database, projected.rows);
    expect(await counts()).toEqual(before);

    const stored = await readStreamStates(db.store, database, [...projected.states.keys()]);
    const replay = projectBatch(events, ctx, stored);
    // The poison event too: its stream has moved past its revision since it was rejected.
    expect(replay.outcomes).toEqual({ applied: 0, duplicate: events.length, rejected: 0 });
    await writeRows(db.store, database, replay.rows);
    expect(await counts()).toEqual(before);
    const versions = await db.store.query(
      `SELECT version FROM ${database}.complaints FINAL WHERE complaint_id = {id:String}`,
      { id: COMPLAINT_ID },
    );
    expect(versions).toEqual([{ version: events.filter((event) => event.streamId === STREAM).length - 1 }]);
  });
});
