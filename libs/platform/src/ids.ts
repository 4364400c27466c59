import { hash } from 'node:crypto';

/**
 * Deterministic ids and digests, made at the edge and passed into the domain: the command service derives
 * event and complaint ids from idempotency keys and upstream ids with them, the seeder its histories.
 */
/*
 * One-shot `hash` rather than `createHash().update().digest()`: the same SHA-256 at less than half the
 * cost for short inputs, and a bulk import derives several ids per event.
 */

/** A name-based UUID (version 8, SHA-256) from a namespace and a name. */
export const uuidFrom = (namespace: string, name: string): string => {
  const bytes = hash('sha256', `${namespace}\u0000${name}`, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const hashOf = (value: unknown): string => hash('sha256', JSON.stringify(value), 'base64url');

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The acceptance number (受理编号) told to the customer: the receiving date in the reporting time zone
 * and eight Crockford base-32 characters of the complaint id's hash (40 bits), e.g. 20261123-7K2M9QXA.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: making one costs far more than formatting with it (a bulk import makes millions). */
const dayFormat = (timeZone: string): Intl.DateTimeFormat => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format;
};

export const acceptanceNumberFor = (complaintId: string, receivedAt: string, timeZone: string): string => {
  const date = dayFormat(timeZone).format(new Date(receivedAt)).replaceAll('-', '');
  const digest = hash('sha256', complaintId, 'buffer');
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[digest[i]! % 32];
  return `${date}-${code}`;
};
