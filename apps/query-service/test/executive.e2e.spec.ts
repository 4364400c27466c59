import { ANALYST } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { recordExecutiveScenario } from '@app/analytics/kpi/executive/test-support/executive.scenario';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';
import { type ExecutiveReportResponse } from '../src/reports/executive/get-executive-report.query';

/** Reads the flat CSV back as `kpi|measure|dimension` → value. */
const csvFigures = (text: string): Map<string, string> => {
  const [header, ...rows] = text.trimEnd().split('\r\n');
  expect(header).toBe('kpi,measure,dimension,value');
  return new Map(
    rows.map((row) => {
      const [kpi, measure, dimension, value] = row.split(',');
      return [`${kpi}|${measure}|${dimension}`, value] as const;
    }),
  );
};

/**
 * The executive report over HTTP, on the scenario of executive.scenario.ts. The expected figures are the
 * ones worked out by hand in libs/analytics/src/kpi/executive-report.int.spec.ts (2026-Q1, Asia/Shanghai,
 * postal, against 2025-Q4 and 2025-Q1).
 */
describe('query service: executive trend report', () => {
  let service: QueryServiceUnderTest;
  const http = () => service.as(ANALYST);
  const quarter = { period: '2026-Q1', businessLine: 'postal' };

  beforeAll(async () => {
    service = await startQueryService('exec_http', recordExecutiveScenario());
  });

  afterAll(async () => {
    await service?.close();
  });

  it('answers the report as JSON with its definitions', async () => {
    const response = await http().get('/reports/executive').query(quarter);
    expect(response.status).toBe(200);
    const { report, definitions } = response.body as ExecutiveReportResponse;
    expect(report.period).toEqual({
      id: '2026-Q1',
      kind: 'quarter',
      timeZone: 'Asia/Shanghai',
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-03-31T16:00:00.000Z',
    });
    expect([report.previousPeriod.id, report.yearAgo.id]).toEqual(['2025-Q4', '2025-Q1']);
    expect(report.filters).toEqual({ businessLine: 'postal', orgUnit: null, scope: null });
    expect(report.kpis.volume).toEqual({
      unit: 'count',
      current: 9,
      previousPeriod: 6,
      yearAgo: 5,
      changeVsPreviousPeriod: { difference: 3, relative: 0.5 },
      changeVsYearAgo: { difference: 4, relative: 0.8 },
    });
    expect(report.kpis.timeliness).toMatchObject({
      current: { numerator: 6, denominator: 8, rate: 0.75 },
      previousPeriod: { numerator: 2, denominator: 3 },
      yearAgo: { numerator: 1, denominator: 3 },
    });
    expect(report.kpis.timeliness.changeVsYearAgo.difference).toBeCloseTo(5 / 12, 12);
    expect(report.kpis.overdueOpen).toMatchObject({ current: 2, previousPeriod: 2, yearAgo: 1 });
    expect(report.kpis.reopen.changeVsPreviousPeriod).toEqual({ difference: 0.125, relative: null });
    expect(report.kpis.satisfied).toMatchObject({
      current: { numerator: 3, denominator: 6, rate: 0.5 },
      changeVsPreviousPeriod: { difference: 0, relative: 0 },
    });
    expect(report.volumeSeries.current.map(({ id, count }) => [id, count])).toEqual([
      ['2026-01', 4],
      ['2026-02', 2],
      ['2026-03', 3],
    ]);
    expect(report.topCauses[0]).toMatchObject({
      causeCode: 'transport-delay',
      count: 3,
      previousPeriod: 1,
      yearAgo: 1,
    });
    expect(report.correctiveActions).toEqual({
      byStatus: { proposed: 1, started: 2, completed: 1, verified: 2 },
      overdue: 2,
      completedInPeriod: { total: 2, late: 1 },
      verifiedInPeriod: { effective: 1, notEffective: 1 },
    });
    const ids = definitions.map(({ id }) => id);
    expect(ids).toEqual(
      expect.arrayContaining(['executive', 'executive.topCauses', 'firstContactResolution']),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(definitions.find(({ id }) => id === 'executive')?.label).toEqual({
      'zh-CN': '管理层趋势报告',
      en: 'Executive trend report',
    });
  });

  it('reads a month by its ISO weeks', async () => {
    const response = await http()
      .get('/reports/executive')
      .query({ period: '2026-01', businessLine: 'postal' });
    expect(response.status).toBe(200);
    const { report } = response.body as ExecutiveReportResponse;
    expect(report.volumeSeries.unit).toBe('isoWeek');
    expect(report.volumeSeries.current.map(({ count }) => count)).toEqual([1, 1, 0, 2, 0]);
  });

  it('answers the same figures as CSV', async () => {
    const response = await http().get('/reports/executive.csv').query(quarter);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const figures = csvFigures(response.text);
    expect(figures.get('period|id|')).toBe('2026-Q1');
    expect(figures.get('previousPeriod|id|')).toBe('2025-Q4');
    expect(figures.get('yearAgo|start|')).toBe('2024-12-31T16:00:00.000Z');
    expect(figures.get('filters|businessLine|')).toBe('postal');
    expect(figures.get('filters|orgUnit|')).toBe('');
    expect(figures.get('volume|current|')).toBe('9');
    expect(figures.get('volume|previousPeriod|')).toBe('6');
    expect(figures.get('volume|changeVsYearAgo.relative|')).toBe('0.8');
    expect(figures.get('abnormal|changeVsPreviousPeriod.relative|')).toBe('');
    expect(figures.get('timeliness|current.numerator|')).toBe('6');
    expect(figures.get('timeliness|current.rate|')).toBe('0.75');
    expect(Number(figures.get('escalation|changeVsPreviousPeriod.difference|'))).toBeCloseTo(1 / 18, 12);
    expect(figures.get('reopen|changeVsPreviousPeriod.relative|')).toBe('');
    expect(figures.get('followUpRate|changeVsYearAgo.difference|')).toBe('-0.25');
    expect(figures.get('volumeSeries|unit|')).toBe('month');
    expect(figures.get('volumeSeries|current|2026-02')).toBe('2');
    expect(figures.get('volumeSeries|yearAgo|2025-03')).toBe('2');
    expect(figures.get('topCauses|count|service-capacity/transport-delay/hub-2')).toBe('3');
    expect(figures.get('topCauses|yearAgo|staff/attitude/branch-12')).toBe('1');
    expect(figures.get('correctiveActions|byStatus|verified')).toBe('2');
    expect(figures.get('correctiveActions|overdue|')).toBe('2');
    expect(figures.get('correctiveActions|completedLate|')).toBe('1');
    expect(figures.get('correctiveActions|verifiedNotEffective|')).toBe('1');
  });

  it('documents the formulas in the OpenAPI operation', async () => {
    const response = await http().get('/docs-json');
    expect(response.status).toBe(200);
    const paths = (response.body as { paths: Record<string, { get: { description: string } }> }).paths;
    const description = paths['/reports/executive'].get.description;
    expect(description).toContain('rate points (0.05 = 5 points)');
    expect(description).toContain('环比');
    expect(description).toContain('the share acknowledged with an immediate reply');
    // The choices the repeat-customer definition makes, in both languages.
    expect(description).toContain('of the same category in the same business line');
    expect(description).toContain('abnormal complaints and merged duplicates never make a repeat');
    expect(description).toContain('在同一业务线有另一件同类型计数投诉');
    expect(paths['/reports/drill-down'].get.description).toContain('QUERY.PERIOD_REQUIRED');
  });

  describe('drill-down by period', () => {
    const drill = (query: Record<string, string>) =>
      http()
        .get('/reports/drill-down')
        .query({ businessLine: 'postal', ...query });

    it('lists the complaints behind a quarter figure', async () => {
      const response = await drill({ period: '2026-Q1', metric: 'volume' });
      expect(response.status).toBe(200);
      const { complaints, ...figures } = response.body as DrillDownReport;
      expect(figures).toEqual({
        metric: 'volume',
        key: null,
        period: '2026-Q1',
        filters: { businessLine: 'postal', orgUnit: null, scope: null },
        members: 9,
        total: 9,
        page: 1,
        pageSize: 50,
        pages: 1,
        complaintIds: ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09'],
      });
      // The table the dashboard shows: one row per id, in the same order.
      expect(complaints.map((row) => row.complaintId)).toEqual(figures.complaintIds);
    });

    it.each([
      // At the end of the quarter.
      [{ period: '2026-Q1', metric: 'overdueOpen' }, ['c05', 'q04']],
      // The satisfied share's numerator.
      [{ period: '2026-Q1', metric: 'satisfaction', key: 'result:satisfied' }, ['c01', 'c06', 'q05']],
      [{ period: '2025-Q4', metric: 'repeatCustomer' }, ['q01']],
      [{ period: '2026-01', metric: 'timeliness.late' }, ['c03', 'q03']],
      [{ period: '2025', metric: 'escalation' }, ['q01', 'y03']],
      // A week, as before.
      [{ week: '2026-W02', metric: 'volume' }, ['c02']],
    ])('%j lists %j', async (query, ids) => {
      const response = await drill(query);
      expect(response.status).toBe(200);
      expect((response.body as DrillDownReport).complaintIds).toEqual(ids);
    });

    it('names the week it listed when given a week', async () => {
      const response = await drill({ week: '2026-W02', metric: 'volume' });
      expect(response.body).toMatchObject({ week: '2026-W02', total: 1 });
      expect(response.body).not.toHaveProperty('period');
    });

    it.each([
      ['both a week and a period', { week: '2026-W02', period: '2026-Q1' }, 'week', 'QUERY.PERIOD_REQUIRED'],
      ['neither a week nor a period', {}, 'week', 'QUERY.PERIOD_REQUIRED'],
      ['a quarter that does not exist', { period: '2026-Q5' }, 'period', 'QUERY.INVALID_PERIOD'],
      ['a week that does not exist', { week: '2026-W99' }, 'week', 'QUERY.INVALID_WEEK'],
    ])('refuses %s with 400 naming the field', async (_case, query, field, code) => {
      const response = await drill({ metric: 'volume', ...query });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION.FAILED',
        errors: [{ field, code, reason: expect.any(String) }],
      });
    });
  });

  it.each([
    ['a quarter that does not exist', { period: '2026-Q5' }, 'period', 'QUERY.INVALID_PERIOD', 'Q1 to Q4'],
    ['a 13th month', { period: '2026-13' }, 'period', 'QUERY.INVALID_PERIOD', 'no month 13'],
    ['a week instead of a period', { period: '2026-W10' }, 'period', 'QUERY.INVALID_PERIOD', '2026-Q1'],
    ['no period', {}, 'period', 'QUERY.REQUIRED', ''],
    ['an unknown parameter', { ...quarter, region: 'north' }, 'region', 'QUERY.UNKNOWN_PARAMETER', ''],
    [
      'a hostile business line',
      { period: '2026-Q1', businessLine: "x' OR 1=1 --" },
      'businessLine',
      'QUERY.INVALID_BUSINESS_LINE',
      '',
    ],
    [
      'an org unit with control characters',
      { period: '2026-Q1', orgUnit: 'branch\n7' },
      'orgUnit',
      'QUERY.INVALID_ORG_UNIT',
      '',
    ],
  ])('refuses %s with 400 naming the field', async (_case, query, field, code, reason) => {
    for (const path of ['/reports/executive', '/reports/executive.csv']) {
      const response = await http().get(path).query(query);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION.FAILED',
        errors: [{ field, code, reason: expect.stringContaining(reason) }],
      });
    }
  });
});
