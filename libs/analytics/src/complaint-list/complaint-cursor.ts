import { InvalidQueryError } from '../kpi/shared';

/**
 * The sort orders of a complaint list. `age` is the time since registration, so `age` (youngest first)
 * is `-registeredAt`; `deadline` puts complaints without a deadline last in both directions. Every order
 * breaks ties by complaint id, so a page ends at one exact place.
 */
export const COMPLAINT_SORTS = [
  'registeredAt',
  '-registeredAt',
  'deadline',
  '-deadline',
  'age',
  '-age',
] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

export type SortSpec = { key: 'registered' | 'deadline'; descending: boolean };

export const sortSpec = (sort: ComplaintSort): SortSpec => {
  switch (sort) {
    case 'registeredAt':
    case '-age':
      return { key: 'registered', descending: false };
    case '-registeredAt':
    case 'age':
      return { key: 'registered', descending: true };
    case 'deadline':
      return { key: 'deadline', descending: false };
    case '-deadline':
      return { key: 'deadline', descending: true };
  }
};

/** Where the last page ended: its sort, the last row's sort key (a UTC instant) and its id. */
export type ComplaintCursor = { sort: ComplaintSort; key: string; id: string };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_MAX = 600;

const invalid = (reason: string) => new InvalidQueryError('QUERY.INVALID_CURSOR', 'cursor', reason);

/**
 * Opaque to callers (base64url of a small JSON): a keyset position, not an offset, so a complaint
 * registered or changed while a caller pages on neither shifts the pages nor repeats a row already given.
 */
export const encodeCursor = (cursor: ComplaintCursor): string =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id]), 'utf8').toString('base64url');

export const decodeCursor = (text: string, sort: ComplaintSort): ComplaintCursor => {
  if (text.length > CURSOR_MAX || !/^[A-Za-z0-9_-]+$/.test(text))
    throw invalid('cursor must be the nextCursor of an earlier page');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor must be the nextCursor of an earlier page');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !(COMPLAINT_SORTS as readonly unknown[]).includes(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    !INSTANT.test(parsed[1]) ||
    Number.isNaN(Date.parse(parsed[1])) ||
    typeof parsed[2] !== 'string' ||
    parsed[2].length === 0
  )
    throw invalid('cursor must be the nextCursor of an earlier page');
  if (parsed[0] !== sort) throw invalid(`cursor was made for sort ${parsed[0] as string}, not ${sort}`);
  return { sort, key: parsed[1], id: parsed[2] };
};
