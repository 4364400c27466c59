import { type AnalyticsStore, type QueryParams } from '../analytics-store.port';
import { InvalidQueryError, type OrgUnitScope, scopeFilter, scopeParams } from '../kpi/shared';
import { assertIdentifier } from '../shared/identifiers';
import { toClickHouseDateTime } from '../shared/query-params';
import {
  type ComplaintCursor,
  type ComplaintSort,
  type SortSpec,
  decodeCursor,
  encodeCursor,
  sortSpec,
} from './complaint-cursor';
import { DUE_SOON_HOURS, STILL_OPEN, WORKLISTS, WORKLIST_NAMES, type WorklistName } from './worklists';

/**
 * `GET /complaints`: complaints found and listed from their current state (the `complaints` table,
 * which holds no personal data), within the caller's scope, a page at a time. A complaint's scope is
 * the unit that received it and every department it was dispatched to, as on the command side, so the
 * list shows exactly the complaints the caller may open; "not yours" is simply not listed, nor counted.
 *
 * Filters on what never changes for a complaint (acceptance number, upstream pair, line, channel,
 * receiving unit, registration time) run before FINAL and prune parts and granules; the others run on
 * the deduplicated state after it, so no superseded version of a complaint is ever matched.
 */
export const COMPLAINT_STATUSES = [
  'registered',
  'acknowledged',
  'replied',
  'closed',
  'withdrawn',
  'merged',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_LIST_MAX_LIMIT = 200;
export const COMPLAINT_IDS_MAX = 200;

export type ComplaintListFilters = {
  acceptanceNumber?: string;
  sourceSystem?: string;
  sourceExternalId?: string;
  status?: ComplaintStatus;
  businessLine?: string;
  orgUnit?: string;
  channel?: string;
  category?: string;
  severity?: string;
  cause?: string;
  /** A job number (the owner, or the holder of an open dispatch) or a department holding one. */
  assignee?: string;
  /** `[registeredFrom, registeredTo)`. */
  registeredFrom?: Date;
  registeredTo?: Date;
  /** The reply deadline in force is before this instant. */
  deadlineBefore?: Date;
  overdue?: boolean;
  awaitingApproval?: boolean;
  appealPending?: boolean;
  /** The complaints behind a figure (a drill-down page): at most COMPLAINT_IDS_MAX. */
  ids?: readonly string[];
};

export type ComplaintListRequest = {
  filters?: ComplaintListFilters;
  worklist?: WorklistName;
  /** Due-soon window in hours (worklist `dueSoon`). */
  dueWithinHours?: number;
  sort?: ComplaintSort;
  cursor?: string;
  limit?: number;
  scope: OrgUnitScope;
  /** The caller's job number: "mine" in worklists, beside its org units. */
  subject: string;
  /** The instant overdue and due-soon are judged at. */
  now: Date;
};

/** One complaint as a list shows it: no customer, no free text. */
export type ComplaintListItem = {
  complaintId: string;
  acceptanceNumber: string;
  source: { system: string; externalId: string } | null;
  registeredAt: string;
  businessLine: string;
  channel: string;
  category: string | null;
  severity: string | null;
  status: string;
  orgUnit: string;
  handler: string;
  assignees: string[];
  replyMode: string | null;
  replyDeadline: string | null;
  /** The final reply came within the deadline in force; null before a final reply. */
  deadlineMet: boolean | null;
  /** No final reply yet and the deadline in force has passed (at `now`). */
  overdue: boolean;
  causes: string[];
  resolutionStatus: string | null;
  awaitingApproval: boolean;
  appealPending: boolean;
  escalationLevel: number;
  abnormal: boolean;
  mergedInto: string | null;
  updatedAt: string;
};

export type ComplaintListPage = {
  filters: Record<string, string | number | boolean | string[] | null>;
  worklist: WorklistName | null;
  sort: ComplaintSort;
  limit: number;
  /** Complaints matching the filters, in scope, at the time of the request. */
  total: number;
  items: ComplaintListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
};

type Row = {
  complaint_id: string;
  acceptance_number: string;
  source_system: string;
  source_external_id: string;
  registered_at: string;
  business_line: string;
  channel: string;
  category: string | null;
  severity: string | null;
  status: string;
  org_unit: string;
  handler: string;
  open_dispatch_assignees: string[];
  reply_mode: string | null;
  reply_deadline: string | null;
  deadline_met: number | null;
  overdue: number;
  cause_codes: string[];
  resolution_status: string | null;
  appeal_pending: number;
  escalation_level: number;
  abnormal: number;
  merged_into: string | null;
  updated_at: string;
  sort_key: string;
};

const bad = (code: string, field: string, reason: string) => new InvalidQueryError(code, field, reason);

/** A complaint in the caller's scope: received by one of its units or dispatched to one. */
const IN_SCOPE = `(NOT {scoped:Bool} OR org_unit IN {orgUnits:Array(String)}
                   OR hasAny(dispatched_units, {orgUnits:Array(String)}))`;
const OVERDUE = `(status = 'acknowledged' AND reply_deadline < {now:DateTime64(3, 'UTC')})`;
const NEVER = "toDateTime64('2299-12-31 23:59:59.999', 3, 'UTC')";
const EVER = "toDateTime64('1900-01-01 00:00:00.000', 3, 'UTC')";

const sortKeyOf = ({ key, descending }: SortSpec): string =>
  key === 'registered' ? 'registered_at' : `ifNull(reply_deadline, ${descending ? EVER : NEVER})`;

/**
 * Conditions on columns no version of a complaint ever changes: safe before FINAL. An acceptance number
 * or upstream id is first resolved to complaint ids (`lookUpIds`), which then prune by the sorting key.
 */
const IMMUTABLE: readonly [keyof ComplaintListFilters, string][] = [
  ['sourceSystem', 'source_system = {sourceSystem:String}'],
  ['businessLine', 'business_line = {businessLine:String}'],
  ['channel', 'channel = {channel:String}'],
  ['orgUnit', 'org_unit = {orgUnit:String}'],
  ['registeredFrom', `registered_at >= {registeredFrom:DateTime64(3, 'UTC')}`],
  ['registeredTo', `registered_at < {registeredTo:DateTime64(3, 'UTC')}`],
  ['ids', 'complaint_id IN {ids:Array(String)}'],
];

/**
 * The ids an acceptance number or upstream id names, read without FINAL through their bloom-filter skip
 * indexes (every version of a complaint carries both): a handful of granules, whatever the table's size.
 * Undefined when the request names neither.
 */
async function lookUpIds(
  store: AnalyticsStore,
  db: string,
  filters: ComplaintListFilters,
): Promise<string[] | undefined> {
  const { acceptanceNumber, sourceExternalId } = filters;
  if (acceptanceNumber === undefined && sourceExternalId === undefined) return undefined;
  const rows = await store.query<{ complaint_id: string }>(
    `SELECT DISTINCT complaint_id FROM ${db}.complaints
     WHERE ({acceptanceNumber:Nullable(String)} IS NULL OR acceptance_number = {acceptanceNumber:Nullable(String)})
       AND ({sourceExternalId:Nullable(String)} IS NULL OR source_external_id = {sourceExternalId:Nullable(String)})
     LIMIT {max:UInt32}`,
    {
      acceptanceNumber: acceptanceNumber ?? null,
      sourceExternalId: sourceExternalId ?? null,
      max: COMPLAINT_IDS_MAX + 1,
    },
  );
  const found = rows.map((row) => row.complaint_id);
  return filters.ids ? found.filter((id) => filters.ids!.includes(id)) : found;
}

/** Conditions on the current state: after FINAL. */
const MUTABLE: readonly [keyof ComplaintListFilters, string][] = [
  ['status', 'status = {status:String}'],
  ['category', 'category = {category:String}'],
  ['severity', 'severity = {severity:String}'],
  ['cause', 'has(cause_codes, {cause:String})'],
  ['assignee', '(handler = {assignee:String} OR has(open_dispatch_assignees, {assignee:String}))'],
  ['deadlineBefore', `reply_deadline < {deadlineBefore:DateTime64(3, 'UTC')}`],
];

const FLAGS: readonly [keyof ComplaintListFilters, string][] = [
  ['overdue', OVERDUE],
  ['awaitingApproval', `resolution_status = 'awaiting-approval'`],
  ['appealPending', 'appeal_pending = 1'],
];

const bindable = (value: unknown): QueryParams[string] =>
  value instanceof Date ? toClickHouseDateTime(value) : (value as QueryParams[string]);

/** The statement parts and bound values for the filters, scope and worklist of a request. */
const conditions = (db: string, request: ComplaintListRequest) => {
  const filters = request.filters ?? {};
  const params: Record<string, QueryParams[string]> = {
    ...scopeParams(request.scope),
    now: toClickHouseDateTime(request.now),
    dueBy: toClickHouseDateTime(
      new Date(request.now.getTime() + (request.dueWithinHours ?? DUE_SOON_HOURS.default) * 3_600_000),
    ),
    mine: [...(request.scope === 'all' ? [] : request.scope), request.subject],
  };
  const before: string[] = [];
  const after: string[] = [IN_SCOPE];
  for (const [name, sql] of IMMUTABLE)
    if (filters[name] !== undefined) {
      before.push(sql.replaceAll('{db}', db));
      params[name] = bindable(filters[name]);
    }
  for (const [name, sql] of MUTABLE)
    if (filters[name] !== undefined) {
      after.push(sql);
      params[name] = bindable(filters[name]);
    }
  for (const [name, sql] of FLAGS)
    if (filters[name] !== undefined) after.push(filters[name] ? sql : `NOT ${sql}`);
  if (request.worklist) after.push(STILL_OPEN, `(${WORKLISTS[request.worklist].where})`);
  return { before, after, params };
};

/**
 * The current state of the complaints, or of the open ones only (`open_complaints`, which the worklists
 * read: every worklist asks for open complaints, and that table holds little else once its months are
 * cleaned up; its closed complaints' tombstones are dropped by FINAL).
 */
const deduplicated = (db: string, before: readonly string[], openOnly = false) =>
  `(SELECT * FROM ${db}.${openOnly ? 'open_complaints' : 'complaints'} FINAL
    WHERE ${before.length > 0 ? before.join(' AND ') : '1'}
    SETTINGS do_not_merge_across_partitions_select_final = 1)`;

const validate = (request: ComplaintListRequest): { limit: number; sort: ComplaintSort } => {
  const limit = request.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > COMPLAINT_LIST_MAX_LIMIT)
    throw bad(
      'QUERY.INVALID_LIMIT',
      'limit',
      `limit must be a whole number from 1 to ${COMPLAINT_LIST_MAX_LIMIT}`,
    );
  const hours = request.dueWithinHours ?? DUE_SOON_HOURS.default;
  if (!Number.isInteger(hours) || hours < DUE_SOON_HOURS.min || hours > DUE_SOON_HOURS.max)
    throw bad(
      'QUERY.INVALID_DUE_WITHIN',
      'dueWithinHours',
      `dueWithinHours must be a whole number from ${DUE_SOON_HOURS.min} to ${DUE_SOON_HOURS.max}`,
    );
  if (request.worklist !== undefined && !WORKLIST_NAMES.includes(request.worklist))
    throw bad('QUERY.UNKNOWN_WORKLIST', 'worklist', `worklist must be one of ${WORKLIST_NAMES.join(', ')}`);
  const { registeredFrom, registeredTo, ids } = request.filters ?? {};
  if (registeredFrom && registeredTo && registeredFrom.getTime() >= registeredTo.getTime())
    throw bad('QUERY.INVALID_RANGE', 'registeredTo', 'registeredTo must be after registeredFrom');
  if (ids && ids.length > COMPLAINT_IDS_MAX)
    throw bad('QUERY.TOO_MANY_IDS', 'ids', `at most ${COMPLAINT_IDS_MAX} complaint ids`);
  const sort = request.sort ?? (request.worklist ? WORKLISTS[request.worklist].sort : '-registeredAt');
  return { limit, sort };
};

