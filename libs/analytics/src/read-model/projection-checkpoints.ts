import type { CheckpointStore } from '@app/event-store';
import { type AnalyticsStore } from '../analytics-store.port';
import { ANALYTICS_TABLES } from '../migrations/analytics-tables';
import { qualified } from '../shared/identifiers';

const checkName = (name: string): void => {
  if (name.length === 0 || name.length > 200) throw new Error('Checkpoint name must be 1 to 200 characters');
};

/**
 * How far a projector following the event store has got, kept in ClickHouse (`projection_checkpoints`)
 * beside the rows it wrote: dropping the analytics tables drops the checkpoint with them, so a rebuilt
 * database is never paired with a position from before it. A checkpoint never moves backwards: the table
 * keeps the highest position saved for a name.
 */
export class AnalyticsCheckpointStore implements CheckpointStore {
  private readonly table: string;

  constructor(
    private readonly store: AnalyticsStore,
    database: string,
  ) {
    this.table = qualified(database, ANALYTICS_TABLES.projectionCheckpoints);
  }

  async load(name: string): Promise<bigint> {
    checkName(name);
    const [row] = await this.store.query<{ position: string }>(
      `SELECT max(position) AS position FROM ${this.table} WHERE projector = {name:String}`,
      { name },
    );
    return BigInt(row?.position ?? 0);
  }

  async save(name: string, position: bigint): Promise<void> {
    checkName(name);
    if (position < 0n) throw new Error(`Checkpoint ${name}: position ${position} is negative`);
    await this.store.insert(this.table, [{ projector: name, position: position.toString() }]);
  }
}
