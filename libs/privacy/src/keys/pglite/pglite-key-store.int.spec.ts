import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describeKeyStoreContract } from '../../contract/key-store.contract';
import { keyStoreNames } from '../key-store.sql';
import { PgliteKeyStore } from './pglite-key-store';

describeKeyStoreContract('pglite (data directory on disk)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keys-pglite-'));
  const dataDir = join(dir, 'data');
  let db = await PGlite.create(dataDir);
  let keys = await PgliteKeyStore.onPglite(db);
  const subject = {
    keys,
    keyTable: keyStoreNames().keys,
    inspect: {
      query: async <R>(sql: string, params?: readonly unknown[]) =>
        (await db.query<R>(sql, params as unknown[] | undefined)).rows,
    },
    // PGlite is single-process: the data directory is reopened after the first instance has closed.
    async reopen() {
      await keys.close();
      await db.close();
      db = await PGlite.create(dataDir);
      keys = await PgliteKeyStore.onPglite(db);
      return keys;
    },
    async cleanup() {
      await keys.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return subject as typeof subject & { inspect: import('@app/event-store').SqlQueryable };
});
