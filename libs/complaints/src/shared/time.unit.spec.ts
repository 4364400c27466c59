import { addHours, daysBetween, isAfter, isBefore, isValidInstant } from './time';

describe('isValidInstant', () => {
  it.each([
    '2026-03-02T09:00:00.000Z',
    '2026-03-02T09:00:00Z',
    '2026-03-02T09:00Z',
    '2026-03-02T09:00:00.123456Z',
    '2026-03-02T17:00:00+08:00',
    '2026-03-02T17:00:00+0800',
    '2026-03-02T04:00:00-05:00',
    '2028-02-29T00:00:00Z',
  ])('accepts %p', (value) => expect(isValidInstant(value)).toBe(true));

  it.each([
    ['02/03/2026', 'a locale format, read in local time'],
    ['2026-03-02T09:00:00', 'no zone: read in local time'],
    ['2026-03-02', 'a date, not an instant'],
    ['2026-03-02 09:00:00Z', 'no T separator'],
    ['March 2, 2026 09:00 UTC', 'prose'],
    ['2026-02-30T00:00:00Z', 'no such day: Date.parse rolls it into March'],
    ['2026-02-29T00:00:00Z', 'not a leap year'],
    ['2026-13-01T00:00:00Z', 'no such month'],
    ['2026-03-02T24:00:00Z', 'no such hour'],
    ['2026-03-02T09:60:00Z', 'no such minute'],
    ['', 'empty'],
  ])('refuses %p (%s)', (value) => expect(isValidInstant(value)).toBe(false));
});

describe('instant arithmetic', () => {
  it('compares instants across zones by the moment, not the text', () => {
    expect(isBefore('2026-03-02T16:59:59+08:00', '2026-03-02T09:00:00.000Z')).toBe(true);
    expect(isAfter('2026-03-02T17:00:01+08:00', '2026-03-02T09:00:00.000Z')).toBe(true);
    expect(isAfter('2026-03-02T17:00:00+08:00', '2026-03-02T09:00:00.000Z')).toBe(false);
  });

  it('adds hours in UTC, across the end of a month', () =>
    expect(addHours('2026-02-27T09:00:00.000Z', 72)).toBe('2026-03-02T09:00:00.000Z'));

  it('counts days as fractions', () =>
    expect(daysBetween('2026-03-05T10:00:00.000Z', '2026-03-06T22:00:00.000Z')).toBe(1.5));
});
