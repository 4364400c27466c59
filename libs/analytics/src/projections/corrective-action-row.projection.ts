import { type CorrectiveActionRow } from './analytics-rows';
import { type CorrectiveActionFacts } from './event-facts';
import { type EventIdentity } from './projection-context';

export type CorrectiveActionChange = { ok: true; row: CorrectiveActionRow } | { ok: false; reason: string };

/** The `corrective_actions` row after one more event; its description and notes stay out. */
export const evolveCorrectiveActionRow = (
  row: CorrectiveActionRow | undefined,
  facts: CorrectiveActionFacts,
  event: EventIdentity,
): CorrectiveActionChange => {
  const stamp = {
    version: event.streamRevision,
    global_position: event.globalPosition,
    updated_at: event.occurredAt,
  };
  if (facts.type === 'CorrectiveActionProposed') {
    if (row)
      return {
        ok: false,
        reason: `CorrectiveActionProposed: action '${row.action_id}' was already proposed`,
      };
    const d = facts.data;
    return {
      ok: true,
      row: {
        action_id: d.actionId,
        ...stamp,
        business_line: d.businessLine,
        meeting_date: d.meetingDate,
        cause_codes: d.causeCodes,
        org_units: d.orgUnits,
        owner: d.owner,
        due_at: d.dueAt,
        status: 'proposed',
        proposed_at: d.proposedAt,
        started_at: null,
        completed_at: null,
        completed_overdue: null,
        verified_at: null,
        verified_by: null,
        effective: null,
        meeting_id: d.meetingId ?? null,
        decision_id: d.decisionId ?? null,
      },
    };
  }
  if (!row)
    return { ok: false, reason: `${facts.type}: no CorrectiveActionProposed was projected before it` };
  switch (facts.type) {
    case 'CorrectiveActionStarted':
      return { ok: true, row: { ...row, ...stamp, status: 'started', started_at: facts.data.startedAt } };
    case 'CorrectiveActionCompleted':
      return {
        ok: true,
        row: {
          ...row,
          ...stamp,
          status: 'completed',
          completed_at: facts.data.completedAt,
          completed_overdue: facts.data.overdue ? 1 : 0,
        },
      };
    case 'CorrectiveActionVerified':
      return {
        ok: true,
        row: {
          ...row,
          ...stamp,
          status: 'verified',
          verified_at: facts.data.verifiedAt,
          verified_by: facts.data.verifiedBy,
          effective: facts.data.effective ? 1 : 0,
        },
      };
  }
};
