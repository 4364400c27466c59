/** Stream naming: one stream per aggregate instance, prefixed by the aggregate's kind. */
export const complaintStream = (complaintId: string): string => `complaint-${complaintId}`;
export const correctiveActionStream = (actionId: string): string => `corrective-action-${actionId}`;
export const weeklyPackArchiveStream = (archiveId: string): string => `weekly-pack-archive-${archiveId}`;
export const qualityMeetingStream = (meetingId: string): string => `quality-meeting-${meetingId}`;

export const COMPLAINT_STREAM_PREFIX = 'complaint-';
export const CORRECTIVE_ACTION_STREAM_PREFIX = 'corrective-action-';
export const WEEKLY_PACK_ARCHIVE_STREAM_PREFIX = 'weekly-pack-archive-';
export const QUALITY_MEETING_STREAM_PREFIX = 'quality-meeting-';

/**
 * Audit streams sit beside the aggregates: the personal-data reads (`audit-<UTC day>`) and the access
 * tokens issued (`audit-token-<id>`). They name staff and fields, never customer data, and are neither
 * published to Kafka nor projected: the relay and the projector leave out every stream this matches.
 */
export const AUDIT_STREAM_PREFIX = 'audit-';
export const auditStream = (at: string): string => `${AUDIT_STREAM_PREFIX}${at.slice(0, 10)}`;
export const isAuditStream = (streamId: string): boolean => streamId.startsWith(AUDIT_STREAM_PREFIX);
