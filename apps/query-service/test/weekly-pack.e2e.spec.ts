import { ANALYST } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';

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

describe('query service: weekly pack over the hand-built scenario', () => {
  let service: QueryServiceUnderTest;
  const http = () => service.as(ANALYST);

  beforeAll(async () => {
    service = await startQueryService('query', recordScenario());
  });

  afterAll(async () => {
    await service?.close();
  });

  // The expected figures are the ones worked out by hand in libs/analytics/src/kpi/weekly-pack.int.spec.ts
  // (2026-W10, Asia/Shanghai, postal): volume 8 (abnormal 1, previous week 3, 4-week mean 2), on-time
  // 4/6 with 2 interim replies, 5 overdue, escalation 2/8, FCR 1/6, reopen 1/6, repeat 2/8, 4 follow-ups.
  it('answers the pack as JSON with the KPI definitions', async () => {
    const started = performance.now();
    const response = await http()
      .get('/reports/weekly-pack')
      .query({ week: '2026-W10', businessLine: 'postal' });
    const elapsedMs = performance.now() - started;
    expect(response.status).toBe(200);
    const { pack, definitions } = response.body as WeeklyPackReport;
    expect(pack.week).toEqual({
      id: '2026-W10',
      timeZone: 'Asia/Shanghai',
      start: '2026-03-01T16:00:00.000Z',
      end: '2026-03-08T16:00:00.000Z',
    });
    expect(pack.filters).toEqual({ businessLine: 'postal', orgUnit: null, scope: null });
    expect(pack.volume).toMatchObject({ count: 8, abnormal: 1, previousWeek: 3, meanOfPrevious4Weeks: 2 });
    expect(pack.timeliness).toEqual({ numerator: 4, denominator: 6, rate: 4 / 6, interimReplies: 2 });
    expect(pack.overdueOpen.total).toBe(5);
    expect(pack.escalation).toMatchObject({ numerator: 2, denominator: 8, rate: 0.25 });
    expect(pack.firstContactResolution).toEqual({ numerator: 1, denominator: 6, rate: 1 / 6 });
    expect(pack.reopen).toEqual({ numerator: 1, denominator: 6, rate: 1 / 6 });
    expect(pack.repeatCustomer).toEqual({ numerator: 2, denominator: 8, rate: 0.25 });
    expect(pack.satisfaction.followUps).toBe(4);
    expect(pack.rootCausePareto[0]).toMatchObject({ causeCode: 'transport-delay', count: 2 });
    expect(definitions.map((each) => each.id)).toContain('firstContactResolution');
    expect(definitions.find((each) => each.id === 'volume')?.label).toEqual({
      'zh-CN': '投诉量',
      en: 'Complaint volume',
    });
    console.info(`weekly pack over HTTP on the scenario: ${elapsedMs.toFixed(0)} ms`);
  });

  it('filters by org unit as the library does (branch-7: k03 and k07)', async () => {
    const response = await http()
      .get('/reports/weekly-pack')
      .query({ week: '2026-W10', businessLine: 'postal', orgUnit: 'branch-7' });
    expect(response.status).toBe(200);
    const { pack } = response.body as WeeklyPackReport;
    expect(pack.volume.count).toBe(2);
    expect(pack.repeatCustomer).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it('answers the same figures as CSV', async () => {
    const response = await http()
      .get('/reports/weekly-pack.csv')
      .query({ week: '2026-W10', businessLine: 'postal' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const figures = csvFigures(response.text);
    expect(figures.get('week|id|')).toBe('2026-W10');
    expect(figures.get('filters|businessLine|')).toBe('postal');
    expect(figures.get('filters|orgUnit|')).toBe('');
    expect(figures.get('volume|count|')).toBe('8');
    expect(figures.get('abnormal|count|')).toBe('1');
    expect(figures.get('volume|previous4Weeks|2026-W09')).toBe('3');
    expect(figures.get('breakdowns|channel|counter')).toBe('4');
    expect(Number(figures.get('timeliness|rate|'))).toBeCloseTo(4 / 6, 12);
    expect(figures.get('interimReplies|count|')).toBe('2');
    expect(figures.get('overdueOpen|total|')).toBe('5');
    expect(figures.get('escalation|rate|')).toBe('0.25');
    expect(figures.get('firstContactResolution|numerator|')).toBe('1');
    expect(figures.get('repeatCustomer|rate|')).toBe('0.25');
    expect(figures.get('satisfaction|followUps|')).toBe('4');
    expect(figures.get('rootCausePareto|count|service-capacity/transport-delay/hub-2')).toBe('2');
  });

  it('documents the formulas in the OpenAPI operation', async () => {
    const response = await http().get('/docs-json');
    expect(response.status).toBe(200);
    const description = (response.body as { paths: Record<string, { get: { description: string } }> }).paths[
      '/reports/weekly-pack'
    ].get.description;
    expect(description).toContain('the share acknowledged with an immediate reply');
    // The choices the repeat-customer definition makes, in both languages.
    expect(description).toContain('of the same category in the same business line');
    expect(description).toContain('abnormal complaints and merged duplicates never make a repeat');
    expect(description).toContain('在同一业务线有另一件同类型计数投诉');
    expect(description).toContain('首问解决率');
  });

  it('reports the analytics store healthy', async () => {
    const response = await http().get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { analyticsStore: { status: 'up' } } });
  });

  it.each([
    ['a week that does not exist', { week: '2026-W99' }, 'week', 'QUERY.INVALID_WEEK'],
    ['a month instead of a week', { week: '2026-10' }, 'week', 'QUERY.INVALID_WEEK'],
    ['no week', {}, 'week', 'QUERY.REQUIRED'],
    ['an unknown parameter', { week: '2026-W10', region: 'north' }, 'region', 'QUERY.UNKNOWN_PARAMETER'],
    [
      'a hostile business line',
      { week: '2026-W10', businessLine: "x' OR 1=1 --" },
      'businessLine',
      'QUERY.INVALID_BUSINESS_LINE',
    ],
    [
      'an org unit with control characters',
      { week: '2026-W10', orgUnit: 'branch\n7' },
      'orgUnit',
      'QUERY.INVALID_ORG_UNIT',
    ],
  ])('refuses %s with 400 naming the field', async (_case, query, field, code) => {
    for (const path of ['/reports/weekly-pack', '/reports/weekly-pack.csv']) {
      const response = await http().get(path).query(query);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION.FAILED',
        errors: [{ field, code, reason: expect.any(String) }],
      });
    }
  });
});
