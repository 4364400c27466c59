import { storedEventsJson } from './append-events.function';
import type { SqlNames } from './sql-names';

/**
 * bigint columns are cast to text: node-postgres returns int8 as a string but PGlite as a (lossy)
 * number, and text reads the same on both. The casts keep the column names, so ORDER BY must name
 * `e.` columns or it would sort the text.
 */
const EVENT_COLUMNS = `global_position::text AS global_position, event_id::text AS event_id, stream_id,
  stream_revision::text AS stream_revision, type, schema_version, data, metadata, recorded_at`;

export function readStreamSql(names: SqlNames): string {
  return `SELECT ${EVENT_COLUMNS} FROM ${names.events} e
    WHERE e.stream_id = $1 AND e.stream_revision >= $2::bigint
    ORDER BY e.stream_revision
    LIMIT $3::bigint`;
}

export function readStreamsSql(names: SqlNames): string {
  return `SELECT ${EVENT_COLUMNS} FROM ${names.events} e
    WHERE e.stream_id = ANY ($1::text[])
    ORDER BY e.stream_id, e.stream_revision`;
}

/**
 * Only rows written by transactions older than every transaction still running: those are final,
 * and (see `reserve_global_positions`) nothing that commits later can hold a lower position.
 */
export function readAllSql(names: SqlNames): string {
  return `SELECT ${EVENT_COLUMNS} FROM ${names.events} e
    WHERE e.global_position > $1::bigint
      AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.global_position
    LIMIT $2::bigint`;
}

/** The newest row `readAllSql` would show now: same filter, read backwards along the primary key. */
export function headPositionSql(names: SqlNames): string {
  return `SELECT e.global_position::text AS position FROM ${names.events} e
    WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.global_position DESC
    LIMIT 1`;
}

export function streamRevisionsSql(names: SqlNames): string {
  return `SELECT stream_id, revision::text AS revision FROM ${names.streams} WHERE stream_id = ANY ($1::text[])`;
}

export function streamRevisionSql(names: SqlNames): string {
  return `SELECT revision::text AS revision FROM ${names.streams} WHERE stream_id = $1`;
}

/** Whichever of the ids are already stored: after a lost race, what tells a retry from a conflict. */
export function storedEventsSql(names: SqlNames): string {
  return `SELECT ${storedEventsJson(names, '$1::uuid[]')} AS stored`;
}
