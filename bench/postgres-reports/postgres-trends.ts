import { DEFAULT_REPORTING_TIME_ZONE, InvalidQueryError } from '@app/analytics/kpi/shared';
import {
  type CalendarSpan,
  type DailyCount,
  dayId,
  parseDay,
  type RootCauseTrends,
  TOP_MOVERS,
  TREND_DIMENSIONS,
  TREND_GRANULARITIES,
  type TrendBucket,
  trendCalendar,
  type TrendDimension,
  trendFigures,
  type TrendsRequest,
} from '@app/analytics/kpi/trends';
import { type Pool } from 'pg';
import { PgParams } from './postgres-params';
import { schemaName } from './postgres-tables';

/**
 * Root-cause trends of `trends.sql.ts` computed by PostgreSQL: daily counts per key for every day of
 * the calendar's window, then the same series, spike and top-mover code (`trend-series.ts`) on the
 * same calendar (`trend-calendar.ts`). Only the SQL differs.
 */
type DailyRow = { key: string; family: string | null; day: string; n: string };

/** Counted complaints registered in the window, with their local registration day. */
const counted = (s: string, p: PgParams) =>
  `(SELECT complaint_id, org_unit, coalesce(category, 'unclassified') AS category,
           to_char(registered_at AT TIME ZONE ${p.ref('timeZone', 'text')}, 'YYYY-MM-DD') AS day
    FROM ${s}.complaints
    WHERE merged_into IS NULL AND abnormal = 0
      AND (${p.ref('businessLine', 'text')} IS NULL OR business_line = ${p.ref('businessLine', 'text')})
      AND (${p.ref('orgUnit', 'text')} IS NULL OR org_unit = ${p.ref('orgUnit', 'text')})
      AND registered_at >= ${p.ref('start', 'timestamptz')} AND registered_at < ${p.ref('end', 'timestamptz')})`;

const activeCauses = (s: string) =>
  `(SELECT complaint_id, family, cause_code FROM ${s}.complaint_causes WHERE active = 1)`;

/** The statement of each dimension; picked from these, never built from input. */
const DAILY_COUNTS: Readonly<Record<TrendDimension, (s: string, p: PgParams) => string>> = {
  causeCode: (s, p) =>
    `SELECT k.cause_code AS key, min(k.family) AS family, c.day, count(*) AS n
     FROM ${activeCauses(s)} AS k JOIN ${counted(s, p)} AS c ON c.complaint_id = k.complaint_id
     GROUP BY k.cause_code, c.day`,
  causeFamily: (s, p) =>
    `SELECT k.family AS key, NULL::text AS family, c.day, count(*) AS n
     FROM ${activeCauses(s)} AS k JOIN ${counted(s, p)} AS c ON c.complaint_id = k.complaint_id
     GROUP BY k.family, c.day`,
  category: (s, p) =>
    `SELECT c.category AS key, NULL::text AS family, c.day, count(*) AS n
     FROM ${counted(s, p)} AS c GROUP BY c.category, c.day`,
  orgUnit: (s, p) =>
    `SELECT c.org_unit AS key, NULL::text AS family, c.day, count(*) AS n
     FROM ${counted(s, p)} AS c GROUP BY c.org_unit, c.day`,
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

/** `rootCauseTrends` over the PostgreSQL tables in `schema`: the same request, the same result. */
export async function pgRootCauseTrends(
  pool: Pool,
  schema: string,
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
  const p = new PgParams({
    start: calendar.window.start,
    end: calendar.window.end,
    timeZone,
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
  });
  const sql = DAILY_COUNTS[dimension](schemaName(schema), p);
  const { rows } = await pool.query<DailyRow>(sql, p.values);
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
    filters: { businessLine: request.businessLine ?? null, orgUnit: request.orgUnit ?? null, scope: null },
    buckets: calendar.buckets.map(bucketOf),
    series,
    topMovers,
    previousPeriod: { from: dayId(calendar.previous.firstDay), to: dayId(calendar.previous.endDay - 1) },
    truncated,
  };
}
