import { type Day, parseDay, trendCalendar } from './trend-calendar';
import { MAX_SERIES } from './trend-definitions';
import { type DailyCount, trendFigures } from './trend-series';

/** One week, 2026-W10 (Mon Mar 2 … Sun Mar 8), in UTC; its baseline weeks are W02 … W09. */
const calendar = trendCalendar('week', '2026-03-02', '2026-03-08', 'UTC');
const W10: Day = parseDay('2026-03-02');
const weeksBefore = (weeks: number): Day => W10 - 7 * weeks;

const daily = (key: string, day: Day, count = 1, family: string | null = null): DailyCount => ({
  key,
  family,
  day,
  count,
});

describe('trend figures from daily counts', () => {
  it('flags 5 after 8 empty weeks: λ = 0.5, P(X ≥ 5) ≈ 1.72e-4', () => {
    const { series } = trendFigures([daily('k', W10, 5)], calendar, 10);
    expect(series[0].spikes).toEqual([
      {
        week: '2026-W10',
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-09T00:00:00.000Z',
        count: 5,
        baseline: 0,
        probability: expect.closeTo(1.7211563e-4, 11),
      },
    ]);
  });

  it('does not flag 4, however unlikely (P(X ≥ 4 | 0.5) ≈ 1.75e-3)', () => {
    expect(trendFigures([daily('k', W10, 4)], calendar, 10).series[0].spikes).toEqual([]);
  });

  it('reports the baseline below the floor, and judges against the floor', () => {
    // 2 in the 8 weeks before: m = 0.25, λ = 0.5: P(X ≥ 6 | 0.5) ≈ 1.4165e-5.
    const counts = [daily('k', weeksBefore(8)), daily('k', weeksBefore(1) + 6), daily('k', W10 + 3, 6)];
    expect(trendFigures(counts, calendar, 10).series[0].spikes).toEqual([
      expect.objectContaining({ count: 6, baseline: 0.25, probability: expect.closeTo(1.4164937e-5, 12) }),
    ]);
  });

  it('leaves out the week 9 weeks back from the baseline', () => {
    // Over W09 … W10 the window reaches back to W01: 40 there would make W10's baseline 5 if it were
    // counted; it is not (W02 … W09 are empty), so 5 in W10 is a spike.
    const twoWeeks = trendCalendar('week', '2026-02-23', '2026-03-08', 'UTC');
    const counts = [daily('k', weeksBefore(9), 40), daily('k', W10, 5)];
    expect(trendFigures(counts, twoWeeks, 10).series[0].spikes.map((spike) => spike.week)).toEqual([
      '2026-W10',
    ]);
  });

  it('does not flag a count at the significance line: 8 over 8 weeks of 3 (P ≈ 0.0119)', () => {
    // P(X ≥ 8 | 3) = 1 − e^−3·(1 + 3 + 4.5 + 4.5 + 3.375 + 2.025 + 1.0125 + 0.433929) ≈ 0.011905.
    const history = Array.from({ length: 8 }, (_, index) => daily('k', weeksBefore(index + 1), 3));
    expect(trendFigures([...history, daily('k', W10, 8)], calendar, 10).series[0].spikes).toEqual([]);
  });

  it('lists a key without a count in the range only when it has a spike', () => {
    const { series, topMovers } = trendFigures([daily('quiet', weeksBefore(1), 3)], calendar, 10);
    expect(series).toEqual([]);
    expect(topMovers).toEqual([{ key: 'quiet', current: 0, previous: 3, difference: -3, relative: -1 }]);
  });

  it('leaves unchanged keys out of the top movers and ties by key', () => {
    const counts = [
      daily('same', W10, 2),
      daily('same', weeksBefore(1), 2),
      daily('b-up', W10, 1),
      daily('a-down', weeksBefore(1), 1),
    ];
    expect(
      trendFigures(counts, calendar, 10).topMovers.map((mover) => [mover.key, mover.difference]),
    ).toEqual([
      ['a-down', -1],
      ['b-up', 1],
    ]);
  });

  it(`lists at most ${MAX_SERIES} series, by total then key, and says it truncated`, () => {
    const counts = Array.from({ length: MAX_SERIES + 1 }, (_, index) =>
      daily(`key-${String(index).padStart(3, '0')}`, W10, index === 0 ? 3 : 1),
    );
    const { series, truncated } = trendFigures(counts, calendar, 10);
    expect(series).toHaveLength(MAX_SERIES);
    expect(truncated).toBe(true);
    expect(series.slice(0, 3).map((each) => each.key)).toEqual(['key-000', 'key-001', 'key-002']);
    expect(series[MAX_SERIES - 1].key).toBe('key-199');
  });

  it('labels a cause code with its family, the first by name if it came under two', () => {
    const counts = [daily('k', W10, 1, 'staff'), daily('k', W10 + 1, 1, 'facilities')];
    const { series } = trendFigures(counts, calendar, 10);
    expect(series[0]).toMatchObject({ key: 'k', family: 'facilities', total: 2 });
  });

  it('refuses a day outside the fetched window rather than miscount', () => {
    expect(() => trendFigures([daily('k', calendar.window.endDay)], calendar, 10)).toThrow(RangeError);
  });
});
