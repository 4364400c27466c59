import { type AnalyticsStore } from '../analytics-store.port';
import { type AnalyticsRows, PROJECTED_TABLES_IN_WRITE_ORDER } from '../projections/analytics-rows';
import { qualified } from '../shared/identifiers';

/**
 * Writes projected rows as a projector of an older schema would have: only into the tables the
 * database holds now, and only the columns they have (asked of `system.columns`), so that a migration
 * test starts from data its earlier migrations could hold, whatever later ones add.
 */
export async function writeRowsAtCurrentSchema(
  store: AnalyticsStore,
  database: string,
  rows: AnalyticsRows,
): Promise<void> {
  const existing = new Map<string, Set<string>>();
  for (const { table, name } of await store.query<{ table: string; name: string }>(
    'SELECT table, name FROM system.columns WHERE database = {db:String}',
    { db: database },
  ))
    existing.set(table, (existing.get(table) ?? new Set()).add(name));
  for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
    const columns = existing.get(table);
    if (!columns || rows[table].length === 0) continue;
    await store.insert(
      qualified(database, table),
      (rows[table] as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).filter(([key]) => columns.has(key))),
      ),
    );
  }
}
