import { type AnalyticsStore, type QueryParams } from '../../analytics-store.port';
import { toClickHouseDateTime } from '../../shared/query-params';
import {
  finalWhere,
  inScope,
  InvalidQueryError,
  type OrgUnitScope,
  type ReportPeriod,
  scopeFilter,
  scopeParams,
} from '../shared';
import {
  type ConsequenceCount,
  type FairnessDimension,
  type FairnessFigures,
  fairnessFigures,
} from './fairness-report';

export type FairnessRequest = {
  period: ReportPeriod;
  businessLine?: string;
  /** The receiving org unit of the complaints (a filter, like every report's). */
  orgUnit?: string;
  scope?: OrgUnitScope;
  /** The line's ladder levels, lowest first (the taxonomy's policy), to order the columns. */
  ladder: readonly string[];
  alpha?: number;
};

export type FairnessReport = FairnessFigures & {
  filters: {
    period: string;
    start: string;
    end: string;
    timeZone: string;
    businessLine: string | null;
    orgUnit: string | null;
    scope: string[] | null;
  };
};

/**
 * A consequence counts in the period its decision was made. It counts as first decided (the decider's
 * choice) whatever an appeal did later; causes replaced by a later attribution are left out, causes an
 * upheld appeal struck out are kept (their appeal is part of the picture). Scoped by the receiving org
 * unit of the complaint, like every report.
 */
const CONSEQUENCES = (db: string) => `
  SELECT * FROM (SELECT * FROM ${db}.complaint_causes FINAL)
  WHERE decided_consequence IS NOT NULL
    AND consequence_decided_at >= {start:DateTime64(3, 'UTC')} AND consequence_decided_at < {end:DateTime64(3, 'UTC')}
    AND (active = 1 OR appeal_outcome = 'upheld')
    AND ({businessLine:Nullable(String)} IS NULL OR business_line = {businessLine:Nullable(String)})
    AND (({orgUnit:Nullable(String)} IS NULL AND NOT {scoped:Bool}) OR complaint_id IN (
      SELECT complaint_id FROM ${finalWhere(db, 'complaints')}
      WHERE ${inScope()} AND ({orgUnit:Nullable(String)} IS NULL OR org_unit = {orgUnit:Nullable(String)})))`;

const paramsOf = (
  request: Pick<FairnessRequest, 'period' | 'businessLine' | 'orgUnit' | 'scope'>,
): QueryParams => ({
  start: toClickHouseDateTime(request.period.start),
  end: toClickHouseDateTime(request.period.end),
  businessLine: request.businessLine ?? null,
  orgUnit: request.orgUnit ?? null,
  ...scopeParams(request.scope),
});

export const fairnessReport = async (
  store: AnalyticsStore,
  db: string,
  request: FairnessRequest,
): Promise<FairnessReport> => {
  const alpha = request.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidQueryError('QUERY.INVALID_ALPHA', 'alpha', 'alpha must be a number between 0 and 1');
  const rows = await store.query<Record<string, string>>(
    `SELECT cause_code, ifNull(consequence_severity, 'unclassified') AS severity, responsible_unit,
            ifNull(consequence_decided_by, '') AS decider, decided_consequence AS level,
            count() AS decided, countIf(appeal_filed_at IS NOT NULL) AS appealed,
            countIf(appeal_outcome = 'upheld') AS upheld
     FROM (${CONSEQUENCES(db)})
     GROUP BY cause_code, severity, responsible_unit, decider, level
     ORDER BY cause_code, severity, responsible_unit, decider, level`,
    paramsOf(request),
  );
  const counts = rows.map((row): ConsequenceCount => ({
    causeCode: String(row.cause_code),
    severity: String(row.severity),
    orgUnit: String(row.responsible_unit),
    decider: String(row.decider),
    level: String(row.level),
    decided: Number(row.decided),
    appealed: Number(row.appealed),
    upheld: Number(row.upheld),
  }));
  const { period } = request;
  return {
    filters: {
      period: period.id,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      timeZone: period.timeZone,
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      scope: scopeFilter(request.scope),
    },
    ...fairnessFigures(counts, request.ladder, alpha),
  };
};

export type FairnessDrillDownRequest = Pick<
  FairnessRequest,
  'period' | 'businessLine' | 'orgUnit' | 'scope'
> & {
  causeCode: string;
  severity: string;
  dimension: FairnessDimension;
  key: string;
  level?: string;
  page: number;
  pageSize: number;
};

export type FairnessDrillDown = {
  total: number;
  page: number;
  pageSize: number;
  items: {
    complaintId: string;
    causeId: string;
    level: string;
    consequence: string | null;
    appealOutcome: string | null;
  }[];
};

/** The causes behind one cell of the fairness report (one level of it, or all), by complaint id. */
export const fairnessDrillDown = async (
  store: AnalyticsStore,
  db: string,
  request: FairnessDrillDownRequest,
): Promise<FairnessDrillDown> => {
  const column = request.dimension === 'orgUnit' ? 'responsible_unit' : "ifNull(consequence_decided_by, '')";
  const where = `cause_code = {causeCode:String}
    AND ifNull(consequence_severity, 'unclassified') = {severity:String}
    AND ${column} = {key:String}
    AND ({level:Nullable(String)} IS NULL OR decided_consequence = {level:Nullable(String)})`;
  const params = {
    ...paramsOf(request),
    causeCode: request.causeCode,
    severity: request.severity,
    key: request.key,
    level: request.level ?? null,
    limit: request.pageSize,
    offset: (request.page - 1) * request.pageSize,
  };
  const [count] = await store.query<{ total: string }>(
    `SELECT count() AS total FROM (${CONSEQUENCES(db)}) WHERE ${where}`,
    params,
  );
  const items = await store.query<Record<string, string | null>>(
    `SELECT complaint_id, cause_id, decided_consequence, consequence, appeal_outcome
     FROM (${CONSEQUENCES(db)}) WHERE ${where}
     ORDER BY complaint_id, cause_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    params,
  );
  return {
    total: Number(count?.total ?? 0),
    page: request.page,
    pageSize: request.pageSize,
    items: items.map((row) => ({
      complaintId: String(row.complaint_id),
      causeId: String(row.cause_id),
      level: String(row.decided_consequence),
      consequence: row.consequence ?? null,
      appealOutcome: row.appeal_outcome ?? null,
    })),
  };
};
