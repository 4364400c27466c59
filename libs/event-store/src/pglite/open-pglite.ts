import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type DirectoryLock, type LockOptions, lockDirectory } from '../directory-lock/directory-lock';
import { closeToOthers } from './owner-only-files';

const IN_MEMORY = 'memory://';

/** A PGlite database on a data directory this process holds the lock of (none in memory). */
export type LockedPglite = { db: PGlite; lock?: DirectoryLock };

/**
 * Opens PGlite on `dataDir` (created if missing, owner-only) after taking the directory's lock: PGlite
 * is one process per directory, and a second writer corrupts it. Throws `DirectoryLockedError` naming
 * the process that has it open. Close the database, then release the lock (`PgliteExecutor` does both).
 *
 * PGlite writes a new database from its bundled initdb image with mode 0666 whatever the umask, so every
 * open closes the directory to group and others; files PostgreSQL makes later are 0600, or recycled
 * from these (WAL segments).
 */
export const openLockedPglite = async (dataDir: string, options: LockOptions = {}): Promise<LockedPglite> => {
  if (dataDir.startsWith(IN_MEMORY)) return { db: await PGlite.create(dataDir) };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDirectory(dataDir, options);
  try {
    const db = await PGlite.create(dataDir);
    closeToOthers(dataDir);
    return { db, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
};
