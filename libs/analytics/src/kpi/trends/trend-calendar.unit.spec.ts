import { InvalidQueryError } from '../shared';
import { type CalendarSpan, dayId, mondayOf, parseDay, trendCalendar } from './trend-calendar';

const iso = (date: Date) => date.toISOString();
const ids = (spans: CalendarSpan[]) => spans.map((span) => span.id);

const thrown = (run: () => unknown): InvalidQueryError => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidQueryError) return error;
    throw error;
  }
  throw new Error('expected an InvalidQueryError');
};

describe('trend calendar', () => {
  it('counts days from 1970-01-01 and finds Mondays, before 1970 too', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(dayId(parseDay('2026-03-02'))).toBe('2026-03-02');
    expect(dayId(mondayOf(parseDay('2026-03-08')))).toBe('2026-03-02'); // Sunday → its Monday
    expect(dayId(mondayOf(parseDay('2026-03-02')))).toBe('2026-03-02');
    expect(dayId(mondayOf(parseDay('1969-12-31')))).toBe('1969-12-29');
  });

  it('lays out days in the zone, a DST day 23 hours long', () => {
    const calendar = trendCalendar('day', '2026-03-28', '2026-03-30', 'Europe/Berlin');
    expect(calendar.buckets.map(({ id, start, end }) => [id, iso(start), iso(end)])).toEqual([
      ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ]);
  });

  it('names ISO weeks across a year end, week 53 included', () => {
    expect(ids(trendCalendar('week', '2025-12-31', '2026-01-06', 'UTC').buckets)).toEqual([
      '2026-W01',
      '2026-W02',
    ]);
    expect(ids(trendCalendar('week', '2020-12-31', '2021-01-04', 'UTC').buckets)).toEqual([
      '2020-W53',
      '2021-W01',
    ]);
  });

  it('covers the range with whole weeks: the first may start before from, the last end after to', () => {
    const calendar = trendCalendar('week', '2026-03-04', '2026-03-18', 'Asia/Shanghai');
    expect(ids(calendar.buckets)).toEqual(['2026-W10', '2026-W11', '2026-W12']);
    expect(iso(calendar.buckets[0].start)).toBe('2026-03-01T16:00:00.000Z');
    expect(iso(calendar.range.start)).toBe('2026-03-03T16:00:00.000Z');
    expect(iso(calendar.buckets[2].end)).toBe('2026-03-22T16:00:00.000Z');
    expect(iso(calendar.range.end)).toBe('2026-03-18T16:00:00.000Z');
  });

  it('covers the range with calendar months, February of a leap year included', () => {
    const calendar = trendCalendar('month', '2028-01-15', '2028-03-01', 'UTC');
    expect(
      calendar.buckets.map(({ id, firstDay, endDay }) => [id, dayId(firstDay), endDay - firstDay]),
    ).toEqual([
      ['2028-01', '2028-01-01', 31],
      ['2028-02', '2028-02-01', 29],
      ['2028-03', '2028-03-01', 31],
    ]);
  });

  it('judges the weeks overlapping the range, whatever the granularity', () => {
    expect(ids(trendCalendar('month', '2026-02-01', '2026-02-28', 'UTC').weeks)).toEqual([
      '2026-W05',
      '2026-W06',
      '2026-W07',
      '2026-W08',
      '2026-W09',
    ]);
  });

  it('fetches the 8 weeks before the first week and the equally long period before from', () => {
    // 9 days from Sat Mar 14: previous Mar 5 … 13; first week W11 (Mar 9) − 56 days = Jan 12.
    const short = trendCalendar('day', '2026-03-14', '2026-03-22', 'UTC');
    expect([dayId(short.previous.firstDay), dayId(short.previous.endDay - 1)]).toEqual([
      '2026-03-05',
      '2026-03-13',
    ]);
    expect([dayId(short.window.firstDay), dayId(short.window.endDay)]).toEqual(['2026-01-12', '2026-03-23']);
    // A year: the previous year reaches further back than the baseline weeks.
    const long = trendCalendar('month', '2026-01-01', '2026-12-31', 'UTC');
    expect(dayId(long.window.firstDay)).toBe('2025-01-01');
    expect(dayId(long.window.endDay)).toBe('2027-01-04'); // the end of 2026-W53, which overlaps Dec 31
  });

  it.each([
    ['day', '2028-01-01', '2028-12-31', '2029-01-01'], // 366 days fit, 367 do not
    ['week', '2026-01-05', '2028-12-31', '2029-01-01'], // 156 ISO weeks fit, 157 do not
    ['month', '2026-01-01', '2035-12-31', '2036-01-01'], // 120 months fit, 121 do not
  ] as const)('allows at most the longest range by %s', (granularity, from, longest, tooFar) => {
    expect(() => trendCalendar(granularity, from, longest, 'UTC')).not.toThrow();
    const error = thrown(() => trendCalendar(granularity, from, tooFar, 'UTC'));
    expect([error.code, error.field]).toEqual(['QUERY.RANGE_TOO_LONG', 'to']);
  });

  it.each([
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-3-2', '2026-03-05', 'from'],
    ["x' OR 1=1 --", '2026-03-05', 'from'],
    ['1969-12-31', '2026-03-05', 'from'],
    ['2026-03-02', '2200-01-01', 'to'],
    ['2026-03-02', '2026-03-02T00:00', 'to'],
  ])('refuses %j … %j with QUERY.INVALID_DATE on %s', (from, to, field) => {
    const error = thrown(() => trendCalendar('day', from, to, 'UTC'));
    expect([error.code, error.field]).toEqual(['QUERY.INVALID_DATE', field]);
    expect(error.reason).toContain('is not a calendar date');
  });

  it('refuses from after to on from, and an unknown zone', () => {
    const range = thrown(() => trendCalendar('day', '2026-03-05', '2026-03-04', 'UTC'));
    expect([range.code, range.field]).toEqual(['QUERY.INVALID_RANGE', 'from']);
    const zone = thrown(() => trendCalendar('day', '2026-03-02', '2026-03-04', 'Mars/Olympus'));
    expect([zone.code, zone.field]).toEqual(['QUERY.INVALID_TIME_ZONE', 'timeZone']);
  });
});
