import { type CountTrend, type ExecutiveReport, type RateTrend } from '@app/analytics/kpi/executive';
import { executiveReportCsv } from './executive-report.csv';

const period = (id: string) => ({
  id,
  kind: 'quarter' as const,
  timeZone: 'Asia/Shanghai',
  start: 's',
  end: 'e',
});
const count = (current: number): CountTrend => ({
  unit: 'count',
  current,
  previousPeriod: 0,
  yearAgo: 2,
  changeVsPreviousPeriod: { difference: current, relative: null },
  changeVsYearAgo: { difference: current - 2, relative: (current - 2) / 2 },
});
const noRate = { numerator: 0, denominator: 0, rate: null };
const rate: RateTrend = {
  unit: 'rate',
  current: { numerator: 1, denominator: 4, rate: 0.25 },
  previousPeriod: noRate,
  yearAgo: { numerator: 1, denominator: 5, rate: 0.2 },
  changeVsPreviousPeriod: { difference: null, relative: null },
  changeVsYearAgo: { difference: 0.05, relative: 0.25 },
};

const report = (orgUnit: string, scope: string[] | null = null): ExecutiveReport => ({
  period: period('2026-Q1'),
  previousPeriod: period('2025-Q4'),
  yearAgo: period('2025-Q1'),
  filters: { businessLine: null, orgUnit, scope },
  kpis: {
    volume: count(3),
    abnormal: count(0),
    timeliness: rate,
    interimReplies: count(1),
    overdueOpen: count(1),
    escalation: rate,
    firstContactResolution: rate,
    reopen: rate,
    repeatCustomer: rate,
    followUps: count(1),
    followUpRate: rate,
    satisfied: rate,
  },
  volumeSeries: { unit: 'month', current: [{ id: '2026-01', start: 's', end: 'e', count: 3 }], yearAgo: [] },
  topCauses: [
    {
      family: 'staff',
      causeCode: 'attitude',
      responsibleUnit: 'branch-12',
      count: 3,
      share: 1,
      previousPeriod: 0,
      yearAgo: 1,
      changeVsPreviousPeriod: { difference: 3, relative: null },
      changeVsYearAgo: { difference: 2, relative: 2 },
    },
  ],
  correctiveActions: {
    byStatus: { proposed: 1, started: 0, completed: 0, verified: 0 },
    overdue: 0,
    completedInPeriod: { total: 0, late: 0 },
    verifiedInPeriod: { effective: 0, notEffective: 0 },
  },
});

describe('executive report CSV', () => {
  const lines = (value: ExecutiveReport) => executiveReportCsv(value).split('\r\n');

  it('one row per figure: counts as values, rates as their parts, changes that cannot be given empty', () => {
    const csv = lines(report('branch-12'));
    expect(csv[0]).toBe('kpi,measure,dimension,value');
    expect(csv).toContain('volume,current,,3');
    expect(csv).toContain('volume,changeVsPreviousPeriod.relative,,');
    expect(csv).toContain('volume,changeVsYearAgo.relative,,0.5');
    expect(csv).toContain('timeliness,current.numerator,,1');
    expect(csv).toContain('timeliness,previousPeriod.rate,,');
    expect(csv).toContain('satisfied,changeVsYearAgo.difference,,0.05');
    expect(csv).toContain('volumeSeries,current,2026-01,3');
    expect(csv).toContain('correctiveActions,byStatus,proposed,1');
    // 7 rows per count, 13 per rate.
    expect(csv.filter((line) => line.startsWith('volume,'))).toHaveLength(7);
    expect(csv.filter((line) => line.startsWith('reopen,'))).toHaveLength(13);
  });

  it('quotes text with commas or quotes and defuses text a spreadsheet would run', () => {
    expect(lines(report('branch, "north"'))).toContain('filters,orgUnit,,"branch, ""north"""');
    expect(lines(report('=cmd'))).toContain("filters,orgUnit,,'=cmd");
  });

  it('names the scope: empty for every unit, else the units as a JSON array', () => {
    expect(lines(report('branch-7'))).toContain('filters,scope,,');
    expect(lines(report('branch-7', ['branch-7', 'branch, 12']))).toContain(
      'filters,scope,,"[""branch-7"",""branch, 12""]"',
    );
    expect(lines(report('branch-7', []))).toContain('filters,scope,,[]');
  });
});
