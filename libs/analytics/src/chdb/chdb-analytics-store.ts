import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as Chdb from 'chdb';
import { lockDirectory } from '@app/event-store/directory-lock/directory-lock';
import {
  AnalyticsStoreError,
  type AnalyticsStore,
  type InsertRow,
  type QueryParams,
} from '../analytics-store.port';
import { INSERT_SETTINGS, SESSION_SETTINGS } from '../shared/clickhouse-settings';
import { assertTableName } from '../shared/identifiers';
import { parseJsonEachRow, toJsonEachRow } from '../shared/json-each-row';
import { toBindableParams } from '../shared/query-params';
import { ChdbSessionRegistry, type SessionLease } from './chdb-session.registry';

type Session = Chdb.Session;

const CONNECTION_ARGS = Object.entries(SESSION_SETTINGS).map(([name, value]) => `--${name}=${value}`);

/**
 * Loaded when a store first opens, not on import: the engine is a large native library (some 200 MB
 * resident) that a process using only the ClickHouse server adapter should not carry.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadChdb = (): typeof Chdb => require('chdb') as typeof Chdb;

const openSession = (path: string): Session => {
  mkdirSync(path, { recursive: true });
  return new (loadChdb().Session)(path, { connectionArgs: CONNECTION_ARGS });
};

/**
 * The process-wide registry: chDB allows one data directory per process, and one process per data
 * directory, so the directory's lock is held while it is open (`DirectoryLockedError` names the holder).
 */
export const chdbSessions = new ChdbSessionRegistry<Session>(
  openSession,
  () => loadChdb().drainPending(),
  (path) => {
    mkdirSync(dirname(path), { recursive: true });
    return lockDirectory(path);
  },
);

export interface ChdbAnalyticsStoreOptions {
  /** The engine's data directory; every store in the process must name the same one. */
  dataDir: string;
}

const toStoreError = (error: unknown): AnalyticsStoreError => {
  if (error instanceof AnalyticsStoreError) return error;
  const { message, clickhouseCode } = error as { message?: unknown; clickhouseCode?: unknown };
  return new AnalyticsStoreError(String(message ?? error), {
    clickhouseCode: typeof clickhouseCode === 'number' ? clickhouseCode : undefined,
    cause: error,
  });
};

const hasParams = (params: QueryParams | undefined): params is QueryParams =>
  params !== undefined && Object.keys(params).length > 0;

/**
 * ClickHouse in process (chDB): the embedded default. Queries run off the event loop (the async API);
 * values are bound by the engine (`queryBindAsync`), never spliced into SQL.
 */
export class ChdbAnalyticsStore implements AnalyticsStore {
  private closed = false;

  private constructor(private readonly lease: SessionLease<Session>) {}

  static async open(options: ChdbAnalyticsStoreOptions): Promise<ChdbAnalyticsStore> {
    const store = new ChdbAnalyticsStore(await chdbSessions.acquire(options.dataDir));
    try {
      await store.ping();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  get dataDir(): string {
    return this.lease.path;
  }

  async command(sql: string, params?: QueryParams): Promise<void> {
    await this.run(sql, params);
  }

  async insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    assertTableName(table);
    if (rows.length === 0) return;
    this.assertOpen();
    try {
      await this.lease.session.insert({
        table,
        values: Buffer.from(toJsonEachRow(rows)),
        format: 'JSONEachRow',
        settings: INSERT_SETTINGS,
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]> {
    return parseJsonEachRow<T>(await this.run(sql, params));
  }

  async ping(): Promise<void> {
    await this.run('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lease.release();
  }

  private async run(sql: string, params?: QueryParams): Promise<string> {
    this.assertOpen();
    const options = { format: 'JSONEachRow' };
    try {
      const result = hasParams(params)
        ? await this.lease.session.queryBindAsync(sql, toBindableParams(params), options)
        : await this.lease.session.queryAsync(sql, options);
      return result.text();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new AnalyticsStoreError('The chDB analytics store is closed');
  }
}
