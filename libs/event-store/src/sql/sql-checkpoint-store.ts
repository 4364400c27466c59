import { assertCheckpoint, type CheckpointStore } from '../checkpoint-store.port';
import { START_POSITION } from '../event-store.port';
import { loadCheckpointSql, saveCheckpointSql } from './checkpoint-store.sql';
import type { SqlNames } from './sql-names';
import type { SqlQueryable } from './sql-executor';

/** Checkpoints in the `checkpoints` table of the event store's own schema. */
export class SqlCheckpointStore implements CheckpointStore {
  constructor(
    private readonly db: SqlQueryable,
    private readonly names: SqlNames,
  ) {}

  async load(name: string): Promise<bigint> {
    assertCheckpoint(name);
    const rows = await this.db.query<{ position: string }>(loadCheckpointSql(this.names), [name]);
    return rows.length === 0 ? START_POSITION : BigInt(rows[0].position);
  }

  async save(name: string, position: bigint): Promise<void> {
    assertCheckpoint(name, position);
    // One statement: concurrent saves of one name queue on its row and the highest position wins.
    await this.db.query(saveCheckpointSql(this.names), [name, position.toString()]);
  }
}
