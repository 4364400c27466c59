import { type AnalyticsStore } from '../analytics-store.port';
import { assertIdentifier } from '../shared/identifiers';
import { ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { type MigrationReport, migrate } from './migrate';
import { type Migration } from './migration';

/**
 * Drops every table of `database` (the analytics read model, all of it derived from the event log) and
 * recreates them through the migrations, empty. The database itself stays, with whatever grants it has.
 * Nothing may be writing to it meanwhile: stop the projectors first.
 */
export async function resetAnalyticsDatabase(
  store: AnalyticsStore,
  database: string,
  migrations: readonly Migration[] = ANALYTICS_MIGRATIONS,
): Promise<MigrationReport> {
  const db = assertIdentifier(database);
  const tables = await store.query<{ name: string }>(
    'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
    { db },
  );
  for (const { name } of tables)
    await store.command(`DROP TABLE IF EXISTS ${db}.${assertIdentifier(name)} SYNC`);
  return migrate(store, db, migrations);
}
