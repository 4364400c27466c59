import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { closeToOthers } from './owner-only-files';

/**
 * Opens PGlite on a data directory only its owner may read. PGlite writes a new database from its
 * bundled initdb image with mode 0666 whatever the umask, so every open closes the directory to group
 * and others; files PostgreSQL makes later are 0600, or recycled from these (WAL segments).
 */
export const openPglite = async (dataDir: string): Promise<PGlite> => {
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(dataDir);
  closeToOthers(dataDir);
  return db;
};
