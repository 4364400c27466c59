import { InvalidQueryError, parseIsoWeek, previousWeeks, weeksBefore } from './iso-week';

const iso = (date: Date) => date.toISOString();

describe('parseIsoWeek', () => {
  it('places 2026-W10 in Asia/Shanghai by default: Monday 2 March 00:00 +08:00 to Monday 9 March', () => {
    const week = parseIsoWeek('2026-W10');
    expect(week).toMatchObject({ id: '2026-W10', weekYear: 2026, weekNumber: 10, timeZone: 'Asia/Shanghai' });
    expect(iso(week.start)).toBe('2026-03-01T16:00:00.000Z');
    expect(iso(week.end)).toBe('2026-03-08T16:00:00.000Z');
  });

  it('uses the reporting time zone given, across a DST change (the week is 167 hours long)', () => {
    const week = parseIsoWeek('2026-W13', 'Europe/Berlin');
    expect(iso(week.start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(week.end)).toBe('2026-03-29T22:00:00.000Z');
  });

  it('knows week 1 can start in the previous calendar year and week 53 exists only in long years', () => {
    expect(iso(parseIsoWeek('2026-W01', 'UTC').start)).toBe('2025-12-29T00:00:00.000Z');
    expect(iso(parseIsoWeek('2026-W53', 'UTC').start)).toBe('2026-12-28T00:00:00.000Z');
    expect(() => parseIsoWeek('2025-W53')).toThrow('2025 has no ISO week 53 (it has 52)');
  });

  it.each([
    '2026-10',
    '2026-W1',
    '2026-w10',
    ' 2026-W10',
    '2026-W10x',
    "x' OR 1=1 --",
    '2026-W00',
    '2026-W54',
  ])('refuses %j with QUERY.INVALID_WEEK on the field week', (input) => {
    const error = (() => {
      try {
        parseIsoWeek(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(error).toMatchObject({ code: 'QUERY.INVALID_WEEK', field: 'week' });
  });

  it('refuses an unknown time zone with QUERY.INVALID_TIME_ZONE', () => {
    expect(() => parseIsoWeek('2026-W10', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'QUERY.INVALID_TIME_ZONE', field: 'timeZone' }),
    );
  });
});

describe('previous weeks', () => {
  it('steps back across the year boundary, nearest first', () => {
    const week = parseIsoWeek('2026-W02');
    expect(previousWeeks(week, 3).map((previous) => previous.id)).toEqual([
      '2026-W01',
      '2025-W52',
      '2025-W51',
    ]);
    expect(iso(weeksBefore(week, 1).end)).toBe(iso(week.start));
    expect(weeksBefore(week, 0)).toEqual(week);
  });
});
