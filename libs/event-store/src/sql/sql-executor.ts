/**
 * The only thing the PostgreSQL and PGlite adapters do differently: how a statement reaches the database.
 * Everything above it (schema, append, reads, follow) is written once in `SqlEventStore`.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlQueryable {
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface SqlExecutor extends SqlQueryable {
  /**
   * Runs `fn` in one transaction on one connection: commits when it resolves, rolls back when it throws.
   * After a rollback the session must hold no session-level advisory lock (see `reserve_global_positions`).
   */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
