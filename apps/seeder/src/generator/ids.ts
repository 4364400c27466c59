import { createHash } from 'node:crypto';
import { uuidFrom } from '@app/platform';
import { formatDay } from './calendar';

/**
 * Every id of a data set derives from its key (seed, size, range) and every event id from (seed,
 * stream, revision): seeding the same data set again yields the very same appends, which the store
 * recognises and skips.
 */
export const complaintIdFor = (datasetKey: string, n: number): string =>
  uuidFrom('seed-complaint', `${datasetKey}\u0000${n}`);

export const correctiveActionIdFor = (datasetKey: string, n: number): string =>
  uuidFrom('seed-corrective-action', `${datasetKey}\u0000${n}`);

export const eventIdFor = (seed: number, streamId: string, revision: number): string =>
  uuidFrom('seed-event', `${seed}\u0000${streamId}\u0000${revision}`);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The acceptance number in the command service's format (local receiving date, eight Crockford
 * characters of the complaint id's hash), from a day the generator already knows: building a
 * time-zone formatter per complaint would dominate the generator's run time.
 */
export const acceptanceNumberOn = (complaintId: string, localDay: number): string => {
  const digest = createHash('sha256').update(complaintId).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[digest[i]! % 32];
  return `${formatDay(localDay).replaceAll('-', '')}-${code}`;
};
