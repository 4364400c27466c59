import { type AnalyticsStore } from '../analytics-store.port';
import { CLOSED_STATUSES } from '../complaint-list/worklists';
import {
  type AnalyticsRows,
  type ComplaintRow,
  PROJECTED_TABLES_IN_WRITE_ORDER,
} from '../projections/analytics-rows';
import { qualified } from '../shared/identifiers';

const CLOSED = new Set<string>(CLOSED_STATUSES);

/** A complaint's row as `open_complaints` holds it: a closing version is its tombstone. */
const openComplaintRow = (row: ComplaintRow) => ({ ...row, is_deleted: CLOSED.has(row.status) ? 1 : 0 });

/**
 * Inserts projected rows table by table, the state tables last: their `version` is what marks an event
 * as applied, so a crash half-way is repaired when the events are delivered again. `open_complaints`,
 * the worklists' copy of `complaints`, is written just before it, so it is never behind it.
 */
export async function writeRows(store: AnalyticsStore, database: string, rows: AnalyticsRows): Promise<void> {
  for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
    if (rows[table].length === 0) continue;
    if (table === 'complaints')
      await store.insert(qualified(database, 'open_complaints'), rows.complaints.map(openComplaintRow));
    await store.insert(qualified(database, table), rows[table]);
  }
}
