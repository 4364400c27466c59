import type { EventToAppend, ExpectedRevision } from '../event-store.port';
import type { SqlNames } from './sql-names';

/**
 * The ids of `ids` (an SQL uuid[] expression) already stored, as a JSON array of
 * `{eventId, streamId, streamRevision, globalPosition}` (bigints as text), or NULL when there is none.
 * The append function and the retry precheck ask the same question, so they share the text.
 */
export function storedEventsJson(names: SqlNames, ids: string): string {
  return `(SELECT json_agg(json_build_object(
      'eventId', e.event_id::text,
      'streamId', e.stream_id,
      'streamRevision', e.stream_revision::text,
      'globalPosition', e.global_position::text))
    FROM ${names.events} e WHERE e.event_id = ANY (${ids}))`;
}

/**
 * A whole append in one statement, so it costs one round trip. It runs in the caller's transaction: the
 * statement's implicit one (committed as it returns), or an open one that has written nothing yet. In
 * order:
 *   1. precheck: the stream's revision and whichever event ids are already stored. Stored ids win over
 *      the revision check (a retried append gets its original result however the stream moved on), so
 *      they are returned as they are for the caller's replay-or-reject rule;
 *   2. a stale expected revision fails fast, before taking positions;
 *   3. positions and the transaction id from `reserve_global_positions`, whose advisory lock is
 *      session-level and let go before it returns: appends still write and commit in parallel, and
 *      the lock is never held until commit;
 *   4. the revision claim, the authoritative optimistic check: writers of one stream queue on its row,
 *      and the loser (no row claimed) reads the winner's revision with a fresh snapshot;
 *   5. one INSERT of every event, unnested from the arrays (no bind-parameter limit, no chunks); data
 *      and metadata arrive as JSON text and are parsed into jsonb here, row by row.
 * A conflict is a result (`wrong-revision` with the actual revision, NULL for no stream), not an error:
 * nothing was written by then. A duplicate event id racing in from another append still raises the
 * unique violation, which the caller tells from a retry by looking again once that append committed.
 *
 * `p_expected` is 'any', 'no-stream', 'stream-exists' or a revision number as text (-1 meaning no
 * stream, as in the port). CREATE OR REPLACE keeps opening an existing database idempotent; a change to
 * the parameters or result columns would need a DROP first.
 *
 * `plan_cache_mode = force_custom_plan`: PL/pgSQL keeps a session's plans, and a generic plan made while
 * the tables were small (a sequential scan of `events` for the stored-ids lookup) would stay in use as
 * they grow, making every append slower than the last. Planned afresh on each call with the tables' size
 * now, each lookup uses its index once that pays; planning costs far less than such a scan.
 *
 * `#variable_conflict use_column`: the result column `revision` is also a column of the streams table,
 * and inside the SQL statements the table's column is meant.
 */
export function appendEventsFunction(names: SqlNames): string {
  return `CREATE OR REPLACE FUNCTION ${names.appendEvents}(
  p_stream_id text,
  p_expected text,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[]
) RETURNS TABLE (outcome text, revision text, positions text[], stored json)
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $fn$
#variable_conflict use_column
DECLARE
  event_count constant integer := cardinality(p_event_ids);
  exact_revision constant numeric :=
    CASE WHEN p_expected IN ('any', 'no-stream', 'stream-exists') THEN NULL ELSE p_expected::numeric END;
  current_revision bigint;
  already_stored json;
  reserved bigint[];
  last_revision bigint;
BEGIN
  SELECT s.revision INTO current_revision FROM ${names.streams} s WHERE s.stream_id = p_stream_id;
  already_stored := ${storedEventsJson(names, 'p_event_ids')};
  IF already_stored IS NOT NULL THEN
    RETURN QUERY SELECT 'stored'::text, current_revision::text, NULL::text[], already_stored;
    RETURN;
  END IF;

  IF NOT (CASE p_expected
      WHEN 'any' THEN true
      WHEN 'no-stream' THEN current_revision IS NULL
      WHEN 'stream-exists' THEN current_revision IS NOT NULL
      ELSE coalesce(current_revision, -1) = exact_revision
    END) THEN
    RETURN QUERY SELECT 'wrong-revision'::text, current_revision::text, NULL::text[], NULL::json;
    RETURN;
  END IF;

  reserved := ARRAY(SELECT p FROM ${names.reservePositions}(event_count) AS p ORDER BY p);

  IF p_expected = 'any' THEN
    INSERT INTO ${names.streams} AS s (stream_id, revision) VALUES (p_stream_id, event_count - 1)
      ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + event_count
      RETURNING s.revision INTO last_revision;
  ELSIF p_expected = 'no-stream' OR exact_revision = -1 THEN
    INSERT INTO ${names.streams} AS s (stream_id, revision) VALUES (p_stream_id, event_count - 1)
      ON CONFLICT (stream_id) DO NOTHING
      RETURNING s.revision INTO last_revision;
  ELSE
    UPDATE ${names.streams} s SET revision = s.revision + event_count
      WHERE s.stream_id = p_stream_id AND (exact_revision IS NULL OR s.revision = exact_revision)
      RETURNING s.revision INTO last_revision;
  END IF;
  IF last_revision IS NULL THEN
    SELECT s.revision INTO current_revision FROM ${names.streams} s WHERE s.stream_id = p_stream_id;
    RETURN QUERY SELECT 'wrong-revision'::text, current_revision::text, NULL::text[], NULL::json;
    RETURN;
  END IF;

  INSERT INTO ${names.events}
    (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata)
  SELECT e.global_position, e.event_id, p_stream_id, last_revision - event_count + e.n,
    e.type, e.schema_version, e.data::jsonb, e.metadata::jsonb
  FROM unnest(reserved, p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
    WITH ORDINALITY AS e(global_position, event_id, type, schema_version, data, metadata, n);

  RETURN QUERY SELECT 'appended'::text, last_revision::text, reserved::text[], NULL::json;
END
$fn$`;
}

/** What the append function answers; bigints arrive as text on both drivers. */
export type AppendEventsRow = {
  outcome: 'appended' | 'stored' | 'wrong-revision';
  /** The new last revision when appended, else the stream's revision as read (NULL: no stream). */
  revision: string | null;
  positions: string[] | null;
  stored: unknown;
};

export function appendEventsSql(names: SqlNames): string {
  return `SELECT outcome, revision, positions, stored
    FROM ${names.appendEvents}($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[])`;
}

/**
 * The events column by column: one array parameter per column, whatever the batch size. Data and metadata
 * go as JSON text (text[], not jsonb[]): a jsonb[] parameter is built whole in the server's memory when
 * the statement is bound, larger than its text, and copied again for the function; as text each document
 * becomes jsonb only in the row that stores it, and that memory is freed row by row. Batched appends run
 * up to twice as fast this way on a server session that had handled small appends before.
 */
export function appendEventsParams(
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): unknown[] {
  return [
    streamId,
    String(expected),
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => event.schemaVersion),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => JSON.stringify(event.metadata)),
  ];
}
