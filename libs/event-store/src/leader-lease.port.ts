/**
 * Leadership among the replicas of a follower that must run once (the relay): of all the leases of one
 * name on one store, at most one is held at a time, and when its holder's process dies a standby can take
 * it. Kept on the store's own engine, like the checkpoints, so that whoever can read the feed can elect
 * its leader without another service. Every adapter passes `leader-lease.contract.ts`.
 */
export interface LeaderLease {
  readonly name: string;
  /**
   * Takes the lease if nobody holds it; resolves true while this lease holds it (then it also renews a
   * lease that expires), false while another does. Throws when the store cannot be asked.
   */
  tryAcquire(): Promise<boolean>;
  /**
   * Resolves while this lease is still held; throws `LeaseLostError` once it is not (its session ended,
   * it expired, another took it) or when that cannot be confirmed. A holder checks before each act only
   * the leader may do, and stops at the first failure.
   */
  confirm(): Promise<void>;
  /** Lets the lease go, so that a standby takes it at its next try. Safe to call when not held. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /**
   * Adapters that cannot see a holder's process die (KurrentDB) give the lease up this long after the
   * holder's last renewal; PostgreSQL ends a lease with its holder's session and ignores it.
   */
  ttlMs?: number;
}

/** An event store that elects leaders on its own engine. */
export interface LeaseProvider {
  /** A new lease on `name`: two leases of one name exclude each other, in one process or in two. */
  lease(name: string, options?: LeaseOptions): LeaderLease;
}

export class LeaseLostError extends Error {
  readonly code = 'EVENT_STORE.LEASE_LOST';
  constructor(name: string, why: string, options?: { cause?: unknown }) {
    super(`Lease ${name} is no longer held: ${why}`, options);
    this.name = 'LeaseLostError';
  }
}

export const DEFAULT_LEASE_TTL_MS = 5_000;

/** Refuses what no adapter could store; shared so that every adapter fails the same way. */
export function assertLeaseName(name: string): void {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(name))
    throw new Error('Lease name must be 1 to 200 letters, digits, dots, dashes or underscores');
}
