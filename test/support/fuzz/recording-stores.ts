import type { AnalyticsStore, InsertRow, QueryParams } from '@app/analytics';
import type { SqlExecutor, SqlQueryable, SqlRow } from '@app/event-store/sql/sql-executor';

/** One statement as it went to the engine: its text, and the values bound to it. */
export type RecordedStatement = { sql: string; params: unknown };

/** What a recording decorator saw; a test reads it, and may clear it between phases. */
export class StatementLog {
  readonly statements: RecordedStatement[] = [];

  record(sql: string, params: unknown): void {
    this.statements.push({ sql, params });
  }

  /**
   * The statements a request caused: without the guard's own background reads of the token revocations
   * (the `auth-revocations` stream, or the `revoked_tokens` table), which go on whatever requests come.
   */
  byRequests(): RecordedStatement[] {
    return this.statements.filter(
      ({ sql, params }) =>
        !(Array.isArray(params) && params[0] === 'auth-revocations') && !sql.includes('revoked_tokens'),
    );
  }

  clear(): void {
    this.statements.length = 0;
  }

  /** The statements whose SQL text contains one of `values` (each at least `minLength` long). */
  splicing(values: Iterable<string>, minLength = 4): { sql: string; value: string }[] {
    const needles = [...new Set(values)].filter((v) => v.length >= minLength);
    return this.byRequests().flatMap(({ sql }) =>
      needles.filter((value) => sql.includes(value)).map((value) => ({ sql: sql.slice(0, 200), value })),
    );
  }
}

/** Records every statement sent to a PostgreSQL-speaking executor, inside transactions too, and runs it. */
export class RecordingSqlExecutor implements SqlExecutor {
  constructor(
    private readonly inner: SqlExecutor,
    readonly log = new StatementLog(),
  ) {}

  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    this.log.record(sql, params);
    return this.inner.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      fn({
        query: <R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]) => {
          this.log.record(sql, params);
          return tx.query<R>(sql, params);
        },
      }),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Records every statement and insert sent to an analytics store, and passes it on to the real engine. */
export class RecordingAnalyticsStore implements AnalyticsStore {
  constructor(
    private readonly inner: AnalyticsStore,
    readonly log = new StatementLog(),
  ) {}

  command(sql: string, params?: QueryParams): Promise<void> {
    this.log.record(sql, params);
    return this.inner.command(sql, params);
  }

  insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    this.log.record(`INSERT INTO ${table} FORMAT JSONEachRow`, rows);
    return this.inner.insert(table, rows);
  }

  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    this.log.record(sql, params);
    return this.inner.query<T>(sql, params);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Every string among bound parameters, nested arrays included. */
export const boundStrings = (params: unknown): string[] =>
  typeof params === 'string'
    ? [params]
    : Array.isArray(params)
      ? params.flatMap(boundStrings)
      : typeof params === 'object' && params !== null && !(params instanceof Date)
        ? Object.values(params).flatMap(boundStrings)
        : [];
