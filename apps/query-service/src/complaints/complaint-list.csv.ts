import { type ComplaintListItem } from '@app/analytics/complaint-list/complaint-list.sql';
import { type CsvCell, toCsv } from '../reports/shared/csv';

/** Whether the reply deadline is met: `met`, `late` (replied after it), `overdue` (no reply, passed) or empty. */
export const onTimeOf = (item: ComplaintListItem): 'met' | 'late' | 'overdue' | null =>
  item.deadlineMet === true ? 'met' : item.deadlineMet === false ? 'late' : item.overdue ? 'overdue' : null;

/** The columns every complaint table shows (the list, a worklist, a drill-down), in this order. */
export const COMPLAINT_COLUMNS = [
  'complaintId',
  'acceptanceNumber',
  'registeredAt',
  'businessLine',
  'channel',
  'category',
  'severity',
  'status',
  'orgUnit',
  'replyDeadline',
  'onTime',
  'causes',
  'sourceSystem',
  'sourceExternalId',
  'handler',
  'assignees',
] as const;

const row = (item: ComplaintListItem): CsvCell[] => [
  item.complaintId,
  item.acceptanceNumber,
  item.registeredAt,
  item.businessLine,
  item.channel,
  item.category,
  item.severity,
  item.status,
  item.orgUnit,
  item.replyDeadline,
  onTimeOf(item),
  item.causes.join(' '),
  item.source?.system ?? null,
  item.source?.externalId ?? null,
  item.handler,
  item.assignees.join(' '),
];

/** The same rows as the JSON page, in the same order; list cells are space-separated codes. */
export const complaintListCsv = (items: readonly ComplaintListItem[]): string =>
  toCsv(COMPLAINT_COLUMNS, items.map(row));
