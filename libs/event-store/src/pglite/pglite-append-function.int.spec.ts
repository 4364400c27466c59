import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { testEvents } from '../contract/event-store.contract';
import { SqlEventStore } from '../sql/sql-event-store';
import type { SqlExecutor, SqlQueryable, SqlRow } from '../sql/sql-executor';
import { PgliteEventStore } from './pglite-event-store';
import { PgliteExecutor } from './pglite.executor';

const APPEND_FUNCTION = 'public.append_events(text, text, uuid[], text[], integer[], text[], text[])';

/** Counts what reaches the database: statements on their own and transactions. */
class CountingExecutor implements SqlExecutor {
  statements = 0;
  transactions = 0;

  constructor(private readonly inner: SqlExecutor) {}

  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    this.statements++;
    return this.inner.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    this.transactions++;
    return this.inner.transaction(fn);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('PGlite append as one statement', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'event-store-append-fn-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('commits appends that come in while one is in flight together: one statement for the group', async () => {
    const counting = new CountingExecutor(new PgliteExecutor(await PGlite.create(join(dir, 'data'))));
    const store = await new SqlEventStore(counting).start();
    try {
      counting.statements = 0;
      counting.transactions = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append(`group-${i}`, testEvents(2), 'no-stream')),
      );
      // The first goes alone; the 19 that came in meanwhile go as one group.
      expect(counting).toMatchObject({ statements: 2, transactions: 0 });
      const positions = results.flatMap((result) => result.globalPositions);
      expect(new Set(positions).size).toBe(40);
      expect(results.every((result) => result.nextExpectedRevision === 1 && result.appended)).toBe(true);
      const feed = await store.readAll({ maxCount: 100 });
      expect(feed.map((event) => event.globalPosition)).toEqual(
        [...positions].sort((a, b) => (a < b ? -1 : 1)),
      );
    } finally {
      await store.close();
    }
  });

  it('reads whole streams asked for while a read is in flight together, each caller its own stream', async () => {
    const counting = new CountingExecutor(new PgliteExecutor(await PGlite.create(join(dir, 'data'))));
    const store = await new SqlEventStore(counting).start();
    try {
      for (let i = 0; i < 10; i++) await store.append(`read-${i}`, testEvents(i + 1), 'no-stream');
      counting.statements = 0;
      const ids = [...Array.from({ length: 10 }, (_, i) => `read-${i}`), 'read-3', 'read-missing'];
      const read = await Promise.all(ids.map((id) => store.readStream(id)));
      expect(counting.statements).toBe(2);
      expect(read.map((events) => events.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 4, 0]);
      for (const [i, events] of read.entries()) {
        expect(events.every((event) => event.streamId === ids[i])).toBe(true);
        expect(events.map((event) => event.streamRevision)).toEqual(events.map((_, r) => r));
      }
      expect(read[10]).not.toBe(read[3]);
    } finally {
      await store.close();
    }
  });

  it('appends one by one when asked to (groupCommit: false)', async () => {
    const counting = new CountingExecutor(new PgliteExecutor(await PGlite.create(join(dir, 'data'))));
    const store = await new SqlEventStore(counting, { groupCommit: false }).start();
    try {
      counting.statements = 0;
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.append(`alone-${i}`, testEvents(1), 'no-stream')),
      );
      expect(counting.statements).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('sends one statement per append and opens no transaction, whatever the batch size', async () => {
    const counting = new CountingExecutor(new PgliteExecutor(await PGlite.create(join(dir, 'data'))));
    const store = await new SqlEventStore(counting).start();
    try {
      counting.statements = 0;
      counting.transactions = 0;
      const first = await store.append('one-statement', testEvents(1), 'no-stream');
      const batch = await store.append('one-statement', testEvents(2_500), 0);

      expect(counting).toMatchObject({ statements: 2, transactions: 0 });
      expect(first.nextExpectedRevision).toBe(0);
      expect(batch.nextExpectedRevision).toBe(2_500);
      expect(batch.globalPositions).toHaveLength(2_500);
      expect(batch.globalPositions[0]).toBeGreaterThan(first.globalPositions[0]);
      expect(
        batch.globalPositions.every((position, i) => i === 0 || position > batch.globalPositions[i - 1]),
      ).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('gives a database made before the append function existed the function on open', async () => {
    const dataDir = join(dir, 'data');
    const events = testEvents(2);
    const before = await PgliteEventStore.open({ dataDir });
    const original = await before.append('upgraded', events, 'no-stream');
    await before.close();

    // What the previous schema left: the same tables and positions function, no append function.
    const db = await PGlite.create(dataDir);
    await db.query(`DROP FUNCTION ${APPEND_FUNCTION}`);
    const gone = await db.query<{ fn: string | null }>(`SELECT to_regprocedure($1)::text AS fn`, [
      APPEND_FUNCTION,
    ]);
    expect(gone.rows[0].fn).toBeNull();
    await db.close();

    const after = await PgliteEventStore.open({ dataDir });
    try {
      expect(await after.append('upgraded', events, 'no-stream')).toEqual({ ...original, appended: false });
      const next = await after.append('upgraded', testEvents(1), 1);
      expect(next.nextExpectedRevision).toBe(2);
      expect(next.globalPositions[0]).toBeGreaterThan(original.globalPositions[1]);
      expect((await after.readStream('upgraded')).map((event) => event.streamRevision)).toEqual([0, 1, 2]);
    } finally {
      await after.close();
    }
  }, 60_000);
});
