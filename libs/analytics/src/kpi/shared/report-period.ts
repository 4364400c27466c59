import { DateTime } from 'luxon';
import {
  assertTimeZone,
  DEFAULT_REPORTING_TIME_ZONE,
  FIRST_REPORT_YEAR,
  InvalidQueryError,
  LAST_REPORT_YEAR,
} from './iso-week';

/**
 * The calendar periods executives read trends by: a month, a quarter, a half-year or a year, placed in
 * the reporting time zone. `[start, end)` are the instants of local midnight on its first day and on the
 * first day after it, so a complaint belongs to the period its local date falls in.
 */
export const REPORT_PERIOD_KINDS = ['month', 'quarter', 'half', 'year'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

export type ReportPeriod = {
  /** `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`. */
  id: string;
  kind: ReportPeriodKind;
  timeZone: string;
  start: Date;
  end: Date;
};

/** A part of a period: one of its months, or one of the ISO weeks overlapping a month (clipped to it). */
export type SubPeriod = { id: string; start: Date; end: Date };
export type SubPeriodUnit = 'month' | 'isoWeek';

const MONTHS: Readonly<Record<ReportPeriodKind, number>> = { month: 1, quarter: 3, half: 6, year: 12 };

const FIRST_YEAR = FIRST_REPORT_YEAR;
const LAST_YEAR = LAST_REPORT_YEAR;

const PATTERN = /^(\d{4})(?:-(?:(\d{2})|Q(\d)|H(\d)))?$/;
const FORMAT = 'a month 2026-03, a quarter 2026-Q1, a half-year 2026-H1 or a year 2026';

const idOf = (kind: ReportPeriodKind, first: DateTime): string => {
  const year = String(first.year);
  const index = Math.floor((first.month - 1) / MONTHS[kind]) + 1;
  switch (kind) {
    case 'month':
      return `${year}-${String(first.month).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'half':
      return `${year}-H${index}`;
    case 'year':
      return year;
  }
};

/** The period of `kind` starting on the first day of `month` (1-12) of `year`, local midnight in `timeZone`. */
const periodAt = (kind: ReportPeriodKind, year: number, month: number, timeZone: string): ReportPeriod => {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: timeZone }).startOf('day');
  return {
    id: idOf(kind, first),
    kind,
    timeZone,
    start: first.toJSDate(),
    end: first.plus({ months: MONTHS[kind] }).toJSDate(),
  };
};

/** The period's first day in its own zone. */
const firstDay = (period: ReportPeriod): DateTime =>
  DateTime.fromJSDate(period.start, { zone: period.timeZone });

const invalid = (field: string, reason: string) =>
  new InvalidQueryError('QUERY.INVALID_PERIOD', field, reason);

/** The kind and first month an id names, or why it names none. */
const readId = (id: string): { kind: ReportPeriodKind; year: number; month: number } | string => {
  const match = PATTERN.exec(id);
  if (!match) return `'${id}' is not ${FORMAT}`;
  const [, yearText, month, quarter, half] = match;
  const year = Number(yearText);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return `${year} is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`;
  if (month !== undefined) {
    const value = Number(month);
    return value >= 1 && value <= 12 ? { kind: 'month', year, month: value } : `there is no month ${month}`;
  }
  if (quarter !== undefined) {
    const value = Number(quarter);
    return value >= 1 && value <= 4
      ? { kind: 'quarter', year, month: (value - 1) * 3 + 1 }
      : `there is no quarter Q${quarter}: Q1 to Q4`;
  }
  if (half !== undefined) {
    const value = Number(half);
    return value >= 1 && value <= 2
      ? { kind: 'half', year, month: (value - 1) * 6 + 1 }
      : `there is no half-year H${half}: H1 or H2`;
  }
  return { kind: 'year', year, month: 1 };
};

/** Parses a report period id and places it in `timeZone` (Asia/Shanghai unless told). */
export const parseReportPeriod = (
  id: string,
  timeZone = DEFAULT_REPORTING_TIME_ZONE,
  field = 'period',
): ReportPeriod => {
  const read = readId(id);
  if (typeof read === 'string') throw invalid(field, read);
  assertTimeZone(timeZone);
  return periodAt(read.kind, read.year, read.month, timeZone);
};

/** The period of the same kind just before (2026-Q1 → 2025-Q4, 2026-01 → 2025-12). */
export const previousPeriod = (period: ReportPeriod): ReportPeriod => {
  const before = firstDay(period).minus({ months: MONTHS[period.kind] });
  return periodAt(period.kind, before.year, before.month, period.timeZone);
};

/** The same period one year earlier (2026-Q1 → 2025-Q1); a year's is the year before. */
export const yearAgo = (period: ReportPeriod): ReportPeriod => {
  const first = firstDay(period);
  return periodAt(period.kind, first.year - 1, first.month, period.timeZone);
};

/**
 * The parts a period's volume chart is drawn by: the months of a quarter, half-year or year; for a
 * month, the ISO weeks overlapping it, each clipped to the month (the first and last may be partial
 * weeks), so that the parts always add up to the period.
 */
export const subPeriods = (period: ReportPeriod): { unit: SubPeriodUnit; parts: SubPeriod[] } => {
  const first = firstDay(period);
  const end = DateTime.fromJSDate(period.end, { zone: period.timeZone });
  if (period.kind !== 'month') {
    const parts = Array.from({ length: MONTHS[period.kind] }, (_, index) => {
      const month = first.plus({ months: index });
      return { id: idOf('month', month), start: month.toJSDate(), end: month.plus({ months: 1 }).toJSDate() };
    });
    return { unit: 'month', parts };
  }
  const parts: SubPeriod[] = [];
  for (let from = first; from < end;) {
    const nextMonday = from.startOf('week').plus({ weeks: 1 });
    const to = nextMonday < end ? nextMonday : end;
    parts.push({ id: from.toFormat("kkkk-'W'WW"), start: from.toJSDate(), end: to.toJSDate() });
    from = to;
  }
  return { unit: 'isoWeek', parts };
};
