import { type AnalyticsStore } from '../analytics-store.port';
import { type AnalyticsRows, PROJECTED_TABLES_IN_WRITE_ORDER } from '../projections/analytics-rows';
import { qualified } from '../shared/identifiers';

/**
 * Inserts projected rows table by table, the state tables last: their `version` is what marks an event
 * as applied, so a crash half-way is repaired when the events are delivered again.
 */
export async function writeRows(store: AnalyticsStore, database: string, rows: AnalyticsRows): Promise<void> {
  for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
    if (rows[table].length > 0) await store.insert(qualified(database, table), rows[table]);
  }
}
