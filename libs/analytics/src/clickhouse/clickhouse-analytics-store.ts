import { createClient, type ClickHouseClient } from '@clickhouse/client';
import {
  AnalyticsStoreError,
  type AnalyticsStore,
  type InsertRow,
  type QueryParams,
} from '../analytics-store.port';
import { INSERT_SETTINGS, SESSION_SETTINGS } from '../shared/clickhouse-settings';
import { assertTableName } from '../shared/identifiers';
import { toJsonSafeRows } from '../shared/json-each-row';
import { toBindableParams } from '../shared/query-params';

export interface ClickHouseAnalyticsStoreOptions {
  /** `http(s)://[user:password@]host:port[/database]`. */
  url: string;
  requestTimeoutMs?: number;
}

/**
 * ClickHouse's errors have a numeric `code` and a `type` name. Matched by shape, not class: a
 * connection plugged into the client (chDB's) throws the same shape from its own copy of the class.
 */
const isClickHouseError = (error: unknown): error is Error & { code: string; type?: string } =>
  error instanceof Error && /^\d+$/.test(String((error as { code?: unknown }).code));

const toStoreError = (error: unknown): AnalyticsStoreError => {
  if (error instanceof AnalyticsStoreError) return error;
  if (isClickHouseError(error)) {
    const { type } = error;
    const message = (
      type && !error.message.includes(type) ? `${error.message} (${type})` : error.message
    ).trim();
    return new AnalyticsStoreError(message, { clickhouseCode: Number(error.code), cause: error });
  }
  return new AnalyticsStoreError(error instanceof Error ? error.message : String(error), { cause: error });
};

/**
 * A ClickHouse server over HTTP (@clickhouse/client): the distributed set-up. Values travel as
 * `query_params` and are bound by the server.
 */
export class ClickHouseAnalyticsStore implements AnalyticsStore {
  constructor(private readonly client: ClickHouseClient) {}

  /** Connects and pings; fails when the server cannot be reached or refuses the credentials. */
  static async connect(options: ClickHouseAnalyticsStoreOptions): Promise<ClickHouseAnalyticsStore> {
    const store = ClickHouseAnalyticsStore.withClient(
      createClient({
        url: options.url,
        request_timeout: options.requestTimeoutMs ?? 30_000,
        clickhouse_settings: SESSION_SETTINGS,
      }),
    );
    try {
      await store.ping();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Over a client made elsewhere; it must be created with `clickhouse_settings: SESSION_SETTINGS`. */
  static withClient(client: ClickHouseClient): ClickHouseAnalyticsStore {
    return new ClickHouseAnalyticsStore(client);
  }

  async command(sql: string, params?: QueryParams): Promise<void> {
    try {
      await this.client.command({ query: sql, query_params: toBindableParams(params) });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    assertTableName(table);
    if (rows.length === 0) return;
    try {
      await this.client.insert({
        table,
        values: toJsonSafeRows(rows),
        format: 'JSONEachRow',
        clickhouse_settings: INSERT_SETTINGS,
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    try {
      const result = await this.client.query({
        query: sql,
        query_params: toBindableParams(params),
        format: 'JSONEachRow',
      });
      return await result.json<T>();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async ping(): Promise<void> {
    // A SELECT rather than the /ping endpoint, which answers without checking credentials.
    const result = await this.client.ping({ select: true });
    if (!result.success) throw toStoreError(result.error);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
