import { type ComplaintRow, type FollowUpRow } from './analytics-rows';
import { type ComplaintFacts } from './event-facts';
import { type EventIdentity } from './projection-context';

/** One row per follow-up visit: the four answers, never the comment. */
export const followUpRow = (
  complaint: ComplaintRow,
  { data }: Extract<ComplaintFacts, { type: 'FollowUpRecorded' }>,
  event: EventIdentity,
): FollowUpRow => ({
  complaint_id: complaint.complaint_id,
  stream_revision: event.streamRevision,
  event_id: event.eventId,
  global_position: event.globalPosition,
  business_line: complaint.business_line,
  channel: complaint.channel,
  org_unit: complaint.org_unit,
  handler: complaint.handler,
  method: data.method,
  level: data.level,
  result_satisfaction: data.answers.resultSatisfaction,
  timeliness: data.answers.timeliness,
  attitude_satisfaction: data.answers.attitudeSatisfaction,
  would_reuse: data.answers.wouldReuse,
  recorded_at: data.recordedAt,
});
