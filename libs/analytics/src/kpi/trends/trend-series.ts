import { poissonUpperTail } from '../shared';
import { type CalendarSpan, type Day, type TrendCalendar, dayId } from './trend-calendar';
import { MAX_SERIES, SPIKE_RULE } from './trend-definitions';

/** One key's count on one calendar day (in the reporting zone) of the calendar's window. */
export type DailyCount = { key: string; family: string | null; day: Day; count: number };

export type TrendSpike = {
  /** ISO week `YYYY-Www`. */
  week: string;
  start: string;
  end: string;
  count: number;
  /** Mean count of the weeks before (see SPIKE_RULE), before the floor is applied. */
  baseline: number;
  /** P(X ≥ count) for X ~ Poisson(max(baseline, floor)). */
  probability: number;
};

export type TrendPoint = { bucket: string; count: number };

export type TrendSeries = {
  key: string;
  /** The cause family, on cause-code series. */
  family?: string;
  /** Count in `[from, to]` (a whole first or last bucket may hold days outside it). */
  total: number;
  points: TrendPoint[];
  spikes: TrendSpike[];
};

export type TopMover = {
  key: string;
  family?: string;
  current: number;
  previous: number;
  difference: number;
  relative: number | null;
};

export type TrendFigures = { series: TrendSeries[]; topMovers: TopMover[]; truncated: boolean };

/** A key's running total over the window: the count of any span is the difference of two entries. */
type Tally = { key: string; family: string | null; cumulative: Float64Array };

const tallyByKey = (counts: readonly DailyCount[], window: CalendarSpan): Tally[] => {
  const length = window.endDay - window.firstDay;
  const daily = new Map<string, { family: string | null; counts: Float64Array }>();
  for (const { key, family, day, count } of counts) {
    const index = day - window.firstDay;
    // The query fetches exactly the window; a day outside it would mean wrong figures, not fewer.
    if (!(index >= 0 && index < length))
      throw new RangeError(`Daily count on ${dayId(day)} lies outside the window ${window.id}`);
    const entry = daily.get(key) ?? { family, counts: new Float64Array(length) };
    // A code listed under two families (it should not be) is labelled by the first of them by name.
    if (family !== null && (entry.family === null || family < entry.family)) entry.family = family;
    entry.counts[index] += count;
    daily.set(key, entry);
  }
  return [...daily].map(([key, { family, counts: days }]) => {
    const cumulative = new Float64Array(length + 1);
    days.forEach((count, index) => (cumulative[index + 1] = cumulative[index] + count));
    return { key, family, cumulative };
  });
};

const countIn = (tally: Tally, window: CalendarSpan, firstDay: Day, endDay: Day): number =>
  tally.cumulative[endDay - window.firstDay] - tally.cumulative[firstDay - window.firstDay];

const spikesOf = (tally: Tally, calendar: TrendCalendar): TrendSpike[] =>
  calendar.weeks.flatMap((week) => {
    const count = countIn(tally, calendar.window, week.firstDay, week.endDay);
    if (count < SPIKE_RULE.minimumCount) return [];
    const baselineDays = 7 * SPIKE_RULE.baselineWeeks;
    const baseline =
      countIn(tally, calendar.window, week.firstDay - baselineDays, week.firstDay) / SPIKE_RULE.baselineWeeks;
    const probability = poissonUpperTail(count, Math.max(baseline, SPIKE_RULE.baselineFloor));
    if (probability >= SPIKE_RULE.significance) return [];
    return [
      {
        week: week.id,
        start: week.start.toISOString(),
        end: week.end.toISOString(),
        count,
        baseline,
        probability,
      },
    ];
  });

const byKey = (a: { key: string }, b: { key: string }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

const labelled = (tally: Tally) =>
  tally.family === null ? { key: tally.key } : { key: tally.key, family: tally.family };

/**
 * The series, spikes and top movers of the daily counts, as `trend-definitions.ts` defines them. Pure:
 * every figure is a sum over days of the calendar's window.
 */
export const trendFigures = (
  counts: readonly DailyCount[],
  calendar: TrendCalendar,
  top: number,
): TrendFigures => {
  const { window, range, previous } = calendar;
  const tallies = tallyByKey(counts, window);
  const listed = tallies
    .map((tally): TrendSeries => ({
      ...labelled(tally),
      total: countIn(tally, window, range.firstDay, range.endDay),
      points: calendar.buckets.map((bucket) => ({
        bucket: bucket.id,
        count: countIn(tally, window, bucket.firstDay, bucket.endDay),
      })),
      spikes: spikesOf(tally, calendar),
    }))
    .filter((series) => series.total > 0 || series.spikes.length > 0)
    .sort((a, b) => b.total - a.total || byKey(a, b));
  const topMovers = tallies
    .map((tally): TopMover => {
      const current = countIn(tally, window, range.firstDay, range.endDay);
      const before = countIn(tally, window, previous.firstDay, previous.endDay);
      return {
        ...labelled(tally),
        current,
        previous: before,
        difference: current - before,
        relative: before === 0 ? null : (current - before) / before,
      };
    })
    .filter((mover) => mover.difference !== 0)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || byKey(a, b))
    .slice(0, top);
  return { series: listed.slice(0, MAX_SERIES), topMovers, truncated: listed.length > MAX_SERIES };
};
