import { createHash } from 'node:crypto';

/**
 * One numbered step of the ClickHouse schema. Applied steps are recorded in `schema_migrations` with a
 * checksum, so an applied migration is never edited: the schema changes through a new number. Every
 * statement is idempotent (IF NOT EXISTS…), so a start-up that died half-way through simply runs again.
 */
export interface Migration {
  version: number;
  name: string;
  /** The statements for database `db` (an identifier already checked). */
  up(db: string): readonly string[];
}

/** Independent of the database the statements are rendered for. */
export const migrationChecksum = (migration: Migration): string =>
  createHash('sha256').update(migration.up('__database__').join(';\n')).digest('hex');
