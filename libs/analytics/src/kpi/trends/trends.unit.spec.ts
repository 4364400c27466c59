import { type AnalyticsStore } from '../../analytics-store.port';
import { InvalidQueryError } from '../shared';
import { type TrendsRequest, rootCauseTrends } from './trends.sql';

/** A store that must not be asked: every refusal happens before the query. */
const untouchedStore: AnalyticsStore = {
  command: () => Promise.reject(new Error('no command expected')),
  insert: () => Promise.reject(new Error('no insert expected')),
  query: () => Promise.reject(new Error('no query expected')),
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

const VALID: TrendsRequest = {
  dimension: 'causeCode',
  granularity: 'week',
  from: '2026-03-02',
  to: '2026-03-29',
};

const refusal = async (request: Partial<Record<keyof TrendsRequest, unknown>>) => {
  const error: unknown = await rootCauseTrends(untouchedStore, 'complaints', {
    ...VALID,
    ...request,
  } as TrendsRequest).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidQueryError);
  const { code, field } = error as InvalidQueryError;
  return [code, field];
};

describe('rootCauseTrends refuses what it cannot use, before asking the store', () => {
  it.each([
    [{ dimension: 'channel' }, 'QUERY.UNKNOWN_DIMENSION', 'dimension'],
    [{ granularity: 'quarter' }, 'QUERY.UNKNOWN_GRANULARITY', 'granularity'],
    [{ from: '2026-02-30' }, 'QUERY.INVALID_DATE', 'from'],
    [{ to: '29/03/2026' }, 'QUERY.INVALID_DATE', 'to'],
    [{ from: '2026-03-30' }, 'QUERY.INVALID_RANGE', 'from'],
    [{ to: '2029-03-29' }, 'QUERY.RANGE_TOO_LONG', 'to'],
    [{ timeZone: 'Asia/Nowhere' }, 'QUERY.INVALID_TIME_ZONE', 'timeZone'],
    [{ top: 0 }, 'QUERY.INVALID_TOP', 'top'],
    [{ top: 51 }, 'QUERY.INVALID_TOP', 'top'],
    [{ top: 2.5 }, 'QUERY.INVALID_TOP', 'top'],
  ])('%j → %s on %s', async (request, code, field) => {
    expect(await refusal(request)).toEqual([code, field]);
  });

  it('refuses a database name that is not an identifier', async () => {
    await expect(rootCauseTrends(untouchedStore, 'complaints; DROP TABLE x', VALID)).rejects.toThrow();
  });
});
