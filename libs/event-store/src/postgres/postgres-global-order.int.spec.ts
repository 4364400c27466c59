import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { testEvents, waitFor } from '../contract/event-store.contract';
import { START_POSITION, type EventStore, type RecordedEvent } from '../event-store.port';
import { SqlEventStore } from '../sql/sql-event-store';
import { HookedExecutor } from '../test-support/hooked.executor';
import { connectTestPool, dropSchema, freshSchemaName } from '../test-support/postgres-test-database';
import { PgPoolExecutor } from './pg-pool.executor';
import { PostgresEventStore } from './postgres-event-store';

const APPENDERS = 8;
const EVENTS_PER_APPENDER = 500;
const STREAMS_PER_APPENDER = 4;
const TOTAL = APPENDERS * EVENTS_PER_APPENDER;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * Proof that the global feed has no ordering gap on a real server: appends run on several connections
 * at once and many of them hold their transaction open for a while after taking their positions, so
 * lower positions routinely commit after higher ones.
 */
describe('PostgreSQL global feed under concurrent appenders', () => {
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

  /** A store whose transactions run `beforeCommit` after their writes, before COMMIT. */
  const storeHolding = (beforeCommit: () => Promise<void>): EventStore =>
    new SqlEventStore(new HookedExecutor(new PgPoolExecutor(pool, false), beforeCommit), { schema });

  const maxPosition = async (): Promise<bigint> => {
    const { rows } = await pool.query<{ max: string }>(
      `SELECT coalesce(max(global_position), 0)::text AS max FROM "${schema}".events`,
    );
    return BigInt(rows[0].max);
  };

  it(`delivers ${TOTAL} concurrently appended events to a follower exactly once and in order`, async () => {
    const delivered: RecordedEvent[] = [];
    const follower = store.follow(
      async (batch) => {
        delivered.push(...batch);
      },
      { after: START_POSITION, batchSize: 250, pollIntervalMs: 5 },
    );
    const naive = naiveFollower(pool, schema);

    const appended = new Set<string>();
    const appender = async (n: number) => {
      // Some commits wait a little after taking their positions, so later appends overtake them.
      const appenderStore = storeHolding(() =>
        Math.random() < 0.4 ? sleep(randomInt(1, 15)) : Promise.resolve(),
      );
      const streams = Array.from(
        { length: STREAMS_PER_APPENDER },
        (_, s) => `order-${n}-${s}-${randomUUID()}`,
      );
      const revisions = streams.map(() => -1);
      for (let written = 0; written < EVENTS_PER_APPENDER;) {
        const s = randomInt(0, STREAMS_PER_APPENDER - 1);
        const events = testEvents(Math.min(randomInt(1, 5), EVENTS_PER_APPENDER - written), 'Ordered');
        const expected = revisions[s] === -1 ? 'no-stream' : revisions[s];
        const result = await appenderStore.append(streams[s], events, expected);
        revisions[s] = result.nextExpectedRevision;
        events.forEach((event) => appended.add(event.eventId));
        written += events.length;
        await sleep(randomInt(0, 2));
      }
    };
    await Promise.all(Array.from({ length: APPENDERS }, (_, n) => appender(n)));

    await waitFor(() => delivered.length >= TOTAL, 30_000, `the follower to see ${TOTAL} events`);
    // Anything delivered twice would show up right after catching up.
    await sleep(200);
    await follower.stop();
    const naiveSeen = await naive.stop();

    expect(delivered).toHaveLength(TOTAL);
    const ids = delivered.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids.every((id) => appended.has(id))).toBe(true);

    const positions = delivered.map((event) => event.globalPosition);
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);

    const revisionsByStream = new Map<string, number[]>();
    for (const event of delivered) {
      revisionsByStream.set(event.streamId, [
        ...(revisionsByStream.get(event.streamId) ?? []),
        event.streamRevision,
      ]);
    }
    expect(revisionsByStream.size).toBe(APPENDERS * STREAMS_PER_APPENDER);
    for (const revisions of revisionsByStream.values()) {
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }

    process.stdout.write(
      `global order: follower saw ${delivered.length}/${TOTAL}; a naive ORDER BY global_position follower ` +
        `skipped ${TOTAL - naiveSeen.size} of them\n`,
    );
  }, 90_000);

  it('withholds a committed event while an older append holding a lower position is still open', async () => {
    const before = await maxPosition();
    let reachedCommit!: () => void;
    const atCommit = new Promise<void>((resolve) => (reachedCommit = resolve));
    let releaseCommit!: () => void;
    const commitReleased = new Promise<void>((resolve) => (releaseCommit = resolve));
    const slowStore = storeHolding(async () => {
      reachedCommit();
      await commitReleased;
    });

    const slow = slowStore.append(`gap-slow-${randomUUID()}`, testEvents(1), 'no-stream');
    await atCommit;
    const fast = await store.append(`gap-fast-${randomUUID()}`, testEvents(1), 'no-stream');

    // What a plain `ORDER BY global_position` reader sees now: the fast event only. Its cursor would move
    // past the slow event's lower position and never come back for it.
    const naive = await pool.query<{ position: string }>(
      `SELECT global_position::text AS position FROM "${schema}".events
        WHERE global_position > $1 ORDER BY global_position`,
      [before.toString()],
    );
    expect(naive.rows.map((row) => BigInt(row.position))).toEqual(fast.globalPositions);
    expect(await store.readAll({ after: before })).toEqual([]);
    expect(await store.headPosition()).toBeLessThan(fast.globalPositions[0]);

    releaseCommit();
    const slowResult = await slow;
    expect(slowResult.globalPositions[0]).toBeLessThan(fast.globalPositions[0]);

    // Both are visible once no older transaction is open anywhere on the server.
    let feed: RecordedEvent[] = [];
    for (const deadline = Date.now() + 10_000; feed.length < 2 && Date.now() < deadline; await sleep(10)) {
      feed = await store.readAll({ after: before });
    }
    expect(feed.map((event) => event.globalPosition)).toEqual([
      slowResult.globalPositions[0],
      fast.globalPositions[0],
    ]);
  }, 30_000);
});

/** The reader the xmin filter replaces, kept only to show what it would miss. */
function naiveFollower(pool: Pool, schema: string): { stop(): Promise<Set<string>> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    let after = START_POSITION;
    while (running) {
      const { rows } = await pool.query<{ position: string; event_id: string }>(
        `SELECT global_position::text AS position, event_id::text AS event_id FROM "${schema}".events
          WHERE global_position > $1 ORDER BY global_position LIMIT 500`,
        [after.toString()],
      );
      for (const row of rows) seen.add(row.event_id);
      if (rows.length > 0) after = BigInt(rows[rows.length - 1].position);
      else await sleep(2);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
