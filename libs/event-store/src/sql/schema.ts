import { appendEventsFunction } from './append-events.function';
import { appendEventsBatchFunction } from './append-events-batch.function';
import { appendEventsGroupFunction } from './append-events-group.function';
import type { SqlExecutor } from './sql-executor';
import type { SqlNames } from './sql-names';

/** Arbitrary constant that namespaces this library's advisory locks ('EVST'). */
const ADVISORY_LOCK_CLASS = 0x45565354;
/** A second namespace for the one-off schema setup, so it never waits on an append. */
const SETUP_LOCK_CLASS = ADVISORY_LOCK_CLASS + 1;

export const EVENT_ID_CONSTRAINT = 'events_event_id_unique';

/**
 * Why `reserve_global_positions` exists: a follower's cursor is one `global_position`, and readAll only
 * shows rows whose transaction id is below the oldest transaction still running
 * (`pg_snapshot_xmin`). That filter is only gap-free if positions grow with transaction ids, i.e. an
 * appender never holds a lower position than one with an older transaction id. Plain `bigserial`
 * does not give that (xid and nextval are taken at different moments), so each append takes its xid
 * and all its positions inside one short critical section. The lock is session-level so it is
 * released right away, not at commit: appends still write and commit in parallel.
 *
 * A session lock outlives a failed or cancelled statement, and an append is one statement in its own
 * implicit transaction with no ROLLBACK path in the client to clean up after it: so the function lets
 * the lock go itself when anything fails while it is held (only if it was granted: a cancel may come
 * while waiting for it). `query_canceled` (a statement timeout too) must be named: OTHERS leaves it out.
 */
function reservePositionsFunction(names: SqlNames): string {
  const lock = `${ADVISORY_LOCK_CLASS}, hashtext('${names.schema}')`;
  return `CREATE OR REPLACE FUNCTION ${names.reservePositions}(n integer) RETURNS SETOF bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  reserved bigint[];
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'reserve_global_positions must run before the transaction writes anything';
  END IF;
  BEGIN
    PERFORM pg_advisory_lock(${lock});
    PERFORM pg_current_xact_id();
    reserved := ARRAY(SELECT nextval('${names.positionSequence}') FROM generate_series(1, n));
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${lock}) FROM pg_locks
      WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
        AND classid = (${ADVISORY_LOCK_CLASS})::oid AND objid = hashtext('${names.schema}')::oid AND objsubid = 2;
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${lock});
  RETURN QUERY SELECT unnest(reserved);
END
$fn$`;
}

export function schemaStatements(names: SqlNames): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS "${names.schema}"`,
    `CREATE TABLE IF NOT EXISTS ${names.streams} (
      stream_id text PRIMARY KEY,
      revision bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${names.events} (
      global_position bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      stream_id text NOT NULL,
      stream_revision bigint NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CONSTRAINT ${EVENT_ID_CONSTRAINT} UNIQUE (event_id),
      CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, stream_revision)
    )`,
    reservePositionsFunction(names),
    appendEventsFunction(names),
    appendEventsBatchFunction(names),
    appendEventsGroupFunction(names),
    `CREATE TABLE IF NOT EXISTS ${names.checkpoints} (
      name text PRIMARY KEY,
      position bigint NOT NULL CHECK (position >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

/** Creates the schema if missing; safe when several processes start at once. */
export async function ensureSchema(executor: SqlExecutor, names: SqlNames): Promise<void> {
  await executor.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${SETUP_LOCK_CLASS}, hashtext($1))`, [names.schema]);
    for (const statement of schemaStatements(names)) {
      await tx.query(statement);
    }
  });
}
