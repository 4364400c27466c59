import { isoWeekday, localMidnight, parseDay, springFestival } from './calendar';
import { generateHistories } from './generate-histories';
import { HistoryStats } from './test-support/history-stats';

/** One year of 20,000 complaints, counted in one pass; the checks below read the counts. */
const stats = new HistoryStats();
beforeAll(() => {
  for (const append of generateHistories({ complaints: 20_000, seed: 7, end: '2026-03-02' }))
    stats.add(append);
});

const WEEK = HistoryStats.WEEK_MS;
const topShare = (counts: Iterable<number>, fraction: number): number => {
  const sorted = [...counts].sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  return sorted.slice(0, Math.ceil(sorted.length * fraction)).reduce((a, b) => a + b, 0) / total;
};

describe('realism of a generated year', () => {
  it('is skewed in its causes: the top 20 % of causes make at least 60 % of attributions', () =>
    expect(topShare(stats.causeCounts.values(), 0.2)).toBeGreaterThanOrEqual(0.6));

  it('is skewed in its business lines: the largest has several times the smallest', () => {
    const lines = [...stats.registrationsByLine.values()];
    expect(lines).toHaveLength(5);
    expect(Math.max(...lines)).toBeGreaterThan(3 * Math.min(...lines));
  });

  it('is busier on weekdays than at weekends', () => {
    const mean = (weekend: boolean) => {
      const days = [...stats.registrationsByDay].filter(([day]) => isoWeekday(day) >= 6 === weekend);
      return days.reduce((sum, [, n]) => sum + n, 0) / days.length;
    };
    expect(mean(false)).toBeGreaterThan(1.5 * mean(true));
  });

  it('dips around the Spring Festival and peaks towards the year end', () => {
    const week = (first: number) =>
      Array.from({ length: 7 }, (_, i) => stats.registrationsByDay.get(first + i) ?? 0).reduce(
        (a, b) => a + b,
        0,
      );
    const festival = springFestival(2026);
    expect(week(festival - 3)).toBeLessThan(0.7 * week(festival - 35));
    expect(week(parseDay('2025-12-15'))).toBeGreaterThan(week(parseDay('2025-10-13')));
  });

  it('has sudden incidents, each a burst of its cause in its unit: ≥ 3× the mean of the 8 weeks before', () => {
    expect(stats.incidents.size).toBeGreaterThanOrEqual(3);
    for (const { registration, causes } of stats.incidents.values()) {
      const cause = [...causes].sort((a, b) => b[1] - a[1])[0]![0];
      const key = `${registration.businessLine}|${registration.orgUnit}|${cause}`;
      const start = registration.receivedAt;
      const before = stats.countCause(key, start - 8 * WEEK, start) / 8;
      expect(stats.countCause(key, start, start + WEEK)).toBeGreaterThanOrEqual(Math.max(3 * before, 5));
    }
  });

  it('lowers a cause in its units after a verified, effective corrective action', () => {
    const verified = stats.actions.filter((a) => a.effective === true);
    expect(verified.length).toBeGreaterThanOrEqual(3);
    for (const action of verified) {
      const key = `${action.businessLine}|${action.orgUnits[0]}|${action.causeCodes[0]}`;
      const before = stats.countCause(key, action.startedAt! - 4 * WEEK, action.startedAt!);
      const after = stats.countCause(key, action.completedAt!, action.completedAt! + 4 * WEEK);
      expect(after).toBeLessThan(before);
    }
  });

  it('places every registration inside the range, none on or after the end day', () => {
    const days = [...stats.registrationsByDay.keys()];
    expect(Math.min(...days)).toBeGreaterThanOrEqual(parseDay('2025-03-02'));
    expect(localMidnight(Math.max(...days) + 1)).toBeLessThanOrEqual(localMidnight(parseDay('2026-03-02')));
  });
});
