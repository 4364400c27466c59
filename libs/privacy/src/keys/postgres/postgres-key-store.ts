import { Pool } from 'pg';
import { PgPoolExecutor } from '@app/event-store';
import { SqlKeyStore } from '../sql-key-store';

/** The key store on a PostgreSQL server, in the event store's database and schema. */
export class PostgresKeyStore extends SqlKeyStore {
  static async connect(options: { connectionString: string; schema?: string }): Promise<PostgresKeyStore> {
    const pool = new Pool({ connectionString: options.connectionString });
    pool.on('error', () => undefined);
    try {
      return await new PostgresKeyStore(new PgPoolExecutor(pool), { schema: options.schema }).start();
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** On a pool the caller owns (the event store's): `close()` leaves the pool open. */
  static async onPool(pool: Pool, options: { schema?: string } = {}): Promise<PostgresKeyStore> {
    return new PostgresKeyStore(new PgPoolExecutor(pool, false), { schema: options.schema }).start();
  }
}
