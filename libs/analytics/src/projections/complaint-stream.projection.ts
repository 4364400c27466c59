import { type AnalyticsRows, type ComplaintCauseRow, type ComplaintRow } from './analytics-rows';
import { complaintEventRow } from './complaint-event-row.projection';
import { evolveCauses, isCauseFacts } from './complaint-causes.projection';
import { evolveComplaintRow, registeredComplaintRow } from './complaint-row.projection';
import { type ComplaintFacts } from './event-facts';
import { followUpRow } from './follow-up-row.projection';
import { changeMembers } from './kpi-member-rows';
import { type EventIdentity, type ProjectionContext } from './projection-context';
import { type ComplaintStreamState } from './stream-state';

/** What the complaint row says of its causes: the active codes, and whether an appeal awaits a decision. */
const withCauses = (complaint: ComplaintRow, causes: readonly ComplaintCauseRow[]): ComplaintRow => {
  const active = causes.filter((cause) => cause.active === 1);
  return {
    ...complaint,
    cause_codes: [...new Set(active.map((cause) => cause.cause_code))].sort(),
    appeal_pending: active.some((cause) => cause.appeal_filed_at !== null && cause.appeal_decided_at === null)
      ? 1
      : 0,
  };
};

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
    const { members, written } = changeMembers([], complaint, undefined, facts, event);
    return {
      ok: true,
      state: { kind: 'complaint', complaint, causes: [], members },
      rows: {
        complaints: [complaint],
        complaint_events: [complaintEventRow(complaint, facts, event)],
        kpi_members: written,
      },
    };
  }
  if (!state) return { ok: false, reason: `${facts.type}: no ComplaintRegistered was projected before it` };

  const evolved = evolveComplaintRow(state.complaint, facts, event);
  let causes = state.causes;
  let changedCauses: ComplaintCauseRow[] | undefined;
  if (isCauseFacts(facts)) {
    const change = evolveCauses(state.causes, evolved, facts, event);
    if (!change.ok) return change;
    causes = change.causes;
    changedCauses = change.changed;
  }
  // Read from the causes on every event, so a row projected before the columns existed catches up.
  const complaint = withCauses(evolved, causes);
  const rows: Partial<AnalyticsRows> = {
    complaints: [complaint],
    complaint_events: [complaintEventRow(complaint, facts, event)],
  };
  if (changedCauses) rows.complaint_causes = changedCauses;
  if (facts.type === 'FollowUpRecorded') rows.follow_ups = [followUpRow(complaint, facts, event)];
  const { members, written } = changeMembers(
    state.members,
    complaint,
    isCauseFacts(facts) ? causes : undefined,
    facts,
    event,
  );
  rows.kpi_members = written;
  return { ok: true, state: { kind: 'complaint', complaint, causes, members }, rows };
};
