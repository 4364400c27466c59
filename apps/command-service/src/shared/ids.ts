import { randomUUID } from 'node:crypto';

/**
 * Ids and time are made here, at the edge, and passed into the domain. Ids derived from an idempotency
 * key are deterministic, so a replayed request produces the very same event ids and the store drops it.
 */
export const newId = (): string => randomUUID();

export { acceptanceNumberFor, hashOf, uuidFrom } from '@app/platform';

export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
export const CLOCK = Symbol('CLOCK');
