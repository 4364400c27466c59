import { PgParams } from './postgres-params';

describe('PgParams: named values bound by position', () => {
  it('binds each name once, in the order first used, with its cast', () => {
    const start = new Date('2026-03-01T16:00:00.000Z');
    const p = new PgParams({ start, businessLine: null, unused: 'x' });
    expect(p.ref('businessLine', 'text')).toBe('$1::text');
    expect(p.ref('start', 'timestamptz')).toBe('$2::timestamptz');
    expect(p.ref('businessLine', 'text')).toBe('$1::text');
    expect(p.values).toEqual([null, start]);
  });

  it('binds an extra value at the next position', () => {
    const p = new PgParams({ end: '2026-03-08T16:00:00.000Z' });
    p.ref('end', 'timestamptz');
    expect(p.value('volume', 'text')).toBe('$2::text');
    expect(p.values).toEqual(['2026-03-08T16:00:00.000Z', 'volume']);
  });

  it('refuses a name it has no value for', () => {
    expect(() => new PgParams({}).ref('start', 'timestamptz')).toThrow("No value for parameter 'start'");
  });
});
