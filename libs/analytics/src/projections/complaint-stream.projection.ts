import { type AnalyticsRows } from './analytics-rows';
import { complaintEventRow } from './complaint-event-row.projection';
import { evolveCauses, isCauseFacts } from './complaint-causes.projection';
import { evolveComplaintRow, registeredComplaintRow } from './complaint-row.projection';
import { type ComplaintFacts } from './event-facts';
import { followUpRow } from './follow-up-row.projection';
import { type EventIdentity, type ProjectionContext } from './projection-context';
import { type ComplaintStreamState } from './stream-state';

export type StreamChange<S> =
  { ok: true; state: S; rows: Partial<AnalyticsRows> } | { ok: false; reason: string };

/** One event of a complaint stream: the evolved state and the rows it adds to each table. */
export const projectComplaintEvent = (
  state: ComplaintStreamState | undefined,
  facts: ComplaintFacts,
  event: EventIdentity,
  ctx: ProjectionContext,
): StreamChange<ComplaintStreamState> => {
  if (facts.type === 'ComplaintRegistered') {
    if (state)
      return {
        ok: false,
        reason: `ComplaintRegistered: complaint '${state.complaint.complaint_id}' is already registered`,
      };
    const complaint = registeredComplaintRow(facts, event, ctx);
    return {
      ok: true,
      state: { kind: 'complaint', complaint, causes: [] },
      rows: { complaints: [complaint], complaint_events: [complaintEventRow(complaint, facts, event)] },
    };
  }
  if (!state) return { ok: false, reason: `${facts.type}: no ComplaintRegistered was projected before it` };

  const complaint = evolveComplaintRow(state.complaint, facts, event);
  let causes = state.causes;
  const rows: Partial<AnalyticsRows> = {
    complaints: [complaint],
    complaint_events: [complaintEventRow(complaint, facts, event)],
  };
  if (isCauseFacts(facts)) {
    const change = evolveCauses(state.causes, complaint, facts, event);
    if (!change.ok) return change;
    causes = change.causes;
    rows.complaint_causes = change.changed;
  }
  if (facts.type === 'FollowUpRecorded') rows.follow_ups = [followUpRow(complaint, facts, event)];
  return { ok: true, state: { kind: 'complaint', complaint, causes }, rows };
};
