import { DomainError } from '@app/complaints';
import { DateTime, IANAZone } from 'luxon';

export const DEFAULT_REPORTING_TIME_ZONE = 'Asia/Shanghai';

/** A query parameter that cannot be used: names the field and the reason; mapped to 422 like any rule. */
export class InvalidQueryError extends DomainError {
  constructor(
    code: string,
    field: string,
    readonly reason: string,
  ) {
    super(code, `${field}: ${reason}`, field);
    this.name = 'InvalidQueryError';
  }
}

/** An ISO week placed in a reporting time zone: `[start, end)` are the instants of its Monday 00:00 and the next. */
export type IsoWeek = {
  /** `YYYY-Www`, e.g. `2026-W10`. */
  id: string;
  weekYear: number;
  weekNumber: number;
  timeZone: string;
  start: Date;
  end: Date;
};

/**
 * The calendar the reports answer for: years whose instants, and a year-ago comparison, lie inside
 * the analytics store's DateTime64 range. A week, period or date outside it is a bad parameter (400),
 * not a query that fails.
 */
export const FIRST_REPORT_YEAR = 1970;
export const LAST_REPORT_YEAR = 2199;

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export const assertTimeZone = (timeZone: string, field = 'timeZone'): string => {
  if (!IANAZone.isValidZone(timeZone))
    throw new InvalidQueryError('QUERY.INVALID_TIME_ZONE', field, `'${timeZone}' is not an IANA time zone`);
  return timeZone;
};

const weekAt = (monday: DateTime): IsoWeek => ({
  id: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
  weekYear: monday.weekYear,
  weekNumber: monday.weekNumber,
  timeZone: monday.zoneName ?? DEFAULT_REPORTING_TIME_ZONE,
  start: monday.toJSDate(),
  end: monday.plus({ weeks: 1 }).toJSDate(),
});

/** Parses `YYYY-Www` and places the week in `timeZone`; week 53 only exists in long ISO years. */
export const parseIsoWeek = (
  week: string,
  timeZone = DEFAULT_REPORTING_TIME_ZONE,
  field = 'week',
): IsoWeek => {
  const match = WEEK_PATTERN.exec(week);
  if (!match)
    throw new InvalidQueryError('QUERY.INVALID_WEEK', field, `'${week}' is not an ISO week like 2026-W10`);
  assertTimeZone(timeZone);
  const weekYear = Number(match[1]);
  const weekNumber = Number(match[2]);
  if (weekYear < FIRST_REPORT_YEAR || weekYear > LAST_REPORT_YEAR)
    throw new InvalidQueryError(
      'QUERY.INVALID_WEEK',
      field,
      `${weekYear} is outside the years ${FIRST_REPORT_YEAR} to ${LAST_REPORT_YEAR}`,
    );
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: timeZone });
  if (weekNumber < 1 || !monday.isValid || monday.weekYear !== weekYear || monday.weekNumber !== weekNumber)
    throw new InvalidQueryError(
      'QUERY.INVALID_WEEK',
      field,
      `${weekYear} has no ISO week ${weekNumber} (it has ${DateTime.fromObject({ weekYear }).weeksInWeekYear})`,
    );
  return weekAt(monday.startOf('day'));
};

/** The week `count` weeks before (`count` ≥ 0), in the same time zone. */
export const weeksBefore = (week: IsoWeek, count: number): IsoWeek =>
  weekAt(DateTime.fromJSDate(week.start, { zone: week.timeZone }).minus({ weeks: count }).startOf('day'));

/** The `count` weeks before `week`, nearest first. */
export const previousWeeks = (week: IsoWeek, count: number): IsoWeek[] =>
  Array.from({ length: count }, (_, index) => weeksBefore(week, index + 1));
