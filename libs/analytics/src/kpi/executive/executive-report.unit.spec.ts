import { type ExecutiveReport, headlineTrends, rateChange, topCauseRows } from './executive-report.sql';
import { KPI_DEFINITIONS, type SetCounts } from '../shared';
import { EXECUTIVE_HEADLINE_KPIS, HEADLINE_KPI_IDS, REPORT_DEFINITIONS } from './report-definitions';

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

const counts = (entries: Record<string, Record<string, number>>): SetCounts =>
  new Map(
    Object.entries(entries).map(([name, byKey]) => [
      name,
      new Map(Object.entries(byKey).map(([key, members]) => [key, { members, complaints: members }])),
    ]),
  );

describe('executive report, pure parts', () => {
  it('a rate changes in rate points, and not at all when either rate is missing', () => {
    expect(rateChange(rate(3, 4), rate(1, 2))).toEqual({ difference: 0.25, relative: 0.5 });
    expect(rateChange(rate(1, 4), rate(0, 3))).toEqual({ difference: 0.25, relative: null });
    expect(rateChange(rate(1, 4), rate(0, 0))).toEqual({ difference: null, relative: null });
    expect(rateChange(rate(0, 0), rate(1, 2))).toEqual({ difference: null, relative: null });
  });

  it('gives every headline KPI as a count or a rate, in the order of its definition', () => {
    const figures = Object.fromEntries(
      HEADLINE_KPI_IDS.map((id) => [id, EXECUTIVE_HEADLINE_KPIS[id].unit === 'count' ? 4 : rate(1, 4)]),
    ) as Parameters<typeof headlineTrends>[0];
    const before = { ...figures, volume: 2, timeliness: rate(1, 2) };
    const trends = headlineTrends(figures, before, figures);
    expect(Object.keys(trends)).toEqual(HEADLINE_KPI_IDS);
    expect(trends.volume).toEqual({
      unit: 'count',
      current: 4,
      previousPeriod: 2,
      yearAgo: 4,
      changeVsPreviousPeriod: { difference: 2, relative: 1 },
      changeVsYearAgo: { difference: 0, relative: 0 },
    });
    expect(trends.timeliness).toMatchObject({
      unit: 'rate',
      changeVsPreviousPeriod: { difference: -0.25, relative: -0.5 },
    });
  });

  it('ranks the top causes by count, then the previous count, then code and unit; shares of all', () => {
    const rows = topCauseRows(
      counts({
        'current:rootCauses': {
          'staff/b/u1': 1,
          'staff/a/u2': 1,
          'staff/a/u1': 1,
          'staff/c/u1': 2,
          'x/y/z': 1,
        },
        'previous:rootCauses': { 'x/y/z': 3, 'gone/q/u': 5 },
        'yearAgo:rootCauses': { 'staff/c/u1': 1 },
      }),
      4,
    );
    expect(rows.map(({ causeCode, responsibleUnit }) => `${causeCode}/${responsibleUnit}`)).toEqual([
      'c/u1',
      'y/z',
      'a/u1',
      'a/u2',
    ]);
    expect(rows[0]).toMatchObject({ count: 2, share: 2 / 6, previousPeriod: 0, yearAgo: 1 });
    expect(rows[0].changeVsYearAgo).toEqual({ difference: 1, relative: 1 });
    expect(rows[1]).toMatchObject({
      count: 1,
      previousPeriod: 3,
      changeVsPreviousPeriod: { difference: -2 },
    });
  });

  it('defines the report, and each headline KPI reads a defined KPI', () => {
    for (const [id, definition] of Object.entries(REPORT_DEFINITIONS)) {
      expect(definition.id).toBe(id);
      for (const text of [
        definition.label['zh-CN'],
        definition.label.en,
        definition.formula['zh-CN'],
        definition.formula.en,
      ])
        expect(text.trim().length).toBeGreaterThan(0);
    }
    for (const { definedBy } of Object.values(EXECUTIVE_HEADLINE_KPIS))
      expect(KPI_DEFINITIONS[definedBy]).toBeDefined();
    const kpis: (keyof ExecutiveReport['kpis'])[] = HEADLINE_KPI_IDS;
    expect(kpis).toHaveLength(12);
  });
});
