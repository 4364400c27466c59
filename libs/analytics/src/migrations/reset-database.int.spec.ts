import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { ANALYTICS_TABLES } from './analytics-tables';
import { migrate } from './migrate';
import { resetAnalyticsDatabase } from './reset-database';

describe('resetAnalyticsDatabase (chDB)', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('reset');
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const tables = async () =>
    (
      await db.store.query<{ name: string }>(
        'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
        { db: db.database },
      )
    ).map((row) => row.name);

  it('drops every table of the database, rows and strays alike, and migrates it afresh', async () => {
    await migrate(db.store, db.database);
    await db.store.insert(`${db.database}.projection_checkpoints`, [{ projector: 'p', position: '9' }]);
    await db.store.command(`CREATE TABLE ${db.database}.stray (id String) ENGINE = MergeTree ORDER BY id`);

    expect(await resetAnalyticsDatabase(db.store, db.database)).toEqual({
      applied: ANALYTICS_MIGRATIONS.map(({ version }) => version),
      version: ANALYTICS_MIGRATIONS[ANALYTICS_MIGRATIONS.length - 1]!.version,
    });
    expect(await tables()).toEqual(Object.values(ANALYTICS_TABLES).sort());
    expect(await db.store.query(`SELECT * FROM ${db.database}.projection_checkpoints`)).toEqual([]);
  });
});
