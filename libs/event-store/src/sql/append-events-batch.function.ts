import type { StreamAppend } from '../event-store.port';
import { storedEventsJson } from './append-events.function';
import { claimRevision } from './claim-revision.sql';
import type { SqlNames } from './sql-names';

/** SQLSTATE the batch raises when a revision claim loses a race; the message is the part's index (1-based). */
export const BATCH_REVISION_RACE = 'EV409';

/**
 * `appendMany` in one statement: the parts of several streams, all or nothing, in one round trip. The
 * same steps as `append_events` (see there), over every part at once:
 *   1. precheck: if any event id is already stored, nothing is written and the stored ids are returned
 *      (`stored`), for the caller to replay those parts or refuse them, and to write the others again;
 *   2. a part whose expected revision is stale fails the whole batch (`wrong-revision`, with the part's
 *      index and its actual revision), before any position is taken;
 *   3. one position reservation for every event of the batch;
 *   4. the revision claim of each part, in the order given; a part that loses its claim to a concurrent
 *      writer raises `EV409`, which rolls back the claims made before it;
 *   5. one INSERT of every event, each with its part's stream and its revision within the part.
 *
 * The events come as one JSON text, an array of `[part, place, eventId, type, schemaVersion, data,
 * metadata]` (part and place 1-based), made by one JSON.stringify on the client and parsed once here
 * into jsonb (data and metadata are stored as such): text arrays would be escaped element by element on
 * both sides, which for batches of thousands of events costs more than the rest of the call. Each
 * part's stream, expectation and event count come in the part arrays. The answer is one row: the outcome, the failing part's index and revision
 * (`wrong-revision`), every part's new last revision and every event's position in order (`appended`),
 * or the stored ids (`stored`).
 */
export function appendEventsBatchFunction(names: SqlNames): string {
  return `CREATE OR REPLACE FUNCTION ${names.appendEventsBatch}(
  p_stream_ids text[],
  p_expected text[],
  p_counts integer[],
  p_events text
) RETURNS TABLE (outcome text, part integer, revision text, revisions text[], positions text[], stored json)
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $fn$
#variable_conflict use_column
DECLARE
  part_count constant integer := cardinality(p_stream_ids);
  batch_events constant jsonb := p_events::jsonb;
  event_ids constant uuid[] := ARRAY(
    SELECT (x.e->>2)::uuid FROM jsonb_array_elements(batch_events) WITH ORDINALITY AS x(e, n) ORDER BY x.n);
  currents bigint[];
  lasts bigint[] := '{}';
  already_stored json;
  reserved bigint[];
  expected text;
  exact_revision numeric;
  current_revision bigint;
  last_revision bigint;
BEGIN
  already_stored := ${storedEventsJson(names, 'event_ids')};
  IF already_stored IS NOT NULL THEN
    RETURN QUERY SELECT 'stored'::text, NULL::integer, NULL::text, NULL::text[], NULL::text[], already_stored;
    RETURN;
  END IF;

  currents := ARRAY(
    SELECT s.revision FROM unnest(p_stream_ids) WITH ORDINALITY AS x(stream_id, i)
      LEFT JOIN ${names.streams} s ON s.stream_id = x.stream_id
    ORDER BY x.i);
  FOR i IN 1 .. part_count LOOP
    expected := p_expected[i];
    current_revision := currents[i];
    IF NOT (CASE expected
        WHEN 'any' THEN true
        WHEN 'no-stream' THEN current_revision IS NULL
        WHEN 'stream-exists' THEN current_revision IS NOT NULL
        ELSE coalesce(current_revision, -1) = expected::numeric
      END) THEN
      RETURN QUERY SELECT 'wrong-revision'::text, i, current_revision::text, NULL::text[], NULL::text[], NULL::json;
      RETURN;
    END IF;
  END LOOP;

  reserved := ARRAY(SELECT p FROM ${names.reservePositions}(cardinality(event_ids)) AS p ORDER BY p);

  FOR i IN 1 .. part_count LOOP
    expected := p_expected[i];
    ${claimRevision(names)}
    IF last_revision IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '${BATCH_REVISION_RACE}', MESSAGE = i::text;
    END IF;
    lasts := lasts || last_revision;
  END LOOP;

  INSERT INTO ${names.events}
    (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata)
  SELECT reserved[x.n], (x.e->>2)::uuid, p_stream_ids[(x.e->>0)::integer],
    lasts[(x.e->>0)::integer] - p_counts[(x.e->>0)::integer] + (x.e->>1)::integer,
    x.e->>3, (x.e->>4)::integer, x.e->5, x.e->6
  FROM jsonb_array_elements(batch_events) WITH ORDINALITY AS x(e, n);

  RETURN QUERY SELECT 'appended'::text, NULL::integer, NULL::text, lasts::text[], reserved::text[], NULL::json;
END
$fn$`;
}

export type AppendBatchRow = {
  outcome: 'appended' | 'stored' | 'wrong-revision';
  /** The failing part (1-based), for `wrong-revision`. */
  part: number | null;
  /** The failing part's revision as read (NULL: no stream), for `wrong-revision`. */
  revision: string | null;
  /** Each part's new last revision, for `appended`. */
  revisions: string[] | null;
  /** Every event's position, in the order given, for `appended`. */
  positions: string[] | null;
  stored: unknown;
};

export function appendEventsBatchSql(names: SqlNames): string {
  return `SELECT outcome, part, revision, revisions, positions, stored
    FROM ${names.appendEventsBatch}($1::text[], $2::text[], $3::integer[], $4::text)`;
}

/** The parts' streams, expectations and counts as arrays; their events as one JSON text. */
export function appendEventsBatchParams(parts: readonly StreamAppend[]): unknown[] {
  const events = parts.flatMap((part, index) =>
    part.events.map((event, place) => [
      index + 1,
      place + 1,
      event.eventId,
      event.type,
      event.schemaVersion,
      event.data,
      event.metadata,
    ]),
  );
  return [
    parts.map((part) => part.streamId),
    parts.map((part) => String(part.expected)),
    parts.map((part) => part.events.length),
    JSON.stringify(events),
  ];
}
