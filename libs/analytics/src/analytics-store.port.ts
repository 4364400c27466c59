/**
 * The analytics-store port: what the projector and the query service need from ClickHouse. Two adapters
 * (chDB in process, ClickHouse server over HTTP) pass one contract suite (`analytics-store.contract.ts`).
 *
 * Values never enter SQL text: a statement names them as ClickHouse placeholders, `{name:Type}`, and
 * passes them in `params`, which the engine binds. Only identifiers (database and table names) are
 * written into SQL, and only after `assertIdentifier` has checked them.
 */

/**
 * A value bound to a `{name:Type}` placeholder. A `Date` is sent as its UTC instant with milliseconds
 * (`YYYY-MM-DD hh:mm:ss.sss`), so bind it to `DateTime64(3, 'UTC')`; a `bigint` keeps every digit of a
 * `UInt64`; `null` binds to a `Nullable(...)` placeholder.
 */
export type QueryParamValue = string | number | bigint | boolean | null | Date | readonly QueryParamValue[];

export type QueryParams = Readonly<Record<string, QueryParamValue>>;

/** A row to insert: keys are column names; omitted columns take their DEFAULT. */
export type InsertRow = Readonly<Record<string, unknown>>;

/**
 * Rows come back as JSON objects, as ClickHouse writes them with the adapters' settings: `UInt64` and
 * `Int64` as decimal strings, `DateTime64` as ISO-8601 UTC (`2026-03-02T09:00:00.000Z`), `Nullable` as
 * `null`, `UInt8` flags as 0 / 1, arrays as arrays.
 */
export interface AnalyticsStore {
  /** DDL or DML that returns no rows (CREATE, INSERT … SELECT, ALTER, DROP). */
  command(sql: string, params?: QueryParams): Promise<void>;
  /**
   * One INSERT of many rows (JSONEachRow) into `table`, which may be `database.table`. Unknown keys
   * are refused rather than dropped, so a projection and its table cannot drift apart silently.
   */
  insert(table: string, rows: readonly InsertRow[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Cheap liveness check for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** ClickHouse refused a statement (or could not be reached); the message is ClickHouse's own. */
export class AnalyticsStoreError extends Error {
  readonly code = 'ANALYTICS_STORE.QUERY_FAILED';
  /** ClickHouse's numeric error code (60 UNKNOWN_TABLE, 62 SYNTAX_ERROR…), when it gave one. */
  readonly clickhouseCode?: number;

  constructor(message: string, options: { clickhouseCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AnalyticsStoreError';
    this.clickhouseCode = options.clickhouseCode;
  }
}
