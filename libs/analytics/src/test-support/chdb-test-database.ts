import { drainPending } from 'chdb';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnalyticsStore } from '../analytics-store.port';
import { ChdbAnalyticsStore, chdbSessions } from '../chdb/chdb-analytics-store';
import { assertIdentifier } from '../shared/identifiers';

/**
 * chDB binds one data directory per process, so every test file in a jest worker uses the same
 * directory (named after the worker's process) and gets a database of its own instead.
 */
export const chdbTestDataDir = (): string => join(tmpdir(), `analytics-chdb-test-${process.pid}`);

export const uniqueDatabase = (prefix: string): string =>
  assertIdentifier(`${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`);

/** Once no store of this test file holds it, removes the directory; the next file makes it afresh. */
export async function releaseChdbTestDataDir(): Promise<void> {
  await drainPending();
  if (chdbSessions.openPath === undefined) await rm(chdbTestDataDir(), { recursive: true, force: true });
}

/** A database of its own on an analytics store, dropped (and the store closed) by `cleanup`. */
export interface TestDatabase<S extends AnalyticsStore> {
  store: S;
  database: string;
  cleanup(): Promise<void>;
}

export type ChdbTestDatabase = TestDatabase<ChdbAnalyticsStore>;

/** Creates a uniquely named database on `store`; `cleanup` drops it, closes the store, then `release`s. */
export async function withTestDatabase<S extends AnalyticsStore>(
  store: S,
  prefix: string,
  release: () => Promise<void> = async () => undefined,
): Promise<TestDatabase<S>> {
  const database = uniqueDatabase(prefix);
  await store.command(`CREATE DATABASE ${database}`);
  return {
    store,
    database,
    async cleanup() {
      await store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await store.close();
      await release();
    },
  };
}

export async function openChdbTestDatabase(prefix = 'test'): Promise<ChdbTestDatabase> {
  const store = await ChdbAnalyticsStore.open({ dataDir: chdbTestDataDir() });
  return withTestDatabase(store, prefix, releaseChdbTestDataDir);
}
