import { correctiveActionStream } from '@app/complaints';
import { ACTION_ID, AT, OWNER, actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { SUPERVISOR } from '@app/complaints/test-support/fixtures';
import { project } from '../test-support/projection-fixtures';

const STREAM = correctiveActionStream(ACTION_ID);

const completed = (overdue = false) =>
  ({
    type: 'CorrectiveActionCompleted',
    data: { actionId: ACTION_ID, note: 'Twelve trained', overdue, completedAt: AT.completed },
  }) as const;
const verified = (effective: boolean) =>
  ({
    type: 'CorrectiveActionVerified',
    data: {
      actionId: ACTION_ID,
      effective,
      note: 'Errors down',
      verifiedBy: SUPERVISOR,
      verifiedAt: AT.verified,
    },
  }) as const;

describe('corrective_actions projection', () => {
  it('proposed: who, what causes, where, by when', () => {
    const projection = project([actionEv.proposed()]);
    expect(projection.rows.corrective_actions).toEqual([
      {
        action_id: ACTION_ID,
        version: 0,
        global_position: '1',
        updated_at: AT.proposed,
        business_line: 'postal',
        meeting_date: AT.meeting,
        cause_codes: ['sorting-error'],
        org_units: ['hub-2'],
        owner: OWNER,
        due_at: AT.due,
        status: 'proposed',
        proposed_at: AT.proposed,
        started_at: null,
        completed_at: null,
        completed_overdue: null,
        verified_at: null,
        verified_by: null,
        effective: null,
        meeting_id: null,
        decision_id: null,
      },
    ]);
  });

  it('started, completed late, verified effective: one row with the last version', () => {
    const projection = project([actionEv.proposed(), actionEv.started(), completed(true), verified(true)]);
    expect(projection.rows.corrective_actions).toEqual([
      expect.objectContaining({
        version: 3,
        status: 'verified',
        started_at: AT.started,
        completed_at: AT.completed,
        completed_overdue: 1,
        verified_at: AT.verified,
        verified_by: SUPERVISOR,
        effective: 1,
      }),
    ]);
    expect(projection.states.get(STREAM)).toEqual({
      kind: 'corrective-action',
      action: projection.rows.corrective_actions[0],
    });
  });

  it('verified not effective', () => {
    const projection = project([actionEv.proposed(), actionEv.started(), completed(), verified(false)]);
    expect(projection.rows.corrective_actions[0]).toMatchObject({ effective: 0, completed_overdue: 0 });
  });

  it('a step before the proposal, or a second proposal, is rejected', () => {
    const early = project([actionEv.started()]);
    expect(early.rows.rejected_events.map((row) => row.reason)).toEqual([
      'CorrectiveActionStarted: no CorrectiveActionProposed was projected before it',
    ]);
    const twice = project([actionEv.proposed(), actionEv.proposed()]);
    expect(twice.outcomes).toEqual({ applied: 1, duplicate: 0, rejected: 1 });
  });
});
