import { parseReportPeriod, previousPeriod, type ReportPeriod, subPeriods, yearAgo } from './report-period';

const bounds = (period: ReportPeriod) => ({
  id: period.id,
  kind: period.kind,
  start: period.start.toISOString(),
  end: period.end.toISOString(),
});

describe('report periods', () => {
  describe('placed in the reporting zone (Asia/Shanghai, UTC+8, by default)', () => {
    it.each([
      ['2026-Q1', 'quarter', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
      ['2026-Q4', 'quarter', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
      ['2026-03', 'month', '2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
      ['2024-02', 'month', '2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
      ['2026-H1', 'half', '2025-12-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'],
      ['2026-H2', 'half', '2026-06-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
      ['2026', 'year', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ])('%s is a %s [%s, %s)', (id, kind, start, end) => {
      expect(bounds(parseReportPeriod(id))).toEqual({ id, kind, start, end });
      expect(parseReportPeriod(id).timeZone).toBe('Asia/Shanghai');
    });

    it('follows daylight saving in a zone that has it', () => {
      // Berlin: UTC+1 in January, UTC+2 from the last Sunday of March.
      expect(bounds(parseReportPeriod('2026-Q2', 'Europe/Berlin'))).toMatchObject({
        start: '2026-03-31T22:00:00.000Z',
        end: '2026-06-30T22:00:00.000Z',
      });
      expect(bounds(parseReportPeriod('2026-Q1', 'Europe/Berlin')).start).toBe('2025-12-31T23:00:00.000Z');
    });
  });

  describe('the period before and the same period a year earlier', () => {
    it.each([
      ['2026-Q1', '2025-Q4', '2025-Q1'],
      ['2026-Q3', '2026-Q2', '2025-Q3'],
      ['2026-01', '2025-12', '2025-01'],
      ['2026-07', '2026-06', '2025-07'],
      ['2026-H1', '2025-H2', '2025-H1'],
      ['2026-H2', '2026-H1', '2025-H2'],
      ['2026', '2025', '2025'],
    ])('%s: before it %s, a year earlier %s', (id, before, earlier) => {
      const period = parseReportPeriod(id);
      expect(previousPeriod(period)).toEqual(parseReportPeriod(before));
      expect(yearAgo(period)).toEqual(parseReportPeriod(earlier));
    });

    it('ends where the period starts', () => {
      const period = parseReportPeriod('2026-Q1');
      expect(previousPeriod(period).end).toEqual(period.start);
      expect(bounds(yearAgo(period))).toMatchObject({
        start: '2024-12-31T16:00:00.000Z',
        end: '2025-03-31T16:00:00.000Z',
      });
    });
  });

  describe('sub-periods of the volume chart', () => {
    it('a quarter, half-year or year by its months', () => {
      const quarter = subPeriods(parseReportPeriod('2026-Q1'));
      expect(quarter.unit).toBe('month');
      expect(quarter.parts.map(({ id, start, end }) => [id, start.toISOString(), end.toISOString()])).toEqual(
        [
          ['2026-01', '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
          ['2026-02', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
          ['2026-03', '2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
        ],
      );
      expect(subPeriods(parseReportPeriod('2026-H2')).parts.map(({ id }) => id)).toEqual([
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ]);
      expect(subPeriods(parseReportPeriod('2025')).parts).toHaveLength(12);
    });

    it('a month by the ISO weeks overlapping it, clipped to the month', () => {
      // January 2026 starts on a Thursday (in 2026-W01) and ends on a Saturday (in 2026-W05).
      const month = subPeriods(parseReportPeriod('2026-01'));
      expect(month.unit).toBe('isoWeek');
      expect(month.parts.map(({ id, start, end }) => [id, start.toISOString(), end.toISOString()])).toEqual([
        ['2026-W01', '2025-12-31T16:00:00.000Z', '2026-01-04T16:00:00.000Z'],
        ['2026-W02', '2026-01-04T16:00:00.000Z', '2026-01-11T16:00:00.000Z'],
        ['2026-W03', '2026-01-11T16:00:00.000Z', '2026-01-18T16:00:00.000Z'],
        ['2026-W04', '2026-01-18T16:00:00.000Z', '2026-01-25T16:00:00.000Z'],
        ['2026-W05', '2026-01-25T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
      ]);
      // January 2027 starts on a Friday, still in 2026's last ISO week.
      expect(subPeriods(parseReportPeriod('2027-01')).parts[0].id).toBe('2026-W53');
      // February 2021 starts on a Monday and is exactly four weeks.
      expect(subPeriods(parseReportPeriod('2021-02')).parts.map(({ id }) => id)).toEqual([
        '2021-W05',
        '2021-W06',
        '2021-W07',
        '2021-W08',
      ]);
    });
  });

  describe('refused ids', () => {
    it.each([
      ['2026-Q0', 'no quarter Q0'],
      ['2026-Q5', 'no quarter Q5'],
      ['2026-13', 'no month 13'],
      ['2026-00', 'no month 00'],
      ['2026-H3', 'no half-year H3'],
      ['2026-W10', 'is not a month'],
      ['2026-3', 'is not a month'],
      ['26-Q1', 'is not a month'],
      ['2026-q1', 'is not a month'],
      ["2026-Q1' --", 'is not a month'],
      ['', 'is not a month'],
      ['1969', 'outside the years'],
    ])('%j: %s', (id, reason) => {
      let error: unknown;
      try {
        parseReportPeriod(id);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'QUERY.INVALID_PERIOD', field: 'period' });
      expect((error as { reason: string }).reason).toContain(reason);
    });

    it('names the field it was given, and refuses an unknown zone', () => {
      expect(() => parseReportPeriod('2026-Q5', 'Asia/Shanghai', 'from')).toThrow(
        expect.objectContaining({ field: 'from' }),
      );
      expect(() => parseReportPeriod('2026-Q1', 'Mars/Olympus')).toThrow(
        expect.objectContaining({ code: 'QUERY.INVALID_TIME_ZONE' }),
      );
    });
  });
});
