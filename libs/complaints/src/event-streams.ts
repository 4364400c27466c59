import {
  type CorrectiveActionEvent,
  CORRECTIVE_ACTION_EVENT_TYPES,
} from './corrective-action/corrective-action';
import { type QualityMeetingEvent, QUALITY_MEETING_EVENT_TYPES } from './quality-meeting/quality-meeting';
import {
  complaintStream,
  correctiveActionStream,
  qualityMeetingStream,
  weeklyPackArchiveStream,
} from './streams';
import { type DomainEvent } from './upcasting/event-versions';
import {
  type WeeklyPackArchiveEvent,
  WEEKLY_PACK_ARCHIVE_EVENT_TYPES,
} from './weekly-pack-archive/weekly-pack-archive';

const isOf =
  <E extends DomainEvent>(types: readonly E['type'][]) =>
  (event: DomainEvent): event is E =>
    (types as readonly string[]).includes(event.type);

export const isQualityMeetingEvent = isOf<QualityMeetingEvent>(QUALITY_MEETING_EVENT_TYPES);
export const isCorrectiveActionEvent = isOf<CorrectiveActionEvent>(CORRECTIVE_ACTION_EVENT_TYPES);
export const isWeeklyPackArchiveEvent = isOf<WeeklyPackArchiveEvent>(WEEKLY_PACK_ARCHIVE_EVENT_TYPES);

/** The stream a domain event belongs in, by its aggregate's kind and id. */
export const streamOfEvent = (event: DomainEvent): string => {
  if (isQualityMeetingEvent(event)) return qualityMeetingStream(event.data.meetingId);
  if (isWeeklyPackArchiveEvent(event)) return weeklyPackArchiveStream(event.data.archiveId);
  if (isCorrectiveActionEvent(event)) return correctiveActionStream(event.data.actionId);
  return complaintStream(event.data.complaintId);
};
