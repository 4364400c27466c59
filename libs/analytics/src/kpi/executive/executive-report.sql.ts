import { type AnalyticsStore, type QueryParams } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import {
  ACTION_FILTERS,
  type Bounds,
  type Change,
  change,
  countMemberSets,
  type CountRequest,
  countsByKey,
  DEFAULT_REPORTING_TIME_ZONE,
  membersOf,
  num,
  type OrgUnitScope,
  parseReportPeriod,
  periodKpiRequests,
  type PeriodKpis,
  periodKpis,
  previousPeriod,
  type Rate,
  rate,
  ratio,
  type ReportPeriod,
  type ReportPeriodKind,
  scopeFilter,
  scopeParams,
  type SetCounts,
  splitCauseKey,
  subPeriods,
  type SubPeriodUnit,
  yearAgo,
} from '../shared';
import {
  EXECUTIVE_HEADLINE_KPIS,
  HEADLINE_KPI_IDS,
  type HeadlineKpiId,
  TOP_CAUSES,
} from './report-definitions';

export type { Change, Rate } from '../shared';

/**
 * The executive trend report of a month, quarter, half-year or year: the headline KPIs of the period
 * against the period before and the same period a year earlier, the volume by sub-period, the top root
 * causes and the state of corrective actions at the end of the period. The three periods are counted
 * from the KPIs' member sets (`kpi-sets.ts`) in one statement, each under its own name prefix and bound
 * names. Every value is a bound `{name:Type}` parameter; only the database name, checked by
 * `assertIdentifier`, is written into the SQL text.
 */
export type ExecutiveReportRequest = {
  /** `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`. */
  period: string;
  /** IANA zone the period is read in; Asia/Shanghai when omitted. */
  timeZone?: string;
  businessLine?: string;
  /** Receiving org unit (for corrective actions: an org unit the action names). */
  orgUnit?: string;
  /**
   * The receiving org units the report may read (`org-unit-scope.ts`; for corrective actions: actions
   * naming one of them); every unit when omitted.
   */
  scope?: OrgUnitScope;
};

export type PeriodRef = { id: string; kind: ReportPeriodKind; timeZone: string; start: string; end: string };

/** A rate's change: `difference` in rate points (0.05 = 5 points), `relative` to the earlier rate. */
export type RateChange = { difference: number | null; relative: number | null };

export type CountTrend = {
  unit: 'count';
  current: number;
  previousPeriod: number;
  yearAgo: number;
  changeVsPreviousPeriod: Change;
  changeVsYearAgo: Change;
};

export type RateTrend = {
  unit: 'rate';
  current: Rate;
  previousPeriod: Rate;
  yearAgo: Rate;
  changeVsPreviousPeriod: RateChange;
  changeVsYearAgo: RateChange;
};

type UnitOf<K extends HeadlineKpiId> = (typeof EXECUTIVE_HEADLINE_KPIS)[K]['unit'];
export type HeadlineKpis = { [K in HeadlineKpiId]: UnitOf<K> extends 'count' ? CountTrend : RateTrend };
type HeadlineFigures = { [K in HeadlineKpiId]: UnitOf<K> extends 'count' ? number : Rate };

export type SeriesPoint = { id: string; start: string; end: string; count: number };

export type TopCause = {
  family: string;
  causeCode: string;
  responsibleUnit: string;
  count: number;
  /** Of every active cause of the period. */
  share: number | null;
  previousPeriod: number;
  yearAgo: number;
  changeVsPreviousPeriod: Change;
  changeVsYearAgo: Change;
};

export type ExecutiveCorrectiveActions = {
  /** Actions proposed before the end of the period, by the status they had at its end. */
  byStatus: { proposed: number; started: number; completed: number; verified: number };
  /** Due before the end of the period and not completed by then. */
  overdue: number;
  completedInPeriod: { total: number; late: number };
  verifiedInPeriod: { effective: number; notEffective: number };
};

export type ExecutiveReport = {
  period: PeriodRef;
  previousPeriod: PeriodRef;
  yearAgo: PeriodRef;
  /** `scope`: the org units the report was restricted to, sorted; null when unscoped. */
  filters: { businessLine: string | null; orgUnit: string | null; scope: string[] | null };
  kpis: HeadlineKpis;
  volumeSeries: { unit: SubPeriodUnit; current: SeriesPoint[]; yearAgo: SeriesPoint[] };
  topCauses: TopCause[];
  correctiveActions: ExecutiveCorrectiveActions;
};

/** The three periods compared, each with its count-name prefix and bound names. */
const COMPARED = ['current', 'previous', 'yearAgo'] as const;
type Compared = (typeof COMPARED)[number];

const boundsOf = (which: Compared): Bounds => ({ start: `${which}Start`, end: `${which}End` });
const prefixOf = (which: Compared) => `${which}:`;

