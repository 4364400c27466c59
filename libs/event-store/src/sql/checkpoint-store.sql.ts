import type { SqlNames } from './sql-names';

export function loadCheckpointSql(names: SqlNames): string {
  return `SELECT position::text AS position FROM ${names.checkpoints} WHERE name = $1`;
}

/** Moves the checkpoint forward only: a lower (or equal) position leaves the row as it is. */
export function saveCheckpointSql(names: SqlNames): string {
  return `INSERT INTO ${names.checkpoints} AS c (name, position) VALUES ($1, $2::bigint)
    ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
    WHERE c.position < excluded.position`;
}
