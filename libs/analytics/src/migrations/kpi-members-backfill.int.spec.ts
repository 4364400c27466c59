import { type KpiMemberRow } from '../projections/analytics-rows';
import { sortMembers } from '../projections/kpi-member-rows';
import { projectBatch } from '../projections/project-event';
import { writeRowsAtCurrentSchema } from '../test-support/older-schema';
import { type ChdbTestDatabase, openChdbTestDatabase } from '../test-support/chdb-test-database';
import { ctx } from '../test-support/projection-fixtures';
import { recordExecutiveScenario } from '../kpi/executive/test-support/executive.scenario';
import { recordScenario } from '../kpi/weekly-pack/test-support/weekly-pack.scenario';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { migrate } from './migrate';
import { kpiMembersMigration } from './0012-kpi-members.migration';

/**
 * Migration 12 derives the member rows of a database projected before it: they must be the rows the
 * projector keeps for the same events (each at the complaint's current version instead of the version
 * that wrote it), so reports and the projector resume from the database as if it had always had them.
 */
describe('migration 12: kpi_members derived from the tables a database already holds (chDB)', () => {
  let db: ChdbTestDatabase;

  beforeAll(async () => {
    db = await openChdbTestDatabase('kpi_backfill');
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  const withoutVersion = ({ version: _version, ...rest }: KpiMemberRow) => rest;

  it.each([
    ['weekly-pack scenario', recordScenario],
    ['executive scenario', recordExecutiveScenario],
  ])('%s: the same rows as the projection', async (_, record) => {
    const database = `${db.database}_${record === recordScenario ? 'pack' : 'exec'}`;
    await migrate(
      db.store,
      database,
      ANALYTICS_MIGRATIONS.slice(0, ANALYTICS_MIGRATIONS.indexOf(kpiMembersMigration)),
    );
    const { rows, states } = projectBatch(record(), ctx);
    await writeRowsAtCurrentSchema(db.store, database, rows);
    await migrate(db.store, database);

    const expected = sortMembers(
      [...states.values()].flatMap((state) => (state.kind === 'complaint' ? state.members : [])),
    ).map(withoutVersion);
    expect(expected.some((row) => row.kind === 'overdue')).toBe(true);
    const stored = await db.store.query<KpiMemberRow>(`SELECT * FROM ${database}.kpi_members FINAL`);
    expect(sortMembers(stored).map(withoutVersion)).toEqual(expected);
    await db.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
  });
});
