import type { SqlNames } from './sql-names';

/**
 * The revision claim of part `i` of a multi-stream append (PL/pgSQL, inside a loop over `i`): moves the
 * stream's revision by `p_counts[i]` if `p_expected[i]` still holds, and leaves the new last revision in
 * `last_revision`, or NULL when a concurrent writer got there first. Written once for the batch and the
 * group-commit functions, which differ only in what they do with a lost claim. The caller declares
 * `expected`, `exact_revision` and `last_revision` and sets `expected := p_expected[i]`.
 */
export const claimRevision = (names: SqlNames): string => `
exact_revision := CASE WHEN expected IN ('any', 'no-stream', 'stream-exists') THEN NULL ELSE expected::numeric END;
last_revision := NULL;
IF expected = 'any' THEN
  INSERT INTO ${names.streams} AS s (stream_id, revision) VALUES (p_stream_ids[i], p_counts[i] - 1)
    ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + p_counts[i]
    RETURNING s.revision INTO last_revision;
ELSIF expected = 'no-stream' OR exact_revision = -1 THEN
  INSERT INTO ${names.streams} AS s (stream_id, revision) VALUES (p_stream_ids[i], p_counts[i] - 1)
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING s.revision INTO last_revision;
ELSE
  UPDATE ${names.streams} s SET revision = s.revision + p_counts[i]
    WHERE s.stream_id = p_stream_ids[i] AND (exact_revision IS NULL OR s.revision = exact_revision)
    RETURNING s.revision INTO last_revision;
END IF;
`;
