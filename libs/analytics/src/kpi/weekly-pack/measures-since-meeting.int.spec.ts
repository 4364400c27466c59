import { type DomainEvent } from '@app/complaints';
import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { EventLog } from '../../test-support/event-log';
import { ctx } from '../../test-support/projection-fixtures';
import { scenarioActions, scenarioEvents } from './test-support/weekly-pack.scenario';
import { weeklyPack } from './weekly-pack.sql';

const held = (
  meetingId: string,
  heldAt: string,
  week: string,
  orgUnits: string[],
  line = 'postal',
): DomainEvent => ({
  type: 'QualityMeetingHeld',
  data: {
    meetingId,
    businessLine: line,
    week,
    orgUnits,
    heldAt,
    attendees: ['S2001'],
    reviewedArchiveId: null,
    chairedBy: 'S2001',
    recordedAt: heldAt,
  },
});

/**
 * The pack opens with the measures since the last meeting. The weekly-pack scenario's actions (postal):
 * A2 skills at branch-12, due Feb 27, completed Feb 20, verified Mar 4; A1 transport-delay at hub-2, due
 * Mar 4, completed late Mar 5; A3 attitude at branch-12, due Mar 6, never completed. Meetings: M1 on
 * Feb 23 (W09's Monday) for branch-12 and hub-2; M2 on Mar 2 (W10's Monday) for branch-12 only; a
 * telecom meeting on Mar 3, which a postal pack ignores.
 */
describe('the measures since the last meeting, at the head of the pack (chDB)', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('since_meeting');
    await migrate(db.store, db.database);
    const events = new EventLog().recordAll([
      ...scenarioEvents(),
      ...scenarioActions(),
      held('M1', '2026-02-23T01:00:00.000Z', '2026-W08', ['branch-12', 'hub-2']),
      held('M2', '2026-03-02T01:00:00.000Z', '2026-W09', ['branch-12']),
      held('MT', '2026-03-03T01:00:00.000Z', '2026-W09', ['tel-hall-1'], 'telecom'),
    ]);
    const projected = projectBatch(events, ctx);
    expect(projected.outcomes.rejected).toBe(0);
    await writeRows(db.store, db.database, projected.rows);
  });
  afterAll(() => db?.cleanup());

  const pack = (request: Partial<Parameters<typeof weeklyPack>[2]> = {}) =>
    weeklyPack(db.store, db.database, { week: '2026-W10', businessLine: 'postal', ...request });
  const ids = (lines: { actionId: string }[]) => lines.map((line) => line.actionId);

  it('W10: since M2 (Mar 2), A1 and A3 were due, A3 is overdue, A2 was verified, with its effect', async () => {
    const { sinceLastMeeting } = await pack();
    expect(sinceLastMeeting).toMatchObject({
      lastMeeting: { meetingId: 'M2', week: '2026-W09', heldAt: '2026-03-02T01:00:00.000Z' },
      from: '2026-03-02T01:00:00.000Z',
      to: '2026-03-08T16:00:00.000Z',
    });
    expect(ids(sinceLastMeeting!.due)).toEqual(['A1', 'A3']);
    expect(sinceLastMeeting!.due[1]).toEqual({
      actionId: 'A3',
      causeCodes: ['attitude'],
      orgUnits: ['branch-12'],
      owner: 'S2001',
      dueAt: '2026-03-06T00:00:00.000Z',
      status: 'started',
      completedAt: null,
      meetingId: null,
      decisionId: null,
    });
    expect(ids(sinceLastMeeting!.overdue)).toEqual(['A3']);
    // The same before/after as the pack's corrective actions: 2 causes in the 4 weeks before, 1 after.
    expect(sinceLastMeeting!.verified).toEqual([
      expect.objectContaining({
        actionId: 'A2',
        before: { count: 2, weeklyMean: 0.5 },
        after: { count: 1, weeklyMean: 0.25 },
        change: { difference: -0.25, relative: -0.5 },
      }),
    ]);
  });

  it("hub-2's pack goes back to M1, the last meeting covering hub-2", async () => {
    const { sinceLastMeeting } = await pack({ orgUnit: 'hub-2' });
    expect(sinceLastMeeting?.lastMeeting?.meetingId).toBe('M1');
    expect(ids(sinceLastMeeting!.due)).toEqual(['A1']);
    expect(sinceLastMeeting!.overdue).toEqual([]);
    expect(sinceLastMeeting!.verified).toEqual([]);
  });

  it('W09 opens with what happened since M1; W08, before any meeting, from the beginning', async () => {
    const w09 = (await pack({ week: '2026-W09' })).sinceLastMeeting!;
    expect(w09.lastMeeting?.meetingId).toBe('M1');
    expect(ids(w09.due)).toEqual(['A2']);
    expect(w09.overdue).toEqual([]);
    expect(w09.verified).toEqual([]);
    const w08 = (await pack({ week: '2026-W08' })).sinceLastMeeting!;
    expect(w08).toMatchObject({ lastMeeting: null, from: null, due: [], overdue: [], verified: [] });
  });

  it('a scoped reader sees only meetings and measures of its units; no line, no section', async () => {
    const scoped = (await pack({ scope: ['hub-2'] })).sinceLastMeeting!;
    expect(scoped.lastMeeting?.meetingId).toBe('M1');
    expect(ids(scoped.due)).toEqual(['A1']);
    expect((await pack({ businessLine: undefined })).sinceLastMeeting).toBeNull();
  });
});
