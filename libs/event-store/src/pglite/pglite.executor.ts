import type { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor, SqlQueryable, SqlRow } from '../sql/sql-executor';

/** Runs statements on an embedded PGlite: one session, so transactions are naturally serialised. */
export class PgliteExecutor implements SqlExecutor {
  constructor(
    private readonly db: PGlite,
    /** Runs once the database is closed: the data directory's lock is let go there. */
    private readonly onClose?: () => void,
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const result = await this.db.query<R>(sql, params as unknown[] | undefined);
    return result.rows;
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction((tx) =>
        fn({
          async query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
            const result = await tx.query<R>(sql, params as unknown[] | undefined);
            return result.rows;
          },
        }),
      );
    } catch (error) {
      // Same contract as on a server: a failed transaction leaves no session-level lock behind. A failure
      // here (a closed database) must not hide the append's own error.
      await this.db.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.onClose?.();
    }
  }
}
