import { complaintStream } from '@app/complaints';
import { causesAttributed, ev } from '@app/complaints/test-support/complaint-events';
import { COMPLAINT_ID, SUPERVISOR, T } from '@app/complaints/test-support/fixtures';
import { type ComplaintCauseRow } from './analytics-rows';
import { project } from '../test-support/projection-fixtures';

const STREAM = complaintStream(COMPLAINT_ID);
const DECIDED = '2026-03-04T12:00:00.000Z';

const causesOf = (projection: ReturnType<typeof project>): ComplaintCauseRow[] => {
  const state = projection.states.get(STREAM);
  if (state?.kind !== 'complaint') throw new Error('no complaint state');
  return state.causes;
};

describe('complaint_causes projection', () => {
  // causesAttributed(): registered, classified, acknowledged, finding, causes (C1 at revision 4).
  const attributedRevision = causesAttributed().length - 1;

  it('an appeal filed is recorded on the cause, which stays active', () => {
    const projection = project([...causesAttributed(), ev.appealFiled()]);
    expect(projection.rows.complaint_causes).toEqual([
      expect.objectContaining({
        cause_id: 'C1',
        version: attributedRevision + 1,
        active: 1,
        appeal_filed_at: T.handling,
        appeal_outcome: null,
      }),
    ]);
  });

  it('an upheld appeal strikes the cause out: active 0 from the decision on', () => {
    const projection = project([
      ...causesAttributed(),
      ev.appealFiled(),
      ev.appealDecided({ outcome: 'upheld', decidedBy: SUPERVISOR, decidedAt: DECIDED }),
    ]);
    expect(causesOf(projection)).toEqual([
      expect.objectContaining({
        cause_id: 'C1',
        version: attributedRevision + 2,
        active: 0,
        deactivated_at: DECIDED,
        appeal_filed_at: T.handling,
        appeal_outcome: 'upheld',
        appeal_decided_at: DECIDED,
        staff_job_number: 'S3001',
      }),
    ]);
    expect(projection.rows.complaint_causes).toEqual(causesOf(projection));
  });

  it('a consequence is recorded with the severity at the time and its decider', () => {
    const projection = project([
      ...causesAttributed(),
      ev.consequenceDecided({ level: 'points-deducted', points: 3, decidedAt: DECIDED }),
    ]);
    expect(causesOf(projection)).toEqual([
      expect.objectContaining({
        cause_id: 'C1',
        active: 1,
        consequence_severity: 'minor',
        decided_consequence: 'points-deducted',
        decided_points: 3,
        consequence_decided_by: SUPERVISOR,
        consequence_decided_at: DECIDED,
        consequence: 'points-deducted',
        consequence_points: 3,
      }),
    ]);
  });

  it('an upheld appeal lowers the consequence in force and keeps the one decided', () => {
    const projection = project([
      ...causesAttributed(),
      ev.consequenceDecided({ level: 'warning' }),
      ev.appealFiled(),
      ev.appealDecided({ outcome: 'upheld', decidedBy: 'S2002', consequenceAfter: { level: 'notice' } }),
    ]);
    expect(causesOf(projection)).toEqual([
      expect.objectContaining({
        decided_consequence: 'warning',
        consequence: 'notice',
        consequence_points: null,
        appeal_outcome: 'upheld',
        appeal_decided_by: 'S2002',
      }),
    ]);
  });

  it('a rejected appeal leaves the cause active', () => {
    const projection = project([
      ...causesAttributed(),
      ev.appealFiled(),
      ev.appealDecided({ decidedAt: DECIDED }),
    ]);
    expect(causesOf(projection)).toEqual([
      expect.objectContaining({ active: 1, appeal_outcome: 'rejected', deactivated_at: null }),
    ]);
  });

  it('a new attribution replaces the list: a dropped cause stays, inactive; a new one is added', () => {
    const reattributed = ev.causesAttributed({
      causes: [{ causeId: 'C2', family: 'staff', causeCode: 'attitude', responsibleUnit: 'branch-12' }],
      attributedAt: T.replied,
    });
    const before = project(causesAttributed());
    const projection = project([...causesAttributed(), reattributed]);

    expect(projection.rows.complaint_causes.map((row) => [row.cause_id, row.version, row.active])).toEqual([
      ['C1', attributedRevision + 1, 0],
      ['C2', attributedRevision + 1, 1],
    ]);
    expect(causesOf(projection)).toEqual([
      {
        ...causesOf(before)[0],
        version: attributedRevision + 1,
        global_position: '6',
        active: 0,
        deactivated_at: T.replied,
      },
      expect.objectContaining({ cause_id: 'C2', family: 'staff', staff_job_number: null, active: 1 }),
    ]);
  });

  it('an appeal on a cause that was never attributed is rejected', () => {
    const projection = project([...causesAttributed(), ev.appealFiled({ causeId: 'C9' })]);
    expect(projection.outcomes).toEqual({ applied: causesAttributed().length, duplicate: 0, rejected: 1 });
    expect(projection.rows.rejected_events[0].reason).toBe(
      "CauseAppealFiled: cause 'C9' was never attributed",
    );
  });
});