const item = (row: Row): ComplaintListItem => ({
  complaintId: row.complaint_id,
  acceptanceNumber: row.acceptance_number,
  source:
    row.source_system === '' && row.source_external_id === ''
      ? null
      : { system: row.source_system, externalId: row.source_external_id },
  registeredAt: row.registered_at,
  businessLine: row.business_line,
  channel: row.channel,
  category: row.category,
  severity: row.severity,
  status: row.status,
  orgUnit: row.org_unit,
  handler: row.handler,
  assignees: row.open_dispatch_assignees,
  replyMode: row.reply_mode,
  replyDeadline: row.reply_deadline,
  deadlineMet: row.deadline_met === null ? null : Number(row.deadline_met) === 1,
  overdue: Number(row.overdue) === 1,
  causes: row.cause_codes,
  resolutionStatus: row.resolution_status,
  awaitingApproval: row.resolution_status === 'awaiting-approval',
  appealPending: Number(row.appeal_pending) === 1,
  escalationLevel: Number(row.escalation_level),
  abnormal: Number(row.abnormal) === 1,
  mergedInto: row.merged_into,
  updatedAt: row.updated_at,
});

const filtersEcho = (request: ComplaintListRequest): ComplaintListPage['filters'] => {
  const echo: ComplaintListPage['filters'] = {};
  for (const [name, value] of Object.entries(request.filters ?? {}) as [string, unknown][]) {
    if (value === undefined) continue;
    if (value instanceof Date) echo[name] = value.toISOString();
    else if (Array.isArray(value)) echo[name] = value.map(String);
    else echo[name] = value as string | number | boolean;
  }
  return { ...echo, scope: scopeFilter(request.scope) };
};

