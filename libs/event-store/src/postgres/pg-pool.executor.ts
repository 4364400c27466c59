import type { Pool, PoolClient } from 'pg';
import type { SqlExecutor, SqlQueryable, SqlRow } from '../sql/sql-executor';

/** Runs statements on a node-postgres pool; a transaction pins one pooled connection. */
export class PgPoolExecutor implements SqlExecutor {
  constructor(
    private readonly pool: Pool,
    /** False when the caller lent us the pool and will end it. */
    private readonly ownsPool = true,
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const result = await this.pool.query<R>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let result: T;
    try {
      await client.query('BEGIN');
      result = await fn(clientQueryable(client));
      await client.query('COMMIT');
    } catch (error) {
      await this.rollback(client);
      throw error;
    }
    client.release();
    return result;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async rollback(client: PoolClient): Promise<void> {
    try {
      await client.query('ROLLBACK');
      // A statement cancelled inside reserve_global_positions could leave its session lock behind.
      await client.query('SELECT pg_advisory_unlock_all()');
      client.release();
    } catch (rollbackError) {
      // The connection is in an unknown state: destroy it rather than hand it to the next caller.
      client.release(rollbackError instanceof Error ? rollbackError : true);
    }
  }
}

function clientQueryable(client: PoolClient): SqlQueryable {
  return {
    async query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const result = await client.query<R>(sql, params as unknown[] | undefined);
      return result.rows;
    },
  };
}
