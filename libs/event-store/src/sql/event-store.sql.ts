import type { EventToAppend, ExpectedRevision } from '../event-store.port';
import type { SqlNames } from './schema';

/**
 * bigint columns are cast to text: node-postgres returns int8 as a string but PGlite as a (lossy)
 * number, and text reads the same on both. The casts keep the column names, so ORDER BY must name
 * `e.` columns or it would sort the text.
 */
const EVENT_COLUMNS = `global_position::text AS global_position, event_id::text AS event_id, stream_id,
  stream_revision::text AS stream_revision, type, schema_version, data, metadata, recorded_at`;

/** 7 parameters per row keeps a chunk well under PostgreSQL's 65,535 bind parameters. */
export const INSERT_CHUNK_ROWS = 1000;

export function readStreamSql(names: SqlNames): string {
  return `SELECT ${EVENT_COLUMNS} FROM ${names.events} e
    WHERE e.stream_id = $1 AND e.stream_revision >= $2::bigint
    ORDER BY e.stream_revision
    LIMIT $3::bigint`;
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

export function streamRevisionSql(names: SqlNames): string {
  return `SELECT revision::text AS revision FROM ${names.streams} WHERE stream_id = $1`;
}

/** One round trip before writing: the stream's revision and whichever of the ids are already stored. */
export function appendPrecheckSql(names: SqlNames): string {
  return `SELECT
    (SELECT revision::text FROM ${names.streams} WHERE stream_id = $1) AS revision,
    (SELECT coalesce(json_agg(json_build_object(
        'eventId', event_id::text,
        'streamId', stream_id,
        'streamRevision', stream_revision::text,
        'globalPosition', global_position::text)), '[]'::json)
      FROM ${names.events} WHERE event_id = ANY($2::uuid[])) AS stored`;
}

export function reservePositionsSql(names: SqlNames): string {
  return `SELECT p::text AS position FROM ${names.reservePositions}($1::integer) AS p ORDER BY p`;
}

/**
 * The statement that makes the optimistic check authoritative: it either moves the stream's revision
 * forward by `$2` events and returns the new revision, or returns no row. Concurrent writers of one
 * stream queue on its row and the loser sees the winner's revision.
 */
export function claimRevisionsSql(names: SqlNames, expected: ExpectedRevision): string {
  if (expected === 'no-stream' || expected === -1) {
    return `INSERT INTO ${names.streams} (stream_id, revision) VALUES ($1, $2::bigint - 1)
      ON CONFLICT (stream_id) DO NOTHING RETURNING revision::text AS revision`;
  }
  if (expected === 'any') {
    return `INSERT INTO ${names.streams} AS s (stream_id, revision) VALUES ($1, $2::bigint - 1)
      ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + $2::bigint
      RETURNING revision::text AS revision`;
  }
  if (expected === 'stream-exists') {
    return `UPDATE ${names.streams} SET revision = revision + $2::bigint
      WHERE stream_id = $1 RETURNING revision::text AS revision`;
  }
  return `UPDATE ${names.streams} SET revision = revision + $2::bigint
    WHERE stream_id = $1 AND revision = $3::bigint RETURNING revision::text AS revision`;
}

export function claimRevisionsParams(streamId: string, count: number, expected: ExpectedRevision): unknown[] {
  return typeof expected === 'number' && expected >= 0 ? [streamId, count, expected] : [streamId, count];
}

export interface InsertRow {
  globalPosition: string;
  streamRevision: number;
  event: EventToAppend;
}

/** A multi-row INSERT for one chunk; the stream id is bound once as $1. */
export function insertEventsStatement(
  names: SqlNames,
  streamId: string,
  rows: readonly InsertRow[],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [streamId];
  const tuples = rows.map(({ globalPosition, streamRevision, event }) => {
    const at = params.length;
    params.push(
      globalPosition,
      event.eventId,
      streamRevision,
      event.type,
      event.schemaVersion,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    );
    return `($${at + 1}::bigint, $${at + 2}::uuid, $1, $${at + 3}::bigint, $${at + 4}, $${at + 5}::integer, $${at + 6}::jsonb, $${at + 7}::jsonb)`;
  });
  const sql = `INSERT INTO ${names.events}
    (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata)
    VALUES ${tuples.join(',\n')}`;
  return { sql, params };
}
