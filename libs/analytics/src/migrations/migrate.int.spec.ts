import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { ANALYTICS_TABLES } from './analytics-tables';
import { MigrationError, migrate } from './migrate';
import { type Migration } from './migration';

const ALL_VERSIONS = ANALYTICS_MIGRATIONS.map(({ version }) => version);
const LATEST = ALL_VERSIONS[ALL_VERSIONS.length - 1]!;

describe('migrate (chDB)', () => {
  let db: ChdbTestDatabase;
  let database: string;

  beforeAll(async () => {
    db = await openChdbTestDatabase('migrate');
    database = `${db.database}_schema`;
  });

  afterAll(async () => {
    await db.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
    await db.cleanup();
  });

  const tables = async () =>
    (
      await db.store.query<{ name: string }>(
        'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
        {
          db: database,
        },
      )
    ).map((row) => row.name);

  const recorded = () =>
    db.store.query<{ version: number; name: string }>(
      `SELECT version, name FROM ${database}.schema_migrations FINAL ORDER BY version`,
    );

  it('creates the database and every table, recording each numbered migration', async () => {
    const report = await migrate(db.store, database);

    expect(report).toEqual({ applied: ALL_VERSIONS, version: LATEST });
    expect(await tables()).toEqual(Object.values(ANALYTICS_TABLES).sort());
    expect(await recorded()).toEqual(ANALYTICS_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    const [stamp] = await db.store.query<{ applied_at: string }>(
      `SELECT applied_at FROM ${database}.schema_migrations FINAL WHERE version = 1`,
    );
    expect(Date.parse(stamp.applied_at)).toBeGreaterThan(Date.parse('2025-01-01'));
  });

  it('is idempotent: a second start-up applies nothing and records nothing twice', async () => {
    expect(await migrate(db.store, database)).toEqual({ applied: [], version: LATEST });
    expect(await recorded()).toHaveLength(ANALYTICS_MIGRATIONS.length);
  });

  it('applies only what is new when a migration is appended', async () => {
    const extra: Migration = {
      version: LATEST + 1,
      name: 'extra_table',
      up: (name) => [`CREATE TABLE IF NOT EXISTS ${name}.extra (id String) ENGINE = MergeTree ORDER BY id`],
    };
    expect(await migrate(db.store, database, [...ANALYTICS_MIGRATIONS, extra])).toEqual({
      applied: [LATEST + 1],
      version: LATEST + 1,
    });
    expect(await tables()).toContain('extra');
  });

  it('refuses to run when an applied migration was edited, or the database is newer than the code', async () => {
    const edited = ANALYTICS_MIGRATIONS.map((migration) =>
      migration.version === 2 ? { ...migration, up: (name: string) => [`SELECT 1 -- ${name}`] } : migration,
    );
    await expect(migrate(db.store, database, edited)).rejects.toMatchObject({
      code: 'MIGRATION.CHECKSUM_MISMATCH',
    });
    await expect(migrate(db.store, database)).rejects.toMatchObject({ code: 'MIGRATION.UNKNOWN_VERSION' });
  });

  it('refuses a list whose numbers are not 1, 2, 3…', async () => {
    const gap = [ANALYTICS_MIGRATIONS[0], ANALYTICS_MIGRATIONS[2]];
    await expect(migrate(db.store, database, gap)).rejects.toBeInstanceOf(MigrationError);
  });
});
