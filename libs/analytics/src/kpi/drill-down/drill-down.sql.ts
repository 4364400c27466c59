import { type AnalyticsStore } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import {
  InvalidQueryError,
  memberSet,
  type MemberSetId,
  num,
  type OrgUnitScope,
  scopeFilter,
  scopeParams,
} from '../shared';

/**
 * Drill-down: the complaint ids behind a figure, paginated. Each metric names the member set its figure
 * counts (`kpi-sets.ts`) and how a `key` narrows it, so the list is made of the very rows the figure
 * counted. Metrics that count events (final replies, interim replies, follow-ups, answers) or causes list
 * the distinct complaints they belong to: `members` is the figure, `total` the number of complaints.
 */
type MetricSpec = {
  set: MemberSetId;
  /** `required`: the figure is per key (a breakdown); `optional`: a total with per-key parts; `none`. */
  key: 'required' | 'optional' | 'none';
  /** A key the metric always applies (on-time vs late replies share one set). */
  fixedKey?: string;
  /** What `key` means, for error messages and the API docs. */
  keyMeaning?: string;
};

export const DRILL_DOWN_METRICS = {
  volume: { set: 'volume', key: 'none' },
  abnormal: { set: 'abnormal', key: 'none' },
  'breakdowns.channel': { set: 'breakdowns.channel', key: 'required', keyMeaning: 'a channel code' },
  'breakdowns.category': { set: 'breakdowns.category', key: 'required', keyMeaning: 'a category code' },
  'breakdowns.severity': { set: 'breakdowns.severity', key: 'required', keyMeaning: 'a severity' },
  'breakdowns.responsibility': {
    set: 'breakdowns.responsibility',
    key: 'required',
    keyMeaning: 'a responsibility',
  },
  'breakdowns.orgUnit': { set: 'breakdowns.orgUnit', key: 'required', keyMeaning: 'an org unit' },
  'timeliness.replies': { set: 'finalReplies', key: 'none' },
  'timeliness.onTime': { set: 'finalReplies', key: 'none', fixedKey: 'onTime' },
  'timeliness.late': { set: 'finalReplies', key: 'none', fixedKey: 'late' },
  interimReplies: { set: 'interimReplies', key: 'none' },
  overdueOpen: {
    set: 'overdueOpen',
    key: 'optional',
    keyMeaning: 'an age bucket: 0-2, 3-7, 8-14, 15-30, 31+',
  },
  escalation: { set: 'escalated', key: 'optional', keyMeaning: 'the highest level reached, e.g. 2' },
  closed: { set: 'closed', key: 'none' },
  firstContactResolution: { set: 'firstContactResolution', key: 'none' },
  reopen: { set: 'reopened', key: 'none' },
  repeatCustomer: { set: 'repeatCustomer', key: 'none' },
  followUps: { set: 'followUps', key: 'none' },
  satisfaction: {
    set: 'followUpAnswers',
    key: 'required',
    keyMeaning: 'question:answer, e.g. result:satisfied',
  },
  rootCausePareto: {
    set: 'rootCauses',
    key: 'optional',
    keyMeaning: 'family/causeCode/responsibleUnit, e.g. staff/attitude/branch-12',
  },
} as const satisfies Record<string, MetricSpec>;

export type DrillDownMetric = keyof typeof DRILL_DOWN_METRICS;
export const DRILL_DOWN_METRIC_NAMES = Object.keys(DRILL_DOWN_METRICS) as DrillDownMetric[];

export const MAX_PAGE_SIZE = 200;

export type DrillDownRequest = {
  metric: DrillDownMetric;
  key?: string;
  /** The report period `[start, end)` (a week, month…), already resolved in the reporting zone. */
  period: { start: Date; end: Date };
  businessLine?: string;
  orgUnit?: string;
  /** The receiving org units the list may show (`org-unit-scope.ts`); every unit when omitted. */
  scope?: OrgUnitScope;
  /** 1-based. */
  page?: number;
  pageSize?: number;
};

export type DrillDownPage = {
  metric: DrillDownMetric;
  key: string | null;
  /** `scope`: the org units the list was restricted to, sorted; null when unscoped. */
  filters: { businessLine: string | null; orgUnit: string | null; scope: string[] | null };
  /** What the figure counts (complaints, replies, follow-ups, causes). */
  members: number;
  /** Distinct complaints behind it: the length of the whole list. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  complaintIds: string[];
};

export async function drillDown(
  store: AnalyticsStore,
  database: string,
  request: DrillDownRequest,
): Promise<DrillDownPage> {
  const db = assertIdentifier(database);
  const spec: MetricSpec | undefined = (DRILL_DOWN_METRICS as Record<string, MetricSpec>)[request.metric];
  if (!spec)
    throw new InvalidQueryError(
      'QUERY.UNKNOWN_METRIC',
      'metric',
      `'${request.metric}' is not a metric; one of ${DRILL_DOWN_METRIC_NAMES.join(', ')}`,
    );
  if (spec.key === 'required' && request.key === undefined)
    throw new InvalidQueryError(
      'QUERY.KEY_REQUIRED',
      'key',
      `${request.metric} needs a key: ${spec.keyMeaning}`,
    );
  if (spec.key === 'none' && request.key !== undefined)
    throw new InvalidQueryError('QUERY.KEY_NOT_ALLOWED', 'key', `${request.metric} has no keys`);
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? 50;
  if (!Number.isInteger(page) || page < 1)
    throw new InvalidQueryError('QUERY.INVALID_PAGE', 'page', 'page must be a whole number from 1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw new InvalidQueryError(
      'QUERY.INVALID_PAGE_SIZE',
      'pageSize',
      `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  const key = spec.fixedKey ?? request.key ?? null;
  const params = {
    start: request.period.start,
    end: request.period.end,
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
    ...scopeParams(request.scope),
    key,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const members = `(SELECT complaint_id FROM (${memberSet(spec.set, db)})
                    WHERE {key:Nullable(String)} IS NULL OR key = {key:Nullable(String)})`;
  const [[counts], rows] = await Promise.all([
    store.query<{ members: string; total: string }>(
      `SELECT count() AS members, uniqExact(complaint_id) AS total FROM ${members}`,
      params,
    ),
    store.query<{ complaint_id: string }>(
      `SELECT complaint_id FROM ${members} GROUP BY complaint_id ORDER BY complaint_id
       LIMIT {limit:UInt32} OFFSET {offset:UInt64}`,
      params,
    ),
  ]);
  const total = num(counts.total);
  return {
    metric: request.metric,
    key: request.key ?? null,
    filters: {
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      scope: scopeFilter(request.scope),
    },
    members: num(counts.members),
    total,
    page,
    pageSize,
    pages: Math.ceil(total / pageSize),
    complaintIds: rows.map((row) => row.complaint_id),
  };
}
