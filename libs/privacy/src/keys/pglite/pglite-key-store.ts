import { type PGlite } from '@electric-sql/pglite';
import { PgliteExecutor } from '@app/event-store';
import { SqlKeyStore } from '../sql-key-store';

/**
 * The key store on embedded PGlite. PGlite is one database per process, so the store usually shares
 * the event store's instance (`onPglite`), which then owns and closes it.
 */
export class PgliteKeyStore extends SqlKeyStore {
  static async onPglite(db: PGlite): Promise<PgliteKeyStore> {
    return new PgliteKeyStore(new PgliteExecutor(db), { ownsExecutor: false }).start();
  }
}
