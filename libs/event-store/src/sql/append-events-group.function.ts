import { claimRevision } from './claim-revision.sql';
import type { SqlNames } from './sql-names';

/**
 * Group commit: the appends of several callers to different streams, made at the same moment, in one
 * statement (one round trip, one commit), each part keeping its own outcome as if it had been appended
 * alone with `append_events` (see there):
 *   1. precheck of every part: a part with any event id already stored answers `stored` with those ids
 *      (for the caller's replay-or-reject rule); a part whose expected revision is stale answers
 *      `wrong-revision` with the revision read; neither takes a position or writes anything;
 *   2. one position reservation for every event of the parts that passed, before anything is written
 *      (what keeps the global feed gap-free, see `reserve_global_positions`);
 *   3. the revision claim of each of those parts, in the order given (the caller sorts them by stream,
 *      so two groups never wait on each other in a cycle); a part that loses its claim to a concurrent
 *      writer answers `wrong-revision` with the winner's revision, and its positions stay unused (the
 *      feed allows gaps in numbering, never a skipped event);
 *   4. one INSERT of the claimed parts' events.
 * One row per part, in order. The stream ids must be distinct. A duplicate event id racing in from
 * another writer still raises the unique violation: the caller then appends the group's parts one by one.
 *
 * The events come as one JSON text, `[part, place, eventId, type, schemaVersion, data, metadata]` rows
 * as for `append_events_batch`.
 */
export function appendEventsGroupFunction(names: SqlNames): string {
  return `CREATE OR REPLACE FUNCTION ${names.appendEventsGroup}(
  p_stream_ids text[],
  p_expected text[],
  p_counts integer[],
  p_events text
) RETURNS TABLE (part integer, outcome text, revision text, positions text[], stored json)
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $fn$
#variable_conflict use_column
DECLARE
  part_count constant integer := cardinality(p_stream_ids);
  group_events constant jsonb := p_events::jsonb;
  outcomes text[] := array_fill(NULL::text, ARRAY[part_count]);
  revisions text[] := array_fill(NULL::text, ARRAY[part_count]);
  stored_json json[] := array_fill(NULL::json, ARRAY[part_count]);
  firsts integer[] := array_fill(NULL::integer, ARRAY[part_count]);
  lasts bigint[] := array_fill(NULL::bigint, ARRAY[part_count]);
  currents bigint[];
  reserved bigint[];
  wanted integer := 0;
  found_stored record;
  expected text;
  exact_revision numeric;
  current_revision bigint;
  last_revision bigint;
BEGIN
  FOR found_stored IN
    SELECT (x.e->>0)::integer AS n, json_agg(json_build_object(
        'eventId', s.event_id::text,
        'streamId', s.stream_id,
        'streamRevision', s.stream_revision::text,
        'globalPosition', s.global_position::text)) AS refs
      FROM jsonb_array_elements(group_events) AS x(e)
      JOIN ${names.events} s ON s.event_id = (x.e->>2)::uuid
      GROUP BY 1
  LOOP
    outcomes[found_stored.n] := 'stored';
    stored_json[found_stored.n] := found_stored.refs;
  END LOOP;

  currents := ARRAY(
    SELECT s.revision FROM unnest(p_stream_ids) WITH ORDINALITY AS x(stream_id, i)
      LEFT JOIN ${names.streams} s ON s.stream_id = x.stream_id
    ORDER BY x.i);
  FOR i IN 1 .. part_count LOOP
    CONTINUE WHEN outcomes[i] IS NOT NULL;
    expected := p_expected[i];
    current_revision := currents[i];
    IF (CASE expected
        WHEN 'any' THEN true
        WHEN 'no-stream' THEN current_revision IS NULL
        WHEN 'stream-exists' THEN current_revision IS NOT NULL
        ELSE coalesce(current_revision, -1) = expected::numeric
      END) THEN
      firsts[i] := wanted + 1;
      wanted := wanted + p_counts[i];
    ELSE
      outcomes[i] := 'wrong-revision';
      revisions[i] := current_revision::text;
    END IF;
  END LOOP;

  IF wanted > 0 THEN
    reserved := ARRAY(SELECT p FROM ${names.reservePositions}(wanted) AS p ORDER BY p);
    FOR i IN 1 .. part_count LOOP
      CONTINUE WHEN firsts[i] IS NULL;
      expected := p_expected[i];
      ${claimRevision(names)}
      IF last_revision IS NULL THEN
        SELECT s.revision INTO current_revision FROM ${names.streams} s WHERE s.stream_id = p_stream_ids[i];
        outcomes[i] := 'wrong-revision';
        revisions[i] := current_revision::text;
      ELSE
        outcomes[i] := 'appended';
        revisions[i] := last_revision::text;
        lasts[i] := last_revision;
      END IF;
    END LOOP;

    INSERT INTO ${names.events}
      (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata)
    SELECT reserved[firsts[k.n] + k.place - 1], (x.e->>2)::uuid, p_stream_ids[k.n],
      lasts[k.n] - p_counts[k.n] + k.place, x.e->>3, (x.e->>4)::integer, x.e->5, x.e->6
    FROM jsonb_array_elements(group_events) AS x(e),
      LATERAL (SELECT (x.e->>0)::integer AS n, (x.e->>1)::integer AS place) AS k
    WHERE outcomes[k.n] = 'appended';
  END IF;

  RETURN QUERY SELECT g.n, outcomes[g.n], revisions[g.n],
      CASE WHEN outcomes[g.n] = 'appended'
        THEN reserved[firsts[g.n] : firsts[g.n] + p_counts[g.n] - 1]::text[] END,
      stored_json[g.n]
    FROM generate_series(1, part_count) AS g(n);
END
$fn$`;
}

/** One row per part, in order; bigints as text. */
export type AppendGroupRow = {
  part: number;
  outcome: 'appended' | 'stored' | 'wrong-revision';
  /** The new last revision when appended, else the stream's revision as read (NULL: no stream). */
  revision: string | null;
  positions: string[] | null;
  stored: unknown;
};

export function appendEventsGroupSql(names: SqlNames): string {
  return `SELECT part, outcome, revision, positions, stored
    FROM ${names.appendEventsGroup}($1::text[], $2::text[], $3::integer[], $4::text)`;
}
