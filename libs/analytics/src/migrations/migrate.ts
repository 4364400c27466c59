import { type AnalyticsStore } from '../analytics-store.port';
import { assertIdentifier } from '../shared/identifiers';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { INSTANT } from './analytics-tables';
import { type Migration, migrationChecksum } from './migration';

export class MigrationError extends Error {
  constructor(
    readonly code: 'MIGRATION.CHECKSUM_MISMATCH' | 'MIGRATION.UNKNOWN_VERSION' | 'MIGRATION.BAD_SEQUENCE',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
  /** The schema version the database is at now. */
  version: number;
}

type AppliedMigration = { version: number; name: string; checksum: string };

const assertSequence = (migrations: readonly Migration[]): void => {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1)
      throw new MigrationError(
        'MIGRATION.BAD_SEQUENCE',
        `Migration '${migration.name}' has version ${migration.version}; expected ${i + 1}`,
      );
  });
};

/**
 * Brings `database` to the latest schema: creates it if needed, then applies, in order, each migration
 * not yet recorded in `schema_migrations`. Safe to call at every start-up and from several processes
 * at once (every statement is idempotent, and records collapse by version).
 */
export async function migrate(
  store: AnalyticsStore,
  database: string,
  migrations: readonly Migration[] = ANALYTICS_MIGRATIONS,
): Promise<MigrationReport> {
  const db = assertIdentifier(database);
  assertSequence(migrations);
  await store.command(`CREATE DATABASE IF NOT EXISTS ${db}`);
  await store.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (
      version UInt32,
      name String,
      checksum String,
      applied_at ${INSTANT} DEFAULT now64(3)
    )
    ENGINE = ReplacingMergeTree
    ORDER BY version`,
  );
  const recorded = await store.query<AppliedMigration>(
    `SELECT version, name, checksum FROM ${db}.schema_migrations FINAL ORDER BY version`,
  );
  for (const { version, name, checksum } of recorded) {
    const known = migrations[version - 1];
    if (!known)
      throw new MigrationError(
        'MIGRATION.UNKNOWN_VERSION',
        `Database '${db}' has migration ${version} '${name}', which this code does not know: it is newer`,
      );
    if (migrationChecksum(known) !== checksum)
      throw new MigrationError(
        'MIGRATION.CHECKSUM_MISMATCH',
        `Migration ${version} '${known.name}' differs from the one applied to '${db}': add a new migration instead of editing it`,
      );
  }

  const done = new Set(recorded.map((m) => m.version));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.up(db)) await store.command(statement);
    await store.insert(`${db}.schema_migrations`, [
      { version: migration.version, name: migration.name, checksum: migrationChecksum(migration) },
    ]);
    applied.push(migration.version);
  }
  return { applied, version: migrations.length };
}
