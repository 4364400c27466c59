import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { testEvents, waitFor } from '../contract/event-store.contract';
import { START_POSITION, type RecordedEvent } from '../event-store.port';
import { connectTestPool, dropSchema, freshSchemaName } from '../test-support/postgres-test-database';
import { PostgresEventStore } from './postgres-event-store';

const APPENDERS = 6;
const EVENTS_PER_APPENDER = 200;

const appendFunction = (schema: string) =>
  `"${schema}".append_events(text, text, uuid[], text[], integer[], text[], text[])`;

describe('PostgreSQL append function', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    pool = await connectTestPool({ max: APPENDERS + 4 });
    schema = freshSchemaName();
    store = await PostgresEventStore.onPool(pool, { schema });
  }, 30_000);

  afterAll(async () => {
    await store?.close();
    if (pool) {
      await dropSchema(pool, schema);
      await pool.end();
    }
  }, 30_000);

  it('is created for a database made before it existed when a store opens on it', async () => {
    const events = testEvents(2);
    const original = await store.append('upgraded', events, 'no-stream');
    // What the previous schema left: the same tables and positions function, no append function.
    await pool.query(`DROP FUNCTION ${appendFunction(schema)}`);
    const gone = await pool.query<{ fn: string | null }>(`SELECT to_regprocedure($1)::text AS fn`, [
      appendFunction(schema),
    ]);
    expect(gone.rows[0].fn).toBeNull();

    const reopened = await PostgresEventStore.onPool(pool, { schema });
    expect(await reopened.append('upgraded', events, 'no-stream')).toEqual({ ...original, appended: false });
    const next = await reopened.append('upgraded', testEvents(1), 1);
    expect(next.nextExpectedRevision).toBe(2);
    expect((await reopened.readStream('upgraded')).map((event) => event.streamRevision)).toEqual([0, 1, 2]);
  }, 30_000);

  it('plans its statements afresh on each call, so a plan made while the tables were small never sticks', async () => {
    // A cached generic plan from a session's first appends (a sequential scan of a then tiny events
    // table) would make every later append slower than the last as the table grows.
    const { rows } = await pool.query<{ config: string[] | null }>(
      `SELECT proconfig AS config FROM pg_proc WHERE oid = to_regprocedure($1)`,
      [appendFunction(schema)],
    );
    expect(rows[0].config).toContain('plan_cache_mode=force_custom_plan');
  });

  it('lets the position lock go when a statement is cancelled while holding it', async () => {
    const client = await pool.connect();
    try {
      await client.query(`SET statement_timeout = '300ms'`);
      // Far more positions than 300 ms can take: the timeout lands inside the locked section.
      await expect(
        client.query(`SELECT count(*) FROM "${schema}".reserve_global_positions(50000000)`),
      ).rejects.toMatchObject({ code: '57014' });
      const held = await client.query<{ locks: string }>(
        `SELECT count(*)::text AS locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
      );
      expect(held.rows[0].locks).toBe('0');
    } finally {
      await client.query('RESET statement_timeout').catch(() => undefined);
      client.release();
    }
    // Another connection's append would wait for that lock forever had it stayed.
    const result = await store.append(`after-cancel-${schema}`, testEvents(1), 'no-stream');
    expect(result.appended).toBe(true);
  }, 30_000);

  it('feeds a follower every event of concurrent one-statement appends exactly once and in order', async () => {
    const after = await store.headPosition();
    const delivered: RecordedEvent[] = [];
    const follower = store.follow(
      async (batch) => {
        delivered.push(...batch);
      },
      { after, batchSize: 100, pollIntervalMs: 5 },
    );
    const appender = async (n: number) => {
      const streamId = `concurrent-${n}-${randomUUID()}`;
      let revision = -1;
      for (let written = 0; written < EVENTS_PER_APPENDER;) {
        const events = testEvents(Math.min(1 + ((n + written) % 7), EVENTS_PER_APPENDER - written));
        const result = await store.append(streamId, events, revision === -1 ? 'no-stream' : revision);
        revision = result.nextExpectedRevision;
        written += events.length;
      }
    };
    await Promise.all(Array.from({ length: APPENDERS }, (_, n) => appender(n)));
    const total = APPENDERS * EVENTS_PER_APPENDER;
    await waitFor(() => delivered.length >= total, 30_000, `the follower to see ${total} events`);
    await follower.stop();

    const mine = delivered.filter((event) => event.streamId.startsWith('concurrent-'));
    expect(mine).toHaveLength(total);
    expect(new Set(mine.map((event) => event.eventId)).size).toBe(total);
    const positions = delivered.map((event) => event.globalPosition);
    expect(positions.every((position, i) => position > (i === 0 ? START_POSITION : positions[i - 1]))).toBe(
      true,
    );
  }, 60_000);
});
