import { ANALYST } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { recordTrendsScenario } from '@app/analytics/kpi/trends/test-support/trends.scenario';
import { type TrendsReport } from '../src/reports/trends/get-trends.query';

/** W10 … W14 of the scenario, postal: the range every expectation below is written for. */
const WEEKLY = {
  dimension: 'causeCode',
  granularity: 'week',
  from: '2026-03-02',
  to: '2026-04-05',
  businessLine: 'postal',
};

const csvLines = (text: string): string[] => text.trimEnd().split('\r\n');

describe('query service: root-cause trends over the hand-built scenario', () => {
  let service: QueryServiceUnderTest;
  const http = () => service.as(ANALYST);

  beforeAll(async () => {
    service = await startQueryService('trendsquery', recordTrendsScenario());
  });

  afterAll(async () => {
    await service?.close();
  });

  // The figures are the ones worked out by hand in libs/analytics/src/kpi/trends.int.spec.ts.
  it('answers the trends as JSON with their definitions', async () => {
    const response = await http().get('/reports/trends').query(WEEKLY);
    expect(response.status).toBe(200);
    const { trends, definitions } = response.body as TrendsReport;
    expect(trends).toMatchObject({
      dimension: 'causeCode',
      granularity: 'week',
      timeZone: 'Asia/Shanghai',
      filters: { businessLine: 'postal', orgUnit: null, scope: null },
      previousPeriod: { from: '2026-01-26', to: '2026-03-01' },
      truncated: false,
    });
    expect(trends.buckets[2]).toEqual({
      id: '2026-W12',
      start: '2026-03-15T16:00:00.000Z',
      end: '2026-03-22T16:00:00.000Z',
    });
    expect(
      trends.series.map(({ key, total, points }) => [key, total, points.map((point) => point.count)]),
    ).toEqual([
      ['transport-delay', 32, [6, 5, 7, 8, 6]],
      ['attitude', 11, [1, 1, 7, 1, 1]],
      ['system-outage', 4, [0, 4, 0, 0, 0]],
      ['misunderstanding', 2, [0, 0, 1, 0, 1]],
    ]);
    expect(trends.series[1].spikes).toEqual([
      {
        week: '2026-W12',
        start: '2026-03-15T16:00:00.000Z',
        end: '2026-03-22T16:00:00.000Z',
        count: 7,
        baseline: 1,
        probability: expect.closeTo(8.3241149e-5, 11),
      },
    ]);
    expect(trends.topMovers.map((mover) => [mover.key, mover.difference])).toEqual([
      ['attitude', 6],
      ['system-outage', 4],
      ['misunderstanding', 2],
      ['transport-delay', 2],
    ]);
    expect(definitions.map((each) => each.id)).toEqual(
      expect.arrayContaining([
        'causeCode',
        'causeFamily',
        'orgUnit',
        'buckets',
        'series',
        'spike',
        'topMovers',
      ]),
    );
    expect(definitions.find((each) => each.id === 'spike')?.label).toEqual({ 'zh-CN': '突增', en: 'Spike' });
  });

  it('reads top as a number and the org unit dimension', async () => {
    const response = await http()
      .get('/reports/trends')
      .query({ ...WEEKLY, dimension: 'orgUnit', top: '2' });
    expect(response.status).toBe(200);
    const { trends } = response.body as TrendsReport;
    expect(trends.series.map((series) => [series.key, series.total])).toEqual([
      ['branch-7', 32],
      ['branch-12', 12],
      ['branch-3', 4],
      ['branch-9', 2],
    ]);
    expect(trends.topMovers).toEqual([
      { key: 'branch-12', current: 12, previous: 5, difference: 7, relative: 1.4 },
      { key: 'branch-3', current: 4, previous: 0, difference: 4, relative: null },
    ]);
  });

  it('answers one CSV row per series point, marking spike weeks', async () => {
    const response = await http().get('/reports/trends.csv').query(WEEKLY);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csvLines(response.text);
    expect(lines[0]).toBe('key,family,bucket,bucketStart,count,spike');
    expect(lines).toHaveLength(1 + 4 * 5);
    expect(lines.slice(1, 6)).toEqual([
      'transport-delay,service-capacity,2026-W10,2026-03-01T16:00:00.000Z,6,',
      'transport-delay,service-capacity,2026-W11,2026-03-08T16:00:00.000Z,5,',
      'transport-delay,service-capacity,2026-W12,2026-03-15T16:00:00.000Z,7,',
      'transport-delay,service-capacity,2026-W13,2026-03-22T16:00:00.000Z,8,',
      'transport-delay,service-capacity,2026-W14,2026-03-29T16:00:00.000Z,6,',
    ]);
    expect(lines).toContain('attitude,staff,2026-W12,2026-03-15T16:00:00.000Z,7,1');
    expect(lines).toContain('attitude,staff,2026-W11,2026-03-08T16:00:00.000Z,1,');
  });

  it('leaves the spike column empty for days, and the family column for org units', async () => {
    const response = await http()
      .get('/reports/trends.csv')
      .query({ ...WEEKLY, dimension: 'orgUnit', granularity: 'day', from: '2026-03-16', to: '2026-03-16' });
    expect(response.status).toBe(200);
    expect(csvLines(response.text)).toEqual([
      'key,family,bucket,bucketStart,count,spike',
      'branch-12,,2026-03-16,2026-03-15T16:00:00.000Z,1,',
      'branch-7,,2026-03-16,2026-03-15T16:00:00.000Z,1,',
    ]);
  });

  it('answers the top movers as CSV', async () => {
    const response = await http().get('/reports/trends/top-movers.csv').query(WEEKLY);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvLines(response.text)).toEqual([
      'key,current,previous,difference,relative',
      'attitude,11,5,6,1.2',
      'system-outage,4,0,4,',
      'misunderstanding,2,0,2,',
      `transport-delay,32,30,2,${2 / 30}`,
    ]);
  });

  it('documents the formulas in the OpenAPI operation', async () => {
    const response = await http().get('/docs-json');
    expect(response.status).toBe(200);
    const paths = (response.body as { paths: Record<string, { get: { description: string } }> }).paths;
    expect(paths['/reports/trends'].get.description).toContain('P(X ≥ c) < 0.01 for X ~ Poisson(λ)');
    expect(paths['/reports/trends'].get.description).toContain('突增');
    expect(paths['/reports/trends.csv']).toBeDefined();
    expect(paths['/reports/trends/top-movers.csv']).toBeDefined();
  });

  it.each([
    ['from after to', { from: '2026-04-06' }, 'from', 'QUERY.INVALID_RANGE'],
    ['an unknown dimension', { dimension: 'channel' }, 'dimension', 'QUERY.UNKNOWN_DIMENSION'],
    ['an unknown granularity', { granularity: 'quarter' }, 'granularity', 'QUERY.UNKNOWN_GRANULARITY'],
    ['too long a range (157 weeks)', { from: '2023-04-03' }, 'to', 'QUERY.RANGE_TOO_LONG'],
    ['too long a range (367 days)', { granularity: 'day', from: '2025-04-04' }, 'to', 'QUERY.RANGE_TOO_LONG'],
    ['a date that does not exist', { from: '2026-02-30' }, 'from', 'QUERY.INVALID_DATE'],
    ['a date in another format', { to: '05/04/2026' }, 'to', 'QUERY.INVALID_DATE'],
    ['no from', { from: undefined }, 'from', 'QUERY.REQUIRED'],
    ['an unknown parameter', { region: 'north' }, 'region', 'QUERY.UNKNOWN_PARAMETER'],
    [
      'a SQL-looking business line',
      { businessLine: "postal' OR 1=1 --" },
      'businessLine',
      'QUERY.INVALID_BUSINESS_LINE',
    ],
    ['an org unit with control characters', { orgUnit: 'branch\n7' }, 'orgUnit', 'QUERY.INVALID_ORG_UNIT'],
    ['top 0', { top: '0' }, 'top', 'QUERY.INVALID_TOP'],
    ['top 51', { top: '51' }, 'top', 'QUERY.INVALID_TOP'],
    ['top not a number', { top: 'ten' }, 'top', 'QUERY.INVALID_TOP'],
  ])('refuses %s with 400 naming the field', async (_case, change, field, code) => {
    for (const path of ['/reports/trends', '/reports/trends.csv', '/reports/trends/top-movers.csv']) {
      const response = await http()
        .get(path)
        .query({ ...WEEKLY, ...change });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION.FAILED',
        errors: [{ field, code, reason: expect.any(String) }],
      });
    }
  });
});
