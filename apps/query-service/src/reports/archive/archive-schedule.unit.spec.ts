import { parseArchiveSchedule, weekDueForArchive } from './archive-schedule';

describe('the weekly pack archive schedule', () => {
  it('reads a weekday and a local time, or off, and nothing else', () => {
    expect(parseArchiveSchedule('MON 08:00')).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(parseArchiveSchedule('SUN 23:59')).toEqual({ weekday: 7, hour: 23, minute: 59 });
    expect(parseArchiveSchedule('off')).toBe('off');
    for (const bad of ['mon 08:00', 'MON 8:00', 'MON 24:00', 'MONDAY 08:00', ''])
      expect(parseArchiveSchedule(bad)).toBeUndefined();
  });

  const monday8 = { weekday: 1, hour: 8, minute: 0 } as const;
  // 2026-03-09 is the Monday of 2026-W11; 08:00 in Shanghai is 00:00 UTC.
  it('archives last week from Monday 08:00 in the reporting zone on', () => {
    expect(weekDueForArchive(monday8, new Date('2026-03-09T00:00:00.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W10',
    );
    expect(weekDueForArchive(monday8, new Date('2026-03-12T00:00:00.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W10',
    );
    expect(weekDueForArchive(monday8, new Date('2026-03-15T15:59:59.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W10',
    );
  });

  it('before the moment, still names the week archived the Monday before', () => {
    expect(weekDueForArchive(monday8, new Date('2026-03-08T23:59:59.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W09',
    );
    // Monday 00:30 in Shanghai is still Sunday in UTC: the zone decides, not the server.
    expect(weekDueForArchive(monday8, new Date('2026-03-08T16:30:00.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W09',
    );
    expect(weekDueForArchive(monday8, new Date('2026-03-09T08:00:00.000Z'), 'UTC')).toBe('2026-W10');
    expect(weekDueForArchive(monday8, new Date('2026-03-09T07:59:00.000Z'), 'UTC')).toBe('2026-W09');
  });

  it('crosses the ISO year', () => {
    // 2027-01-04 is the Monday of 2027-W01; the week before is 2026-W53.
    expect(weekDueForArchive(monday8, new Date('2027-01-04T00:00:00.000Z'), 'Asia/Shanghai')).toBe(
      '2026-W53',
    );
  });
});
