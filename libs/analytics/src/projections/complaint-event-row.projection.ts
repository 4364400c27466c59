import { type ComplaintEventRow, type ComplaintRow, type Flag } from './analytics-rows';
import { type ComplaintFacts } from './event-facts';
import { type EventIdentity } from './projection-context';

type EventFacts = Pick<ComplaintEventRow, 'escalation_level' | 'deadline_at' | 'on_time' | 'amount'>;

const NO_FACTS: EventFacts = { escalation_level: null, deadline_at: null, on_time: null, amount: null };
const flag = (value: boolean): Flag => (value ? 1 : 0);

const factsOf = (facts: ComplaintFacts): EventFacts => {
  switch (facts.type) {
    case 'ComplaintAcknowledged':
      return { ...NO_FACTS, deadline_at: facts.data.replyDeadline };
    case 'InterimReplySent':
      return { ...NO_FACTS, deadline_at: facts.data.nextDeadline };
    case 'ComplaintDispatched':
      return { ...NO_FACTS, deadline_at: facts.data.dueAt };
    case 'DispatchReturned':
      return { ...NO_FACTS, on_time: flag(!facts.data.overdue) };
    case 'ComplaintEscalated':
      return { ...NO_FACTS, escalation_level: facts.data.toLevel };
    case 'ResolutionProposed':
      return { ...NO_FACTS, amount: facts.data.totalAmount };
    case 'FinalReplySent':
      return { ...NO_FACTS, deadline_at: facts.data.deadlineInForce, on_time: flag(facts.data.onTime) };
    default:
      return NO_FACTS;
  }
};

/** The `complaint_events` row: the event's identity, and the complaint's facts as of that event. */
export const complaintEventRow = (
  complaint: ComplaintRow,
  facts: ComplaintFacts,
  event: EventIdentity,
): ComplaintEventRow => ({
  event_id: event.eventId,
  global_position: event.globalPosition,
  stream_id: event.streamId,
  stream_revision: event.streamRevision,
  complaint_id: complaint.complaint_id,
  type: event.type,
  schema_version: event.schemaVersion,
  occurred_at: event.occurredAt,
  recorded_at: event.recordedAt,
  actor_id: event.actorId,
  business_line: complaint.business_line,
  channel: complaint.channel,
  org_unit: complaint.org_unit,
  category: complaint.category,
  severity: complaint.severity,
  ...factsOf(facts),
});
