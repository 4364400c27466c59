import { DomainError } from '@app/complaints';

/** The client's expected version is stale (or retries ran out): 409 with the current version. */
export class StaleVersionError extends Error {
  readonly code = 'CONCURRENCY.STALE_VERSION';
  constructor(
    readonly streamId: string,
    readonly currentVersion: number,
  ) {
    super(`The complaint changed meanwhile; its current version is ${currentVersion}`);
  }
}

export const idempotencyKeyReused = (): DomainError =>
  new DomainError(
    'IDEMPOTENCY.KEY_REUSED',
    'This Idempotency-Key was already used for a different request',
    'Idempotency-Key',
    'conflict',
  );
