import { type LeaderLease, LeaseLostError, type LeaseProvider, assertLeaseName } from '../leader-lease.port';

/**
 * Leases of a store that only one process can open at a time (PGlite): exclusion within that process is
 * all there is to elect, and a lease dies with the process like the store itself.
 */
export class InProcessLeases implements LeaseProvider {
  private readonly holders = new Map<string, LeaderLease>();

  lease(name: string): LeaderLease {
    assertLeaseName(name);
    const holders = this.holders;
    const lease: LeaderLease = {
      name,
      async tryAcquire() {
        const holder = holders.get(name);
        if (holder !== undefined && holder !== lease) return false;
        holders.set(name, lease);
        return true;
      },
      async confirm() {
        if (holders.get(name) !== lease) throw new LeaseLostError(name, 'it is not held by this lease');
      },
      async release() {
        if (holders.get(name) === lease) holders.delete(name);
      },
    };
    return lease;
  }
}
