import { type AnalyticsStore } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import {
  COMPLAINT_FILTERS,
  DEFAULT_REPORTING_TIME_ZONE,
  InvalidQueryError,
  type OrgUnitScope,
  scopeFilter,
  scopeParams,
} from '../shared';
import { type CalendarSpan, dayId, parseDay, trendCalendar } from './trend-calendar';
import {
  TOP_MOVERS,
  TREND_DIMENSIONS,
  TREND_GRANULARITIES,
  type TrendDimension,
  type TrendGranularity,
} from './trend-definitions';
import { type DailyCount, type TopMover, type TrendSeries, trendFigures } from './trend-series';

export type { TopMover, TrendPoint, TrendSeries, TrendSpike } from './trend-series';

/**
 * Root-cause trends: counts by cause code, cause family, category or receiving org unit over days, ISO weeks or
 * months, weekly spikes against a Poisson baseline, and the top movers against the previous period
 * (see `trend-definitions.ts`). One query fetches daily counts for every day any figure needs; the
 * figures are sums over those days (`trend-series.ts`). Every value is a bound `{name:Type}` parameter;
 * only the database name, checked by `assertIdentifier`, is written into the SQL text.
 */
export type TrendsRequest = {
  dimension: TrendDimension;
  granularity: TrendGranularity;
  /** First calendar day, `YYYY-MM-DD`, in the reporting zone. */
  from: string;
  /** Last calendar day, included. */
  to: string;
  /** IANA zone the days are read in; Asia/Shanghai when omitted. */
  timeZone?: string;
  businessLine?: string;
  /** Receiving org unit. */
  orgUnit?: string;
  /** The receiving org units the trends may read (`org-unit-scope.ts`); every unit when omitted. */
  scope?: OrgUnitScope;
  /** How many top movers; 10 when omitted, at most 50. */
  top?: number;
};

export type TrendBucket = { id: string; start: string; end: string };

export type RootCauseTrends = {
  dimension: TrendDimension;
  granularity: TrendGranularity;
  timeZone: string;
  from: string;
  to: string;
  /** `scope`: the org units the trends were restricted to, sorted; null when unscoped. */
  filters: { businessLine: string | null; orgUnit: string | null; scope: string[] | null };
  buckets: TrendBucket[];
  series: TrendSeries[];
  topMovers: TopMover[];
  previousPeriod: { from: string; to: string };
  /** More series had a count or a spike than the response lists. */
  truncated: boolean;
};

type DailyRow = { key: string; family: string | null; day: string; n: string };

/**
 * Counted complaints registered in the window, with their local registration day. FINAL first, filters
 * after, so no filter sees a superseded version.
 */
const counted = (db: string) =>
  `(SELECT complaint_id, org_unit, toString(ifNull(category, 'unclassified')) AS category,
      toString(toDate32(registered_at, {timeZone:String})) AS day
    FROM (SELECT * FROM ${db}.complaints FINAL)
    WHERE merged_into IS NULL AND abnormal = 0 AND ${COMPLAINT_FILTERS}
      AND registered_at >= {start:DateTime64(3, 'UTC')} AND registered_at < {end:DateTime64(3, 'UTC')})`;

const activeCauses = (db: string) =>
  `(SELECT complaint_id, family, cause_code FROM (SELECT * FROM ${db}.complaint_causes FINAL) WHERE active = 1)`;

/** The key and label of each dimension; the statement is picked from these, never built from input. */
const DAILY_COUNTS: Readonly<Record<TrendDimension, (db: string) => string>> = {
  causeCode: (db) =>
    `SELECT k.cause_code AS key, min(k.family) AS family, c.day AS day, count() AS n
     FROM ${activeCauses(db)} AS k INNER JOIN ${counted(db)} AS c ON c.complaint_id = k.complaint_id
     GROUP BY key, day`,
  causeFamily: (db) =>
    `SELECT k.family AS key, NULL AS family, c.day AS day, count() AS n
     FROM ${activeCauses(db)} AS k INNER JOIN ${counted(db)} AS c ON c.complaint_id = k.complaint_id
     GROUP BY key, day`,
  category: (db) =>
    `SELECT category AS key, NULL AS family, day, count() AS n FROM ${counted(db)} GROUP BY key, day`,
  orgUnit: (db) =>
    `SELECT org_unit AS key, NULL AS family, day, count() AS n FROM ${counted(db)} GROUP BY key, day`,
};

const assertOneOf = <T extends string>(
  values: readonly T[],
  value: string,
  field: string,
  code: string,
): T => {
  if (!(values as readonly string[]).includes(value))
    throw new InvalidQueryError(code, field, `'${value}' is not one of ${values.join(', ')}`);
  return value as T;
};

const assertTop = (top: number): number => {
  if (!Number.isInteger(top) || top < 1 || top > TOP_MOVERS.max)
    throw new InvalidQueryError(
      'QUERY.INVALID_TOP',
      'top',
      `top must be a whole number from 1 to ${TOP_MOVERS.max}, got ${top}`,
    );
  return top;
};

const bucketOf = ({ id, start, end }: CalendarSpan): TrendBucket => ({
  id,
  start: start.toISOString(),
  end: end.toISOString(),
});

export async function rootCauseTrends(
  store: AnalyticsStore,
  database: string,
  request: TrendsRequest,
): Promise<RootCauseTrends> {
  const dimension = assertOneOf(TREND_DIMENSIONS, request.dimension, 'dimension', 'QUERY.UNKNOWN_DIMENSION');
  const granularity = assertOneOf(
    TREND_GRANULARITIES,
    request.granularity,
    'granularity',
    'QUERY.UNKNOWN_GRANULARITY',
  );
  const timeZone = request.timeZone ?? DEFAULT_REPORTING_TIME_ZONE;
  const calendar = trendCalendar(granularity, request.from, request.to, timeZone);
  const top = assertTop(request.top ?? TOP_MOVERS.default);
  const db = assertIdentifier(database);
  const rows = await store.query<DailyRow>(DAILY_COUNTS[dimension](db), {
    start: calendar.window.start,
    end: calendar.window.end,
    timeZone,
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
    ...scopeParams(request.scope),
  });
  const counts = rows.map((row): DailyCount => ({
    key: row.key,
    family: row.family,
    day: parseDay(row.day),
    count: Number(row.n),
  }));
  const { series, topMovers, truncated } = trendFigures(counts, calendar, top);
  return {
    dimension,
    granularity,
    timeZone,
    from: request.from,
    to: request.to,
    filters: {
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      scope: scopeFilter(request.scope),
    },
    buckets: calendar.buckets.map(bucketOf),
    series,
    topMovers,
    previousPeriod: { from: dayId(calendar.previous.firstDay), to: dayId(calendar.previous.endDay - 1) },
    truncated,
  };
}
