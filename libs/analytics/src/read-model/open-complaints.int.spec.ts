import { ev } from '@app/complaints/test-support/complaint-events';
import { listComplaints, worklistCounts } from '../complaint-list/complaint-list.sql';
import { WORKLIST_NAMES } from '../complaint-list/worklists';
import { ANALYTICS_MIGRATIONS } from '../migrations/analytics-migrations';
import { openComplaintsMigration } from '../migrations/0013-open-complaints.migration';
import { migrate } from '../migrations/migrate';
import { projectBatch } from '../projections/project-event';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { EventLog } from '../test-support/event-log';
import { ctx } from '../test-support/projection-fixtures';
import { writeRowsAtCurrentSchema } from '../test-support/older-schema';
import { readStreamStates } from './read-stream-states';
import { writeRows } from './write-rows';

/**
 * `open_complaints`, the worklists' table: the same current state as `complaints` for the complaints
 * still worked, whatever ClickHouse's clean-up merge has removed. Each worklist and badge is compared
 * with the same question asked of `complaints` under FINAL, before and after that merge, and across a
 * close and a reopening.
 */
/** Three complaints of the backfill test: b2 closed, b1 and b3 open. */
const complaintHistories = () => [
  ev.registered({ complaintId: 'b1', acceptanceNumber: 'PO-B-1' }),
  ev.registered({ complaintId: 'b2', acceptanceNumber: 'PO-B-2' }),
  ev.acknowledged({ complaintId: 'b2' }),
  ev.finalReplySent({ complaintId: 'b2' }),
  ev.closed({ complaintId: 'b2' }),
  ev.registered({ complaintId: 'b3', acceptanceNumber: 'PO-B-3' }),
];

describe('open complaints (the worklists read model)', () => {
  let db: ChdbTestDatabase;
  const log = new EventLog();
  const now = new Date('2026-03-02T12:00:00.000Z');
  const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();

  /** As the projector writes a batch: on the streams' states as the tables hold them. */
  const write = async (events: Parameters<EventLog['recordAll']>[0]) => {
    const recorded = log.recordAll(events);
    const states = await readStreamStates(db.store, db.database, [
      ...new Set(recorded.map((e) => e.streamId)),
    ]);
    await writeRows(db.store, db.database, projectBatch(recorded, ctx, states).rows);
  };

  const ids = async (sql: string) =>
    (await db.store.query<{ complaint_id: string }>(sql)).map((row) => row.complaint_id).sort();

  /** Every worklist's ids and every badge, as the query service answers them. */
  const worklists = async () => {
    const lists: Record<string, string[]> = {};
    for (const worklist of WORKLIST_NAMES)
      lists[worklist] = (
        await listComplaints(db.store, db.database, {
          worklist,
          now,
          limit: 200,
          scope: 'all',
          subject: 'S2001',
        })
      ).items
        .map((item) => item.complaintId)
        .sort();
    const { counts } = await worklistCounts(db.store, db.database, { now, scope: 'all', subject: 'S2001' });
    return { lists, counts };
  };

  /** The open complaints as `complaints` has them, under FINAL. */
  const openInComplaints = () =>
    ids(
      `SELECT complaint_id FROM ${db.database}.complaints FINAL
       WHERE status NOT IN ('closed', 'withdrawn', 'merged')`,
    );
  const openInTable = () => ids(`SELECT complaint_id FROM ${db.database}.open_complaints FINAL`);
  const physicalRows = () => ids(`SELECT DISTINCT complaint_id FROM ${db.database}.open_complaints`);
  const cleanUp = () => db.store.command(`OPTIMIZE TABLE ${db.database}.open_complaints FINAL CLEANUP`);

  beforeAll(async () => {
    db = await openChdbTestDatabase('open_complaints');
    await migrate(db.store, db.database);
    const registered = (n: number, hoursAgo: number) =>
      ev.registered({ complaintId: `o${n}`, acceptanceNumber: `PO-OPEN-${n}`, receivedAt: at(-hoursAgo) });
    await write([
      registered(1, 72),
      ev.acknowledged({ complaintId: 'o1', acknowledgedAt: at(-70), replyDeadline: at(-2) }),
      registered(2, 48),
      ev.acknowledged({ complaintId: 'o2', acknowledgedAt: at(-47), replyDeadline: at(3) }),
      registered(3, 900),
      ev.acknowledged({ complaintId: 'o3', acknowledgedAt: at(-899), replyDeadline: at(-800) }),
      ev.finalReplySent({ complaintId: 'o3', repliedAt: at(-850) }),
      ev.closed({ complaintId: 'o3', closedAt: at(-840) }),
      registered(4, 30),
    ]);
  });

  afterAll(() => db?.cleanup());

  it('holds the open complaints, a closed one dropped by FINAL', async () => {
    expect(await openInTable()).toEqual(['o1', 'o2', 'o4']);
    expect(await openInTable()).toEqual(await openInComplaints());
  });

  it('answers every worklist and badge the same after the clean-up merge, which removes the closed', async () => {
    const before = await worklists();
    expect(before.lists.overdue).toEqual(['o1']);
    expect(before.lists.dueSoon).toEqual(['o2']);
    await cleanUp();
    expect(await physicalRows()).toEqual(['o1', 'o2', 'o4']);
    expect(await worklists()).toEqual(before);
  });

  it('follows a close and a reopening after the clean-up', async () => {
    await write([
      ev.finalReplySent({ complaintId: 'o1', repliedAt: at(-1) }),
      ev.closed({ complaintId: 'o1', closedAt: at(-0.5) }),
      ev.reopened({ complaintId: 'o3', reopenedAt: at(-0.25) }),
    ]);
    expect(await openInTable()).toEqual(['o2', 'o3', 'o4']);
    expect(await openInTable()).toEqual(await openInComplaints());
    const after = await worklists();
    expect(after.lists.overdue).toEqual([]);
    await cleanUp();
    expect(await physicalRows()).toEqual(['o2', 'o3', 'o4']);
    expect(await worklists()).toEqual(after);
  });

  it('is filled, on migration, with the open complaints a database already holds', async () => {
    const database = `${db.database}_backfill`;
    await migrate(
      db.store,
      database,
      ANALYTICS_MIGRATIONS.slice(0, ANALYTICS_MIGRATIONS.indexOf(openComplaintsMigration)),
    );
    const { rows } = projectBatch(new EventLog().recordAll(complaintHistories()), ctx);
    await writeRowsAtCurrentSchema(db.store, database, rows);
    await migrate(db.store, database);
    const open = async (table: string) =>
      ids(
        `SELECT complaint_id FROM ${database}.${table} FINAL WHERE status NOT IN ('closed', 'withdrawn', 'merged')`,
      );
    expect(await ids(`SELECT complaint_id FROM ${database}.open_complaints FINAL`)).toEqual(
      await open('complaints'),
    );
    expect(await open('complaints')).toEqual(['b1', 'b3']);
  });
});
