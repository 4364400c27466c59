/**
 * The generator's calendar: local days in the reporting time zone and how busy each one is. China
 * Standard Time has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact here.
 * Days are counted from 1970-01-01 (day 0, a Thursday).
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
const LOCAL_OFFSET_MS = 8 * HOUR_MS;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → day number; throws on anything that is not a real calendar date. */
export const parseDay = (date: string): number => {
  const match = DATE.exec(date);
  if (!match) throw new Error(`'${date}' is not a date as YYYY-MM-DD`);
  const [year, month, day] = [match[1], match[2], match[3]].map(Number);
  const ms = Date.UTC(year!, month! - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day)
    throw new Error(`'${date}' is not a calendar date`);
  return ms / DAY_MS;
};

export const formatDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The day `months` calendar months before `day` (the 31st becomes the month's last day). */
export const monthsBefore = (day: number, months: number): number => {
  const date = new Date(day * DAY_MS);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime() / DAY_MS;
};

/** The instant (epoch ms) of the local midnight that starts `day`. */
export const localMidnight = (day: number): number => day * DAY_MS - LOCAL_OFFSET_MS;

/** The local day an instant falls on. */
export const localDayOf = (ms: number): number => Math.floor((ms + LOCAL_OFFSET_MS) / DAY_MS);

/** ISO weekday: Monday 1 … Sunday 7. */
export const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** The Monday on or after `day`. */
export const nextMonday = (day: number): number => day + ((8 - isoWeekday(day)) % 7);

/** Weekdays are busier than weekends; Monday carries the weekend's backlog. */
const WEEKDAY_FACTOR = [0, 1.18, 1.1, 1.05, 1.0, 0.96, 0.58, 0.5];

export const weekdayFactor = (day: number): number => WEEKDAY_FACTOR[isoWeekday(day)]!;

/** Lunar New Year's Day; the calendar needs a table. Outside it the dip is placed around 1 February. */
const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

export const springFestival = (year: number): number =>
  parseDay(SPRING_FESTIVAL[year] ?? `${String(year).padStart(4, '0')}-02-01`);

/** 1 at the edges of [from, to], `depth` in the middle third: a smooth-enough dip or peak. */
const bump = (day: number, from: number, to: number, depth: number): number => {
  if (day < from || day > to) return 1;
  const third = (to - from) / 3;
  if (day < from + third) return 1 + ((depth - 1) * (day - from)) / third;
  if (day > to - third) return 1 + ((depth - 1) * (to - day)) / third;
  return depth;
};

const dayOfYear = (day: number): { year: number; month: number; date: number } => {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
};

/**
 * Seasonal volume of a business line on a day: the year-end peak (December into early January), the
 * Spring-Festival dip (the week around Lunar New Year), the National-Day holiday (1–7 October), and the
 * parcel peak after the 11 November sales for postal.
 */
export const seasonalFactor = (day: number, businessLine: string): number => {
  const { year, month, date } = dayOfYear(day);
  const festival = springFestival(month >= 6 ? year + 1 : year);
  let factor = bump(day, festival - 12, festival + 12, 0.35);
  const yearEnd = month === 12 ? parseDay(`${year}-12-01`) : parseDay(`${year - 1}-12-01`);
  factor *= bump(day, yearEnd, yearEnd + 42, 1.3);
  if (month === 10 && date <= 7) factor *= 0.65;
  if (businessLine === 'postal' && month === 11)
    factor *= bump(day, parseDay(`${year}-11-09`), parseDay(`${year}-11-28`), 1.8);
  return factor;
};

/** Arrivals by local hour: office hours peak mid-morning and mid-afternoon; the hotlines never close. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.25, 0.12, 0.08, 0.08, 0.1, 0.2, 0.5, 1.3, 3.2, 5.2, 6.0, 5.6, 3.8, 4.4, 5.6, 5.5, 5.0, 4.0, 3.0, 2.6, 2.2,
  1.6, 0.9, 0.45,
];
