import { projectBatch } from '../projections/project-event';
import { writeRowsAtCurrentSchema } from '../test-support/older-schema';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { ctx } from '../test-support/projection-fixtures';
import { recordScenario } from '../kpi/weekly-pack/test-support/weekly-pack.scenario';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { migrate } from './migrate';
import { partitionByMonthMigration } from './0008-partition-by-month.migration';

/** Migration 8 re-partitions two tables that already hold rows: nothing may be lost, even when run twice. */
describe('migration 8: complaints and follow-ups partitioned by month (chDB)', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('repartition');
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const figures = async () => ({
    complaints: await db.store.query(
      `SELECT complaint_id, version, status, registered_at FROM ${db.database}.complaints FINAL ORDER BY complaint_id`,
    ),
    followUps: await db.store.query(
      `SELECT complaint_id, stream_revision, recorded_at FROM ${db.database}.follow_ups FINAL
       ORDER BY complaint_id, stream_revision`,
    ),
  });
  const partitionKeys = async () =>
    db.store.query<{ name: string; partition_key: string }>(
      `SELECT name, partition_key FROM system.tables
       WHERE database = {db:String} AND name IN ('complaints', 'follow_ups') ORDER BY name`,
      { db: db.database },
    );

  it('keeps every row, partitions by month, and survives a second run of its statements', async () => {
    await migrate(db.store, db.database, ANALYTICS_MIGRATIONS.slice(0, 7));
    // Rows as the projection wrote them at version 7: every table and column later migrations added is
    // left out, whatever they are, by asking the database which exist.
    const { rows } = projectBatch(recordScenario(), ctx);
    await writeRowsAtCurrentSchema(db.store, db.database, rows);
    const before = await figures();
    expect(before.complaints).toHaveLength(20);
    expect(before.followUps.length).toBeGreaterThan(5);

    // Migration 8 and every later one.
    const later = ANALYTICS_MIGRATIONS.map(({ version }) => version).filter((version) => version >= 8);
    expect(await migrate(db.store, db.database)).toEqual({
      applied: later,
      version: later[later.length - 1],
    });
    expect(await partitionKeys()).toEqual([
      { name: 'complaints', partition_key: 'toYYYYMM(registered_at)' },
      { name: 'follow_ups', partition_key: 'toYYYYMM(recorded_at)' },
    ]);
    expect(await figures()).toEqual(before);

    // A start-up that died after the swap runs the statements again: the rows stay.
    for (const statement of partitionByMonthMigration.up(db.database)) await db.store.command(statement);
    expect(await figures()).toEqual(before);
  });
});
