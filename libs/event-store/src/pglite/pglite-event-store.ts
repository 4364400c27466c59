import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import { openPglite } from './open-pglite';
import { PgliteExecutor } from './pglite.executor';

export interface PgliteEventStoreOptions extends SqlEventStoreOptions {
  /** Directory holding the database files (created if missing, owner-only), or `memory://` for a throwaway store. */
  dataDir: string;
}

/** The event store on embedded PGlite (PostgreSQL in WASM), same schema and SQL as on a server. */
export class PgliteEventStore extends SqlEventStore {
  static async open(options: PgliteEventStoreOptions): Promise<PgliteEventStore> {
    const db = await openPglite(options.dataDir);
    try {
      return await new PgliteEventStore(new PgliteExecutor(db), options).start();
    } catch (error) {
      await db.close();
      throw error;
    }
  }
}
