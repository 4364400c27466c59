import { migrate } from '../../migrations/migrate';
import { projectBatch } from '../../projections/project-event';
import { writeRows } from '../../read-model/write-rows';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../../test-support/chdb-test-database';
import { ctx } from '../../test-support/projection-fixtures';
import { recordTrendsScenario } from './test-support/trends.scenario';
import { type RootCauseTrends, type TrendsRequest, rootCauseTrends } from './trends.sql';

/**
 * The expected figures are worked out by hand from the scenario's table (see `trends.scenario.ts`),
 * in Asia/Shanghai. Week instants: Monday 00:00 +08:00 is Sunday 16:00Z.
 */
describe('root-cause trends on chDB', () => {
  let db: ChdbTestDatabase;
  const events = recordTrendsScenario();

  beforeAll(async () => {
    db = await openChdbTestDatabase('trends');
    await migrate(db.store, db.database);
    const projected = projectBatch(events, ctx);
    expect(projected.outcomes).toEqual({ applied: events.length, duplicate: 0, rejected: 0 });
    await writeRows(db.store, db.database, projected.rows);
    // A redelivered batch must change nothing: every read is of deduplicated state.
    await writeRows(db.store, db.database, projected.rows);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const trends = (request: Partial<TrendsRequest> = {}) =>
    rootCauseTrends(db.store, db.database, {
      dimension: 'causeCode',
      granularity: 'week',
      from: '2026-03-02',
      to: '2026-04-05',
      businessLine: 'postal',
      ...request,
    });

  /** `key → counts by bucket` (and total), the shape the expectations are written in. */
  const pointsOf = (result: RootCauseTrends) =>
    result.series.map(({ key, total, points }) => [key, total, points.map((point) => point.count)]);

  const WEEKS_10_TO_14 = [
    { id: '2026-W10', start: '2026-03-01T16:00:00.000Z', end: '2026-03-08T16:00:00.000Z' },
    { id: '2026-W11', start: '2026-03-08T16:00:00.000Z', end: '2026-03-15T16:00:00.000Z' },
    { id: '2026-W12', start: '2026-03-15T16:00:00.000Z', end: '2026-03-22T16:00:00.000Z' },
    { id: '2026-W13', start: '2026-03-22T16:00:00.000Z', end: '2026-03-29T16:00:00.000Z' },
    { id: '2026-W14', start: '2026-03-29T16:00:00.000Z', end: '2026-04-05T16:00:00.000Z' },
  ];

  /**
   * Attitude in W12: c = 7; the 8 weeks before (W04 … W11) hold 1, 2, 1, 1, 1, 0, 1, 1 = 8, m = 1,
   * λ = max(1, 0.5) = 1. P(X ≥ 7 | 1) = 1 − e^−1·(1 + 1 + 1/2 + 1/6 + 1/24 + 1/120 + 1/720)
   * = 1 − 0.36787944 × 2.71805556 = 1 − 0.99991676 ≈ 8.3241e-5 < 0.01, and 7 ≥ 5: a spike.
   */
  const ATTITUDE_W12_SPIKE = {
    week: '2026-W12',
    start: '2026-03-15T16:00:00.000Z',
    end: '2026-03-22T16:00:00.000Z',
    count: 7,
    baseline: 1,
    probability: expect.closeTo(8.3241149e-5, 11) as number,
  };

  describe('by cause code, weekly, 2026-03-02 … 2026-04-05 (W10 … W14), postal', () => {
    let result: RootCauseTrends;
    let elapsedMs: number;

    beforeAll(async () => {
      const started = performance.now();
      result = await trends();
      elapsedMs = performance.now() - started;
    });

    it('names the request, the buckets and the previous period', () => {
      expect(result).toMatchObject({
        dimension: 'causeCode',
        granularity: 'week',
        timeZone: 'Asia/Shanghai',
        from: '2026-03-02',
        to: '2026-04-05',
        filters: { businessLine: 'postal', orgUnit: null, scope: null },
        // 35 days before 2026-03-02: W05 … W09.
        previousPeriod: { from: '2026-01-26', to: '2026-03-01' },
        truncated: false,
      });
      expect(result.buckets).toEqual(WEEKS_10_TO_14);
      console.info(`root-cause trends on the scenario: ${elapsedMs.toFixed(0)} ms`);
      expect(elapsedMs).toBeLessThan(10_000);
    });

    it('counts each cause per week, zeros filled, by total descending', () => {
      // Attitude W12: the 7 of the burst; the merged duplicate, the abnormal complaint and the replaced
      // cause are not counted. W14: the complaint with A and D counts in both series.
      expect(pointsOf(result)).toEqual([
        ['transport-delay', 32, [6, 5, 7, 8, 6]],
        ['attitude', 11, [1, 1, 7, 1, 1]],
        ['system-outage', 4, [0, 4, 0, 0, 0]],
        ['misunderstanding', 2, [0, 0, 1, 0, 1]],
      ]);
      expect(result.series.map(({ key, family }) => [key, family])).toEqual([
        ['transport-delay', 'service-capacity'],
        ['attitude', 'staff'],
        ['system-outage', 'facilities'],
        ['misunderstanding', 'customer'],
      ]);
      expect(result.series[0].points.map((point) => point.bucket)).toEqual(
        WEEKS_10_TO_14.map((week) => week.id),
      );
    });

    it('flags the attitude burst of W12 and nothing else', () => {
      expect(result.series.find((series) => series.key === 'attitude')?.spikes).toEqual([ATTITUDE_W12_SPIKE]);
      // Transport delay W13: c = 8, W05 … W12 = 6, 6, 5, 7, 6, 6, 5, 7 → m = 6;
      //   P(X ≥ 8 | 6) = 1 − e^−6·(1 + 6 + 18 + 36 + 54 + 64.8 + 64.8 + 55.54) ≈ 0.256: high, but usual.
      // System outage W11: c = 4 after none, λ = 0.5; P(X ≥ 4 | 0.5) = 1 − e^−0.5·(1 + 0.5 + 0.125
      //   + 0.0208) ≈ 1.75e-3 < 0.01, but 4 < 5: too few to call a spike.
      expect(result.series.filter((series) => series.key !== 'attitude').map((s) => s.spikes)).toEqual([
        [],
        [],
        [],
      ]);
    });

    it('ranks the top movers against W05 … W09', () => {
      // Previous: attitude W05 2 (Mon Jan 26, Sun Feb 1) + W06 … W09 1, 1, 1, 0 = 5;
      // transport delay 6 + 6 + 5 + 7 + 6 = 30; system outage and misunderstanding 0.
      expect(result.topMovers).toEqual([
        { key: 'attitude', family: 'staff', current: 11, previous: 5, difference: 6, relative: 1.2 },
        {
          key: 'system-outage',
          family: 'facilities',
          current: 4,
          previous: 0,
          difference: 4,
          relative: null,
        },
        // Tied at 2: by key.
        {
          key: 'misunderstanding',
          family: 'customer',
          current: 2,
          previous: 0,
          difference: 2,
          relative: null,
        },
        {
          key: 'transport-delay',
          family: 'service-capacity',
          current: 32,
          previous: 30,
          difference: 2,
          relative: 2 / 30,
        },
      ]);
    });
  });

  it('by cause family: the same counts under the family, no family label', async () => {
    const result = await trends({ dimension: 'causeFamily' });
    expect(pointsOf(result)).toEqual([
      ['service-capacity', 32, [6, 5, 7, 8, 6]],
      ['staff', 11, [1, 1, 7, 1, 1]],
      ['facilities', 4, [0, 4, 0, 0, 0]],
      ['customer', 2, [0, 0, 1, 0, 1]],
    ]);
    expect(result.series.some((series) => 'family' in series)).toBe(false);
    expect(result.series[1].spikes).toEqual([ATTITUDE_W12_SPIKE]);
  });

  it('by receiving org unit: counted complaints, with or without causes', async () => {
    const result = await trends({ dimension: 'orgUnit' });
    // branch-12: attitude complaints + W12's replaced one (now D) + W14's A-and-D complaint (once).
    // branch-9: two complaints with no cause yet.
    expect(pointsOf(result)).toEqual([
      ['branch-7', 32, [6, 5, 7, 8, 6]],
      ['branch-12', 12, [1, 1, 8, 1, 1]],
      ['branch-3', 4, [0, 4, 0, 0, 0]],
      ['branch-9', 2, [0, 2, 0, 0, 0]],
    ]);
    // branch-12 W12: c = 8 over m = 1 (W04 … W11 as for attitude); P(X ≥ 8 | 1)
    // = 1 − e^−1·(2.71805556 + 1/5040) = 1 − 0.36787944 × 2.71825397 ≈ 1.0249e-5.
    expect(result.series[1].spikes).toEqual([
      { ...ATTITUDE_W12_SPIKE, count: 8, probability: expect.closeTo(1.0249197e-5, 11) },
    ]);
    expect(result.series.filter((series) => series.key !== 'branch-12').flatMap((s) => s.spikes)).toEqual([]);
    expect(result.topMovers).toEqual([
      { key: 'branch-12', current: 12, previous: 5, difference: 7, relative: 1.4 },
      { key: 'branch-3', current: 4, previous: 0, difference: 4, relative: null },
      { key: 'branch-7', current: 32, previous: 30, difference: 2, relative: 2 / 30 },
      { key: 'branch-9', current: 2, previous: 0, difference: 2, relative: null },
    ]);
  });

  it('by day, 2026-03-14 … 2026-03-22, in the reporting zone', async () => {
    const result = await trends({ granularity: 'day', from: '2026-03-14', to: '2026-03-22' });
    expect(result.buckets[0]).toEqual({
      id: '2026-03-14',
      start: '2026-03-13T16:00:00.000Z',
      end: '2026-03-14T16:00:00.000Z',
    });
    expect(result.buckets.map((bucket) => bucket.id)).toEqual([
      '2026-03-14',
      '2026-03-15',
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
    ]);
    // Attitude's Monday 01:00 complaint is Sunday 17:00 UTC, but Monday the 16th in Shanghai.
    // Transport delay: none Sat 14 / Sun 15 (W11's 5 are Mon … Fri), then one a day in W12.
    // System outage: its 4 (Mar 9 … 12) lie before the range and its week is no spike: not listed.
    expect(pointsOf(result)).toEqual([
      ['attitude', 7, [0, 0, 1, 2, 3, 1, 0, 0, 0]],
      ['transport-delay', 7, [0, 0, 1, 1, 1, 1, 1, 1, 1]],
      ['misunderstanding', 1, [0, 0, 0, 0, 0, 0, 1, 0, 0]],
    ]);
    // The rule stays weekly: W11 and W12 overlap the range.
    expect(result.series[0].spikes).toEqual([ATTITUDE_W12_SPIKE]);
    // Previous 9 days, Mar 5 … 13: attitude Thu 5 and Fri 13 = 2; transport delay Mar 5, 6, 7 (W10)
    // + 5 (W11) = 8; system outage 4; misunderstanding 0.
    expect(result.previousPeriod).toEqual({ from: '2026-03-05', to: '2026-03-13' });
    expect(result.topMovers).toEqual([
      { key: 'attitude', family: 'staff', current: 7, previous: 2, difference: 5, relative: 2.5 },
      { key: 'system-outage', family: 'facilities', current: 0, previous: 4, difference: -4, relative: -1 },
      { key: 'misunderstanding', family: 'customer', current: 1, previous: 0, difference: 1, relative: null },
      {
        key: 'transport-delay',
        family: 'service-capacity',
        current: 7,
        previous: 8,
        difference: -1,
        relative: -0.125,
      },
    ]);
  });

  it('by month, 2026-02-01 … 2026-03-31', async () => {
    const result = await trends({ granularity: 'month', from: '2026-02-01', to: '2026-03-31' });
    expect(result.buckets).toEqual([
      { id: '2026-02', start: '2026-01-31T16:00:00.000Z', end: '2026-02-28T16:00:00.000Z' },
      { id: '2026-03', start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' },
    ]);
    // Attitude Feb: Sun 1 (W05), 6, 11, 17 = 4; Mar: 5, 13, the 7 of W12, 25 = 10 (W14's is Apr 2).
    // Transport delay Feb: W06 6 + W07 5 + W08 7 + W09 6 (Feb 23 … 28) = 24 (W05's 6 are Jan 26 … 31);
    // Mar: W10 6 + W11 5 + W12 7 + W13 8 + W14's Mon 30 and Tue 31 = 28.
    expect(pointsOf(result)).toEqual([
      ['transport-delay', 52, [24, 28]],
      ['attitude', 14, [4, 10]],
      ['system-outage', 4, [0, 4]],
      ['misunderstanding', 1, [0, 1]],
    ]);
    // Weeks judged: W05 … W14. Transport delay's early weeks have a thin history, still no spike:
    // W05 c = 6 over (6 + 5 + 7) / 8 = 2.25 → P ≈ 0.0274; W06 c = 6 over 3 → P ≈ 0.0839.
    expect(result.series.map((series) => series.spikes)).toEqual([[], [ATTITUDE_W12_SPIKE], [], []]);
    // Previous 59 days, 2025-12-04 … 2026-01-31: attitude Jan 7, 13, 22, 26 = 4; transport delay
    // W02 … W05 = 6 + 5 + 7 + 6 = 24.
    expect(result.previousPeriod).toEqual({ from: '2025-12-04', to: '2026-01-31' });
    expect(
      result.topMovers.map(({ key, current, previous, difference }) => [key, current, previous, difference]),
    ).toEqual([
      ['transport-delay', 52, 24, 28],
      ['attitude', 14, 4, 10],
      ['system-outage', 4, 0, 4],
      ['misunderstanding', 1, 0, 1],
    ]);
  });

  it('counts whole weeks in the buckets but only [from, to] in the totals', async () => {
    // Wednesday Mar 4 … Wednesday Mar 18: W10 starts before from, W12 ends after to.
    const result = await trends({ from: '2026-03-04', to: '2026-03-18' });
    expect(result.buckets).toEqual(WEEKS_10_TO_14.slice(0, 3));
    // Totals: transport delay W10 Wed 4 … Sat 7 = 4, W11 5, W12 Mon 16 … Wed 18 = 3 → 12;
    // attitude Mar 5, Mar 13, Mar 16 1 + 17 2 + 18 3 → 8. Misunderstanding's one (Fri 20) is outside.
    expect(pointsOf(result)).toEqual([
      ['transport-delay', 12, [6, 5, 7]],
      ['attitude', 8, [1, 1, 7]],
      ['system-outage', 4, [0, 4, 0]],
    ]);
  });

  it('without a business line filter: telecom adds 3 to attitude in W12', async () => {
    const result = await trends({ businessLine: undefined });
    expect(result.filters).toEqual({ businessLine: null, orgUnit: null, scope: null });
    const attitude = result.series.find((series) => series.key === 'attitude');
    expect(attitude?.points.map((point) => point.count)).toEqual([1, 1, 10, 1, 1]);
    // P(X ≥ 10 | 1) = 1 − e^−1·Σ_{i<10} 1/i! ≈ 1.1143e-7.
    expect(attitude?.spikes).toEqual([
      { ...ATTITUDE_W12_SPIKE, count: 10, probability: expect.closeTo(1.1142548e-7, 13) },
    ]);
  });

  it('filters by receiving org unit', async () => {
    const result = await trends({ orgUnit: 'branch-12' });
    expect(result.filters).toEqual({ businessLine: 'postal', orgUnit: 'branch-12', scope: null });
    expect(pointsOf(result)).toEqual([
      ['attitude', 11, [1, 1, 7, 1, 1]],
      ['misunderstanding', 2, [0, 0, 1, 0, 1]],
    ]);
  });

  it('lists only the top movers asked for', async () => {
    const result = await trends({ top: 1 });
    expect(result.topMovers.map((mover) => mover.key)).toEqual(['attitude']);
  });

  it('answers empty series for a range without complaints', async () => {
    const result = await trends({ from: '2027-01-04', to: '2027-01-10' });
    expect(result.series).toEqual([]);
    expect(result.topMovers).toEqual([]);
    expect(result.buckets.map((bucket) => bucket.id)).toEqual(['2027-W01']);
  });
});
