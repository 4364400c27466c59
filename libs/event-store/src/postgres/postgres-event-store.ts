import { Pool, type PoolConfig } from 'pg';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import { PgPoolExecutor } from './pg-pool.executor';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  connectionString: string;
  /** Extra pool settings (size, timeouts); the connection string wins over any given here. */
  pool?: Omit<PoolConfig, 'connectionString'>;
}

/** The event store on a PostgreSQL server through a `pg` pool. */
export class PostgresEventStore extends SqlEventStore {
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ ...options.pool, connectionString: options.connectionString });
    // An idle connection dropped by the server emits 'error' on the pool; unhandled it would kill the
    // process, while the next query simply gets a fresh connection.
    pool.on('error', () => undefined);
    try {
      return await new PostgresEventStore(new PgPoolExecutor(pool), options).start();
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** On a pool the caller owns: `close()` then leaves the pool open. */
  static async onPool(pool: Pool, options: SqlEventStoreOptions = {}): Promise<PostgresEventStore> {
    return new PostgresEventStore(new PgPoolExecutor(pool, false), options).start();
  }
}
