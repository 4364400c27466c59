import { acceptanceNumberFor } from '@app/platform';
import {
  HOUR_MS,
  formatDay,
  isoWeekday,
  localDayOf,
  localMidnight,
  monthsBefore,
  nextMonday,
  parseDay,
  seasonalFactor,
  weekdayFactor,
} from './calendar';
import { acceptanceNumberOn } from './ids';
import { Rng, Weighted, seedFrom } from './random';

describe('calendar', () => {
  it('reads calendar dates and refuses others', () => {
    expect(formatDay(parseDay('2026-03-02'))).toBe('2026-03-02');
    expect(() => parseDay('2026-02-30')).toThrow('not a calendar date');
    expect(() => parseDay('02/03/2026')).toThrow('YYYY-MM-DD');
  });

  it('counts months back, clamping to the month end', () => {
    expect(formatDay(monthsBefore(parseDay('2026-03-02'), 12))).toBe('2025-03-02');
    expect(formatDay(monthsBefore(parseDay('2026-03-31'), 1))).toBe('2026-02-28');
  });

  it('places local days at UTC+8 and knows the weekdays', () => {
    const day = parseDay('2026-03-02');
    expect(new Date(localMidnight(day)).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(localDayOf(localMidnight(day) + 23 * HOUR_MS)).toBe(day);
    expect(isoWeekday(day)).toBe(1);
    expect(formatDay(nextMonday(parseDay('2026-03-04')))).toBe('2026-03-09');
    expect(nextMonday(day)).toBe(day);
    expect(weekdayFactor(day)).toBeGreaterThan(weekdayFactor(day + 5));
  });

  it('dips at the Spring Festival and peaks for postal after 11 November', () => {
    expect(seasonalFactor(parseDay('2026-02-18'), 'bank')).toBeLessThan(0.5);
    expect(seasonalFactor(parseDay('2025-11-18'), 'postal')).toBeGreaterThan(
      1.5 * seasonalFactor(parseDay('2025-11-18'), 'bank'),
    );
    expect(seasonalFactor(parseDay('2025-06-11'), 'hotel')).toBe(1);
  });
});

describe('ids and chance', () => {
  it('writes acceptance numbers exactly as the command service does', () => {
    for (const [id, receivedAt] of [
      ['0f6d3f5e-2a59-8c1e-9d7f-1b2c3d4e5f60', '2026-03-01T16:30:00.000Z'],
      ['3b1f0c2a-7e44-8a10-b2c3-d4e5f6a7b8c9', '2026-03-01T15:59:59.000Z'],
    ])
      expect(acceptanceNumberOn(id, localDayOf(Date.parse(receivedAt)))).toBe(
        acceptanceNumberFor(id, receivedAt, 'Asia/Shanghai'),
      );
  });

  it('repeats its numbers for a seed, and draws by weight', () => {
    const a = new Rng(seedFrom(1, 'x'));
    const b = new Rng(seedFrom(1, 'x'));
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(seedFrom(1, 'x')).not.toBe(seedFrom(1, 'y'));
    const rng = new Rng(3);
    const weighted = new Weighted(['a', 'b'], [9, 1]);
    const as = Array.from({ length: 2000 }, () => weighted.draw(rng)).filter((v) => v === 'a').length;
    expect(as / 2000).toBeGreaterThan(0.85);
  });
});
