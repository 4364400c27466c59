import {
  type CountTrend,
  type ExecutiveReport,
  type PeriodRef,
  type RateTrend,
} from '@app/analytics/kpi/executive';
import { type CsvCell, toCsv, scopeCell } from '../shared/csv';

type Row = [kpi: string, measure: string, dimension: string, value: CsvCell];

export const EXECUTIVE_CSV_HEADER = ['kpi', 'measure', 'dimension', 'value'] as const;

const periodRows = (kpi: string, period: PeriodRef): Row[] => [
  [kpi, 'id', '', period.id],
  [kpi, 'kind', '', period.kind],
  [kpi, 'timeZone', '', period.timeZone],
  [kpi, 'start', '', period.start],
  [kpi, 'end', '', period.end],
];

const COMPARED = ['current', 'previousPeriod', 'yearAgo'] as const;
const CHANGES = ['changeVsPreviousPeriod', 'changeVsYearAgo'] as const;

const trendRows = (kpi: string, trend: CountTrend | RateTrend): Row[] => [
  ...COMPARED.flatMap((which): Row[] => {
    if (trend.unit === 'count') return [[kpi, which, '', trend[which]]];
    const { numerator, denominator, rate } = trend[which];
    return [
      [kpi, `${which}.numerator`, '', numerator],
      [kpi, `${which}.denominator`, '', denominator],
      [kpi, `${which}.rate`, '', rate],
    ];
  }),
  ...CHANGES.flatMap((change): Row[] => [
    [kpi, `${change}.difference`, '', trend[change].difference],
    [kpi, `${change}.relative`, '', trend[change].relative],
  ]),
];

/**
 * The report as one flat table, `kpi,measure,dimension,value`: one row per figure, the dimension naming
 * the sub-period (`2026-01`, `2026-W05`), the cause (`family/cause/unit`) or the status, else empty.
 * Rates, shares and relative changes are fractions and rate differences are in rate points as fractions
 * (0.05 = 5 points); a figure that cannot be given (a zero denominator) is an empty cell.
 */
export const executiveReportRows = (report: ExecutiveReport): Row[] => [
  ...periodRows('period', report.period),
  ...periodRows('previousPeriod', report.previousPeriod),
  ...periodRows('yearAgo', report.yearAgo),
  ['filters', 'businessLine', '', report.filters.businessLine],
  ['filters', 'orgUnit', '', report.filters.orgUnit],
  ['filters', 'scope', '', scopeCell(report.filters.scope)],
  ...Object.entries(report.kpis).flatMap(([kpi, trend]) => trendRows(kpi, trend)),
  ['volumeSeries', 'unit', '', report.volumeSeries.unit],
  ...report.volumeSeries.current.map(({ id, count }): Row => ['volumeSeries', 'current', id, count]),
  ...report.volumeSeries.yearAgo.map(({ id, count }): Row => ['volumeSeries', 'yearAgo', id, count]),
  ...report.topCauses.flatMap((cause): Row[] => {
    const key = `${cause.family}/${cause.causeCode}/${cause.responsibleUnit}`;
    return [
      ['topCauses', 'count', key, cause.count],
      ['topCauses', 'share', key, cause.share],
      ['topCauses', 'previousPeriod', key, cause.previousPeriod],
      ['topCauses', 'yearAgo', key, cause.yearAgo],
    ];
  }),
  ...Object.entries(report.correctiveActions.byStatus).map(([status, count]): Row => [
    'correctiveActions',
    'byStatus',
    status,
    count,
  ]),
  ['correctiveActions', 'overdue', '', report.correctiveActions.overdue],
  ['correctiveActions', 'completedInPeriod', '', report.correctiveActions.completedInPeriod.total],
  ['correctiveActions', 'completedLate', '', report.correctiveActions.completedInPeriod.late],
  ['correctiveActions', 'verifiedEffective', '', report.correctiveActions.verifiedInPeriod.effective],
  ['correctiveActions', 'verifiedNotEffective', '', report.correctiveActions.verifiedInPeriod.notEffective],
];

export const executiveReportCsv = (report: ExecutiveReport): string =>
  toCsv(EXECUTIVE_CSV_HEADER, executiveReportRows(report));