export const rateChange = (current: Rate, base: Rate): RateChange => {
  if (current.rate === null || base.rate === null) return { difference: null, relative: null };
  const difference = current.rate - base.rate;
  return { difference, relative: ratio(difference, base.rate) };
};

const asRate = ({ numerator, denominator, rate: value }: Rate): Rate => ({
  numerator,
  denominator,
  rate: value,
});

/** The headline figures of one period, from the KPIs every period shares. */
export const headlineFigures = (kpis: PeriodKpis): HeadlineFigures => {
  const satisfied = kpis.satisfaction.answers.result.find(({ answer }) => answer === 'satisfied')?.count ?? 0;
  return {
    volume: kpis.volume,
    abnormal: kpis.abnormal,
    timeliness: asRate(kpis.timeliness),
    interimReplies: kpis.timeliness.interimReplies,
    overdueOpen: kpis.overdueOpen.total,
    escalation: asRate(kpis.escalation),
    firstContactResolution: kpis.firstContactResolution,
    reopen: kpis.reopen,
    repeatCustomer: kpis.repeatCustomer,
    followUps: kpis.satisfaction.followUps,
    followUpRate: kpis.followUpRate,
    satisfied: rate(satisfied, kpis.satisfaction.followUps),
  };
};

/** Each headline KPI now, before and a year ago, with its changes as a count or as a rate. */
export const headlineTrends = (
  current: HeadlineFigures,
  previous: HeadlineFigures,
  earlier: HeadlineFigures,
): HeadlineKpis =>
  Object.fromEntries(
    HEADLINE_KPI_IDS.map((id) => {
      if (EXECUTIVE_HEADLINE_KPIS[id].unit === 'count') {
        const [now, before, yearBefore] = [current[id], previous[id], earlier[id]] as number[];
        const trend: CountTrend = {
          unit: 'count',
          current: now,
          previousPeriod: before,
          yearAgo: yearBefore,
          changeVsPreviousPeriod: change(now, before),
          changeVsYearAgo: change(now, yearBefore),
        };
        return [id, trend];
      }
      const [now, before, yearBefore] = [current[id], previous[id], earlier[id]] as Rate[];
      const trend: RateTrend = {
        unit: 'rate',
        current: now,
        previousPeriod: before,
        yearAgo: yearBefore,
        changeVsPreviousPeriod: rateChange(now, before),
        changeVsYearAgo: rateChange(now, yearBefore),
      };
      return [id, trend];
    }),
  ) as HeadlineKpis;

/**
 * The period's causes ranked by count, then the previous period's count, then code and unit; shares of
 * all the period's causes; causes absent from the period are left out.
 */
