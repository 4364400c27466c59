import { DateTime } from 'luxon';
import { assertTimeZone, FIRST_REPORT_YEAR, InvalidQueryError, LAST_REPORT_YEAR } from '../shared';
import { MAX_BUCKETS, SPIKE_RULE, type TrendGranularity } from './trend-definitions';

/**
 * The calendar of a trends request. Bucket, week and period boundaries are calendar days, so they are
 * computed as plain day numbers (days since 1970-01-01, no zone involved) and placed in the reporting
 * zone only to name their instants: a day that is 23 or 25 hours long changes no boundary.
 */
export type Day = number;

/** Days `[firstDay, endDay)` and the instants `[start, end)` they span in the reporting zone. */
export type CalendarSpan = { id: string; firstDay: Day; endDay: Day; start: Date; end: Date };

export type TrendCalendar = {
  timeZone: string;
  /** `[from, to]` as days `[firstDay, endDay)`. */
  range: CalendarSpan;
  /** The equally long period just before `from`. */
  previous: CalendarSpan;
  buckets: CalendarSpan[];
  /** The ISO weeks overlapping the range: each one is judged for a spike. */
  weeks: CalendarSpan[];
  /** Every day any figure needs: baselines, previous period, whole first and last buckets. */
  window: CalendarSpan;
};

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIRST_YEAR = FIRST_REPORT_YEAR;
const LAST_YEAR = LAST_REPORT_YEAR;

export const dayId = (day: Day): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const parseDay = (value: string): Day => Date.parse(`${value}T00:00:00Z`) / DAY_MS;

/** 1970-01-01 was a Thursday; ISO weeks start on Monday. */
export const mondayOf = (day: Day): Day => day - ((((day + 3) % 7) + 7) % 7);

const monthIndex = (day: Day): number => {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

const dayOfMonthIndex = (index: number): Day => Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;

const isoWeekId = (monday: Day): string =>
  DateTime.fromMillis(monday * DAY_MS, { zone: 'UTC' }).toFormat("kkkk-'W'WW");

/** Local midnight starting `day` in `timeZone` (the first instant of the day where midnight is skipped). */
const startOfDay = (day: Day, timeZone: string): Date =>
  DateTime.fromISO(dayId(day), { zone: timeZone }).toJSDate();

const span = (id: string, firstDay: Day, endDay: Day, timeZone: string): CalendarSpan => ({
  id,
  firstDay,
  endDay,
  start: startOfDay(firstDay, timeZone),
  end: startOfDay(endDay, timeZone),
});

/** Parses a calendar date `YYYY-MM-DD` that exists, in the years the store can hold with a look-back. */
export const parseCalendarDate = (value: string, field: string): Day => {
  const match = DATE.exec(value);
  const valid =
    match !== null &&
    DateTime.fromISO(value, { zone: 'UTC' }).isValid &&
    Number(match[1]) >= FIRST_YEAR &&
    Number(match[1]) <= LAST_YEAR;
  if (!valid)
    throw new InvalidQueryError(
      'QUERY.INVALID_DATE',
      field,
      `'${value}' is not a calendar date like 2026-03-02 between ${FIRST_YEAR} and ${LAST_YEAR}`,
    );
  return parseDay(value);
};

const bucketCount = (granularity: TrendGranularity, first: Day, last: Day): number => {
  switch (granularity) {
    case 'day':
      return last - first + 1;
    case 'week':
      return (mondayOf(last) - mondayOf(first)) / 7 + 1;
    case 'month':
      return monthIndex(last) - monthIndex(first) + 1;
    default: {
      const unknown: never = granularity;
      throw new Error(`Unknown granularity ${String(unknown)}`);
    }
  }
};

const weeksCovering = (first: Day, last: Day, timeZone: string): CalendarSpan[] => {
  const weeks: CalendarSpan[] = [];
  for (let monday = mondayOf(first); monday <= last; monday += 7)
    weeks.push(span(isoWeekId(monday), monday, monday + 7, timeZone));
  return weeks;
};

const bucketsCovering = (
  granularity: TrendGranularity,
  first: Day,
  last: Day,
  timeZone: string,
): CalendarSpan[] => {
  switch (granularity) {
    case 'day':
      return Array.from({ length: last - first + 1 }, (_, index) =>
        span(dayId(first + index), first + index, first + index + 1, timeZone),
      );
    case 'week':
      return weeksCovering(first, last, timeZone);
    case 'month': {
      const months: CalendarSpan[] = [];
      for (let index = monthIndex(first); index <= monthIndex(last); index += 1) {
        const firstDay = dayOfMonthIndex(index);
        months.push(span(dayId(firstDay).slice(0, 7), firstDay, dayOfMonthIndex(index + 1), timeZone));
      }
      return months;
    }
    default: {
      const unknown: never = granularity;
      throw new Error(`Unknown granularity ${String(unknown)}`);
    }
  }
};

/**
 * Validates the range (dates, zone, order, length) and lays out its buckets, the weeks judged for a
 * spike with their baselines, the previous period, and the days to fetch for all of them.
 */
export const trendCalendar = (
  granularity: TrendGranularity,
  from: string,
  to: string,
  timeZone: string,
): TrendCalendar => {
  const first = parseCalendarDate(from, 'from');
  const last = parseCalendarDate(to, 'to');
  assertTimeZone(timeZone);
  if (first > last)
    throw new InvalidQueryError('QUERY.INVALID_RANGE', 'from', `from ${from} is after to ${to}`);
  const count = bucketCount(granularity, first, last);
  if (count > MAX_BUCKETS[granularity])
    throw new InvalidQueryError(
      'QUERY.RANGE_TOO_LONG',
      'to',
      `${from} to ${to} spans ${count} ${granularity}s; at most ${MAX_BUCKETS[granularity]} for granularity ${granularity}`,
    );
  const length = last - first + 1;
  const buckets = bucketsCovering(granularity, first, last, timeZone);
  const weeks = weeksCovering(first, last, timeZone);
  const windowFirst = Math.min(
    buckets[0].firstDay,
    weeks[0].firstDay - 7 * SPIKE_RULE.baselineWeeks,
    first - length,
  );
  const windowEnd = Math.max(buckets[buckets.length - 1].endDay, weeks[weeks.length - 1].endDay);
  return {
    timeZone,
    range: span(`${from}/${to}`, first, last + 1, timeZone),
    previous: span(`${dayId(first - length)}/${dayId(first - 1)}`, first - length, first, timeZone),
    buckets,
    weeks,
    window: span(`${dayId(windowFirst)}/${dayId(windowEnd - 1)}`, windowFirst, windowEnd, timeZone),
  };
};
