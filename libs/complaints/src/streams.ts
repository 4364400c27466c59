/** Stream naming: one stream per aggregate instance, prefixed by the aggregate's kind. */
export const complaintStream = (complaintId: string): string => `complaint-${complaintId}`;
export const correctiveActionStream = (actionId: string): string => `corrective-action-${actionId}`;

export const COMPLAINT_STREAM_PREFIX = 'complaint-';
export const CORRECTIVE_ACTION_STREAM_PREFIX = 'corrective-action-';
