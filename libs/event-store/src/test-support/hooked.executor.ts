import type { SqlExecutor, SqlQueryable, SqlRow } from '../sql/sql-executor';

/**
 * Wraps an executor to run test code inside each transaction, just before it commits. A statement sent
 * on its own (an append is one) is its own implicit transaction, which a client cannot hold open: here it
 * runs in an explicit transaction instead, so the hook still comes after its writes and before COMMIT.
 */
export class HookedExecutor implements SqlExecutor {
  constructor(
    private readonly inner: SqlExecutor,
    private readonly beforeCommit: (tx: SqlQueryable) => Promise<void>,
  ) {}

  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.transaction((tx) => tx.query<R>(sql, params));
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.inner.transaction(async (tx) => {
      const result = await fn(tx);
      await this.beforeCommit(tx);
      return result;
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
