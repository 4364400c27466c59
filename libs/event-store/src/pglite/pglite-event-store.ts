import { type LockOptions } from '../directory-lock/directory-lock';
import type { LeaderLease, LeaseProvider } from '../leader-lease.port';
import { InProcessLeases } from '../shared/in-process-leases';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import { openLockedPglite } from './open-pglite';
import { PgliteExecutor } from './pglite.executor';

export interface PgliteEventStoreOptions extends SqlEventStoreOptions, LockOptions {
  /** Directory holding the database files (created if missing), or `memory://` for a throwaway store. */
  dataDir: string;
}

/**
 * The event store on embedded PGlite (PostgreSQL in WASM), same schema and SQL as on a server. One
 * process at a time: opening a directory another process holds fails with `DirectoryLockedError`.
 */
export class PgliteEventStore extends SqlEventStore implements LeaseProvider {
  /** PGlite is one process per database: its leases only need to exclude each other in this one. */
  private readonly leases = new InProcessLeases();

  static async open(options: PgliteEventStoreOptions): Promise<PgliteEventStore> {
    const { db, lock } = await openLockedPglite(options.dataDir, options);
    const executor = new PgliteExecutor(db, () => lock?.release());
    try {
      return await new PgliteEventStore(executor, options).start();
    } catch (error) {
      await executor.close();
      throw error;
    }
  }

  lease(name: string): LeaderLease {
    return this.leases.lease(name);
  }
}