export async function listComplaints(
  store: AnalyticsStore,
  database: string,
  request: ComplaintListRequest,
): Promise<ComplaintListPage> {
  const db = assertIdentifier(database);
  const { limit, sort } = validate(request);
  const spec = sortSpec(sort);
  const cursor: ComplaintCursor | undefined =
    request.cursor === undefined ? undefined : decodeCursor(request.cursor, sort);
  const looked = await lookUpIds(store, db, request.filters ?? {});
  if (looked !== undefined && looked.length === 0)
    return {
      filters: filtersEcho(request),
      worklist: request.worklist ?? null,
      sort,
      limit,
      total: 0,
      items: [],
      nextCursor: null,
    };
  const { before, after, params } = conditions(db, {
    ...request,
    filters: looked === undefined ? request.filters : { ...request.filters, ids: looked },
  });
  const key = sortKeyOf(spec);
  const direction = spec.descending ? 'DESC' : 'ASC';
  const pageWhere = [...after];
  if (cursor) {
    const [beyond] = spec.descending ? ['<'] : ['>'];
    pageWhere.push(
      `(${key} ${beyond} {cursorKey:DateTime64(3, 'UTC')}
        OR (${key} = {cursorKey:DateTime64(3, 'UTC')} AND complaint_id ${beyond} {cursorId:String}))`,
    );
    params.cursorKey = toClickHouseDateTime(new Date(cursor.key));
    params.cursorId = cursor.id;
  }
  const source = deduplicated(db, before, request.worklist !== undefined);
  const rows = await store.query<Row>(
    `SELECT complaint_id, acceptance_number, source_system, source_external_id, registered_at,
            business_line, channel, category, severity, status, org_unit, handler, open_dispatch_assignees,
            reply_mode, reply_deadline, deadline_met, ${OVERDUE} AS overdue, cause_codes, resolution_status,
            appeal_pending, escalation_level, abnormal, merged_into, updated_at, ${key} AS sort_key
     FROM ${source}
     WHERE ${pageWhere.join(' AND ')}
     ORDER BY sort_key ${direction}, complaint_id ${direction}
     LIMIT {limit:UInt32}`,
    { ...params, limit: limit + 1 },
  );
  // A first page that holds every match is its own total (a look-up by number): no second read.
  const total =
    cursor === undefined && rows.length <= limit
      ? rows.length
      : Number(
          (
            await store.query<{ total: string }>(
              `SELECT count() AS total FROM ${source} WHERE ${after.join(' AND ')}`,
              params,
            )
          )[0]?.total ?? 0,
        );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    filters: filtersEcho(request),
    worklist: request.worklist ?? null,
    sort,
    limit,
    total,
    items: page.map(item),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ sort, key: new Date(last.sort_key).toISOString(), id: last.complaint_id })
        : null,
  };
}

export type WorklistCounts = {
  counts: Record<WorklistName, number>;
  scope: string[] | null;
  dueWithinHours: number;
};

/** Every worklist's count for a badge, in one read: each equals the `total` of its list. */
export async function worklistCounts(
  store: AnalyticsStore,
  database: string,
  request: Pick<ComplaintListRequest, 'scope' | 'subject' | 'now' | 'dueWithinHours'>,
): Promise<WorklistCounts> {
  const db = assertIdentifier(database);
  validate({ ...request });
  const { after, params } = conditions(db, request);
  const [row] = await store.query<Record<WorklistName, string>>(
    `SELECT ${WORKLIST_NAMES.map((name) => `countIf(${WORKLISTS[name].where}) AS ${name}`).join(', ')}
     FROM ${deduplicated(db, [], true)}
     WHERE ${[...after, STILL_OPEN].join(' AND ')}`,
    params,
  );
  return {
    counts: Object.fromEntries(WORKLIST_NAMES.map((name) => [name, Number(row?.[name] ?? 0)])) as Record<
      WorklistName,
      number
    >,
    scope: scopeFilter(request.scope),
    dueWithinHours: request.dueWithinHours ?? DUE_SOON_HOURS.default,
  };
}