export const topCauseRows = (counts: SetCounts, limit = TOP_CAUSES): TopCause[] => {
  const countsOf = (which: Compared) =>
    new Map(countsByKey(counts, `${prefixOf(which)}rootCauses`).map(({ key, count }) => [key, count]));
  const [previous, earlier] = [countsOf('previous'), countsOf('yearAgo')];
  const current = countsByKey(counts, `${prefixOf('current')}rootCauses`);
  const total = current.reduce((sum, { count }) => sum + count, 0);
  return current
    .map(({ key, count }) => ({ ...splitCauseKey(key), count, previous: previous.get(key) ?? 0, key }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.previous - a.previous ||
        a.causeCode.localeCompare(b.causeCode) ||
        a.responsibleUnit.localeCompare(b.responsibleUnit),
    )
    .slice(0, limit)
    .map(({ key, previous: before, ...cause }) => {
      const yearBefore = earlier.get(key) ?? 0;
      return {
        ...cause,
        share: ratio(cause.count, total),
        previousPeriod: before,
        yearAgo: yearBefore,
        changeVsPreviousPeriod: change(cause.count, before),
        changeVsYearAgo: change(cause.count, yearBefore),
      };
    });
};

/**
 * Corrective actions at the end of the period, from the instants on their current row: the status an
 * action had then is the last step taken before it, so a later step does not rewrite the period.
 */
async function correctiveActionsAt(
  store: AnalyticsStore,
  db: string,
  params: QueryParams,
): Promise<ExecutiveCorrectiveActions> {
  const start = `{currentStart:DateTime64(3, 'UTC')}`;
  const end = `{currentEnd:DateTime64(3, 'UTC')}`;
  const before = (column: string) => `ifNull(${column} < ${end}, 0)`;
  const within = (column: string) => `ifNull(${column} >= ${start} AND ${column} < ${end}, 0)`;
  const [row] = await store.query<Record<string, string>>(
    `SELECT countIf(state = 'proposed') AS proposed, countIf(state = 'started') AS started,
            countIf(state = 'completed') AS completed, countIf(state = 'verified') AS verified,
            countIf(due_at < ${end} AND NOT ${before('completed_at')}) AS overdue,
            countIf(${within('completed_at')}) AS completed_in_period,
            countIf(${within('completed_at')} AND completed_overdue = 1) AS completed_late,
            countIf(${within('verified_at')} AND effective = 1) AS verified_effective,
            countIf(${within('verified_at')} AND effective = 0) AS verified_not_effective
     FROM (
       SELECT *, multiIf(${before('verified_at')}, 'verified', ${before('completed_at')}, 'completed',
                         ${before('started_at')}, 'started', 'proposed') AS state
       FROM (SELECT * FROM ${db}.corrective_actions FINAL)
       WHERE proposed_at < ${end} AND ${ACTION_FILTERS}
     )`,
    params,
  );
  return {
    byStatus: {
      proposed: num(row.proposed),
      started: num(row.started),
      completed: num(row.completed),
      verified: num(row.verified),
    },
    overdue: num(row.overdue),
    completedInPeriod: { total: num(row.completed_in_period), late: num(row.completed_late) },
    verifiedInPeriod: {
      effective: num(row.verified_effective),
      notEffective: num(row.verified_not_effective),
    },
  };
}

const refOf = (period: ReportPeriod): PeriodRef => ({
  id: period.id,
  kind: period.kind,
  timeZone: period.timeZone,
  start: period.start.toISOString(),
  end: period.end.toISOString(),
});

/** The counts of the report: the shared KPIs and root causes of each period, the two volume series. */
export const executiveCountRequests = (): CountRequest[] => [
  ...COMPARED.flatMap((which): CountRequest[] => [
    ...periodKpiRequests(prefixOf(which), boundsOf(which)),
    { name: `${prefixOf(which)}rootCauses`, set: 'rootCauses', bounds: boundsOf(which) },
  ]),
  // Bucket n is the n-th sub-period: the member's instant is at or after the start of n of them.
  ...(['current', 'yearAgo'] as const).map((which): CountRequest => ({
    name: `${prefixOf(which)}volumeSeries`,
    set: 'volume',
    bounds: boundsOf(which),
    bucketBy: `${which}Parts`,
  })),
];

/** What an executive report reads: its three periods, the sub-periods of two, and the bound values. */
export type ExecutivePlan = {
  request: ExecutiveReportRequest;
  periods: Record<Compared, ReportPeriod>;
  series: Record<'current' | 'yearAgo', ReturnType<typeof subPeriods>>;
  params: QueryParams;
};

export const executivePlan = (request: ExecutiveReportRequest): ExecutivePlan => {
  const current = parseReportPeriod(request.period, request.timeZone ?? DEFAULT_REPORTING_TIME_ZONE);
  const periods: Record<Compared, ReportPeriod> = {
    current,
    previous: previousPeriod(current),
    yearAgo: yearAgo(current),
  };
  const series = { current: subPeriods(periods.current), yearAgo: subPeriods(periods.yearAgo) };
  const params: QueryParams = {
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
    ...scopeParams(request.scope),
    ...Object.fromEntries(
      COMPARED.flatMap((which) => [
        [`${which}Start`, periods[which].start],
        [`${which}End`, periods[which].end],
      ]),
    ),
    currentParts: series.current.parts.map(({ start }) => start),
    yearAgoParts: series.yearAgo.parts.map(({ start }) => start),
  };
  return { request, periods, series, params };
};

/** The report from its counts and corrective actions, whichever engine counted them. */
export const assembleExecutiveReport = (
  { request, periods, series }: ExecutivePlan,
  counts: SetCounts,
  correctiveActions: ExecutiveCorrectiveActions,
): ExecutiveReport => {
  const figures = (which: Compared) => headlineFigures(periodKpis(counts, prefixOf(which)));
  const pointsOf = (which: 'current' | 'yearAgo'): SeriesPoint[] =>
    series[which].parts.map(({ id, start, end }, index) => ({
      id,
      start: start.toISOString(),
      end: end.toISOString(),
      count: membersOf(counts, `${prefixOf(which)}volumeSeries`, String(index + 1)),
    }));
  return {
    period: refOf(periods.current),
    previousPeriod: refOf(periods.previous),
    yearAgo: refOf(periods.yearAgo),
    filters: {
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      scope: scopeFilter(request.scope),
    },
    kpis: headlineTrends(figures('current'), figures('previous'), figures('yearAgo')),
    volumeSeries: { unit: series.current.unit, current: pointsOf('current'), yearAgo: pointsOf('yearAgo') },
    topCauses: topCauseRows(counts),
    correctiveActions,
  };
};

export async function executiveReport(
  store: AnalyticsStore,
  database: string,
  request: ExecutiveReportRequest,
): Promise<ExecutiveReport> {
  const db = assertIdentifier(database);
  const plan = executivePlan(request);
  const [counts, correctiveActions] = await Promise.all([
    countMemberSets(store, db, executiveCountRequests(), plan.params),
    correctiveActionsAt(store, db, plan.params),
  ]);
  return assembleExecutiveReport(plan, counts, correctiveActions);
}
