import { drainPending } from 'chdb';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export interface ChdbTestDatabase {
  store: ChdbAnalyticsStore;
  database: string;
  cleanup(): Promise<void>;
}

export async function openChdbTestDatabase(prefix = 'test'): Promise<ChdbTestDatabase> {
  const store = await ChdbAnalyticsStore.open({ dataDir: chdbTestDataDir() });
  const database = uniqueDatabase(prefix);
  await store.command(`CREATE DATABASE ${database}`);
  return {
    store,
    database,
    async cleanup() {
      await store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
      await store.close();
      await releaseChdbTestDataDir();
    },
  };
}
