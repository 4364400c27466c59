import { InvalidIdentifierError, assertIdentifier, assertTableName, qualified } from './identifiers';
import { parseJsonEachRow, toJsonEachRow, toJsonSafeRows } from './json-each-row';
import { toBindableParams, toClickHouseDateTime } from './query-params';

describe('identifiers', () => {
  it('accepts plain names and database.table', () => {
    expect(assertIdentifier('analytics_2')).toBe('analytics_2');
    expect(assertTableName('analytics.complaints')).toBe('analytics.complaints');
    expect(qualified('analytics', 'complaints')).toBe('analytics.complaints');
  });

  it.each(['', '1abc', 'a-b', 'a b', 'a`b', "t'; DROP TABLE t; --", 'a.b.c', 'a..b', 'ü'])(
    'refuses %j',
    (name) => {
      expect(() => assertTableName(name)).toThrow(InvalidIdentifierError);
    },
  );
});

describe('query parameters', () => {
  it('sends a Date as its UTC instant with milliseconds, inside arrays too', () => {
    const at = new Date('2026-03-02T09:00:00.123Z');
    expect(toClickHouseDateTime(at)).toBe('2026-03-02 09:00:00.123');
    expect(toBindableParams({ at, list: [at], n: 1, big: 2n, none: null })).toEqual({
      at: '2026-03-02 09:00:00.123',
      list: ['2026-03-02 09:00:00.123'],
      n: 1,
      big: 2n,
      none: null,
    });
  });

  it('refuses an invalid Date', () => {
    expect(() => toBindableParams({ at: new Date('nonsense') })).toThrow(RangeError);
  });
});

describe('JSONEachRow', () => {
  it('writes bigints as decimal strings, one row a line, and reads lines back', () => {
    const rows = [{ position: 18446744073709551615n, tags: [1n], at: new Date('2026-03-02T09:00:00.000Z') }];
    const text = toJsonEachRow([...rows, { position: 1n, tags: [], at: null }]);
    expect(text).toBe(
      '{"position":"18446744073709551615","tags":["1"],"at":"2026-03-02T09:00:00.000Z"}\n{"position":"1","tags":[],"at":null}',
    );
    expect(parseJsonEachRow(`${text}\n`)).toHaveLength(2);
    expect(toJsonSafeRows(rows)).toEqual([{ position: '18446744073709551615', tags: ['1'], at: rows[0].at }]);
  });
});
