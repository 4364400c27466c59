import { randomUUID } from 'node:crypto';
import { type SqlQueryable } from '@app/event-store';
import { type KeyStore } from '../keys/key-store.port';

export interface KeyStoreContractSubject {
  keys: KeyStore;
  /** A second key store on the same database, as a restarted process would open it. */
  reopen(): Promise<KeyStore>;
  /** Plain SQL on the same database, to look at what the engine keeps in its files. */
  inspect: SqlQueryable;
  /** Qualified name of the key table. */
  keyTable: string;
  cleanup(): Promise<void>;
}

/** The behaviour every key-store adapter shares; each adapter's int spec runs it on its engine. */
export function describeKeyStoreContract(
  name: string,
  factory: () => Promise<KeyStoreContractSubject>,
  timeout = 30_000,
): void {
  describe(`KeyStore contract: ${name}`, () => {
    let subject: KeyStoreContractSubject | undefined;
    const keys = (): KeyStore => {
      if (!subject) throw new Error('The key store factory did not run');
      return subject.keys;
    };
    const stream = (label: string) => `complaint-${label}-${randomUUID()}`;

    /** The key table's main file as the engine wrote it to disk, after a checkpoint. */
    const tableFile = async (): Promise<Buffer> => {
      const inspect = subject!.inspect;
      await inspect.query('CHECKPOINT');
      const [row] = await inspect.query<{ bytes: Uint8Array }>(
        `SELECT pg_read_binary_file(pg_relation_filepath('${subject!.keyTable}')) AS bytes`,
      );
      return Buffer.from(row!.bytes);
    };

    beforeAll(async () => {
      subject = await factory();
    }, timeout);

    afterAll(async () => {
      await subject?.cleanup();
    }, timeout);

    it(
      'makes one 32-byte key per stream on first use and gives the same key afterwards',
      async () => {
        const [a, b] = [stream('a'), stream('b')];
        const first = await keys().keyForStream(a, 'pseudonym-a');
        const again = await keys().keyForStream(a);
        const other = await keys().keyForStream(b);

        expect(first.material).toHaveLength(32);
        expect(again).toStrictEqual(first);
        expect(other.keyId).not.toBe(first.keyId);
        expect(other.material.equals(first.material)).toBe(false);
      },
      timeout,
    );

    it(
      'gives concurrent first uses of a stream the same key',
      async () => {
        const s = stream('race');
        const made = await Promise.all(Array.from({ length: 8 }, () => keys().keyForStream(s)));

        expect(new Set(made.map((key) => key.keyId)).size).toBe(1);
        expect(new Set(made.map((key) => key.material.toString('hex'))).size).toBe(1);
      },
      timeout,
    );

    it(
      'makes or finds the keys of many streams at once, as one first use each would',
      async () => {
        const customer = `pseudonym-${randomUUID()}`;
        const [had, fresh, erased] = [stream('batch-had'), stream('batch-fresh'), stream('batch-erased')];
        const existing = await keys().keyForStream(had);
        await keys().keyForStream(erased, customer);
        await keys().erase([erased], 'request');

        const batch = await keys().keysForStreams([
          { streamId: had },
          { streamId: fresh, customerPseudonym: customer },
          { streamId: erased },
        ]);

        expect([...batch.keys()].sort()).toStrictEqual([had, fresh, erased].sort());
        expect(batch.get(had)).toStrictEqual(existing);
        expect(await keys().keyForStream(fresh)).toStrictEqual(batch.get(fresh));
        expect(batch.get(erased)!.material).toHaveLength(32);
        // A new key of a stream erased on request keeps its customer, as a single first use does.
        expect((await keys().streamsOfCustomer(customer)).sort()).toStrictEqual([fresh, erased].sort());
        const racing = await Promise.all([
          keys().keysForStreams([{ streamId: stream('batch-race') }, { streamId: had }]),
          keys().keysForStreams([{ streamId: had }]),
        ]);
        expect(racing[1].get(had)).toStrictEqual(existing);
        expect(await keys().keysForStreams([])).toStrictEqual(new Map());
      },
      timeout,
    );

    it(
      'records the closings of many streams at once, a reopening included',
      async () => {
        const [closed, reopened, noKey] = [
          stream('many-closed'),
          stream('many-reopened'),
          stream('many-no-key'),
        ];
        await keys().keysForStreams([{ streamId: closed }, { streamId: reopened }]);
        await keys().recordClosed(reopened, '2019-01-01T00:00:00.000Z');
        await keys().recordClosedMany([
          { streamId: closed, closedAt: '2019-01-02T00:00:00.000Z' },
          { streamId: reopened, closedAt: null },
          { streamId: noKey, closedAt: '2019-01-01T00:00:00.000Z' },
        ]);
        const due = await keys().closedBefore('2019-01-03T00:00:00.000Z', 1000);
        expect(due).toContain(closed);
        expect(due).not.toContain(reopened);
        expect(due).not.toContain(noKey);
        await keys().erase([closed], 'retention');
      },
      timeout,
    );

    it(
      'looks keys up by id, tells erased ids apart, and ignores ids it never had',
      async () => {
        const [kept, erased] = [stream('kept'), stream('erased')];
        const keptKey = await keys().keyForStream(kept);
        const erasedKey = await keys().keyForStream(erased);
        await keys().erase([erased], 'request');
        const unknown = randomUUID();

        const lookup = await keys().keysById([keptKey.keyId, erasedKey.keyId, unknown, keptKey.keyId]);

        expect([...lookup.keys.keys()]).toStrictEqual([keptKey.keyId]);
        expect(lookup.keys.get(keptKey.keyId)).toStrictEqual(keptKey);
        expect([...lookup.erased]).toStrictEqual([erasedKey.keyId]);
        expect(await keys().keysById([])).toStrictEqual({ keys: new Map(), erased: new Set() });
      },
      timeout,
    );

    it(
      'lists streams closed before a cutoff, earliest first, and forgets a closing on reopen',
      async () => {
        const [early, late, reopened, open] = [
          stream('early'),
          stream('late'),
          stream('reopened'),
          stream('open'),
        ];
        for (const s of [early, late, reopened, open]) await keys().keyForStream(s);
        await keys().recordClosed(late, '2020-01-03T00:00:00.000Z');
        await keys().recordClosed(early, '2020-01-01T00:00:00.000Z');
        await keys().recordClosed(reopened, '2020-01-02T00:00:00.000Z');
        await keys().recordClosed(reopened, null);
        await keys().recordClosed(stream('no-key'), '2020-01-01T00:00:00.000Z');

        const mine = (list: string[]) => list.filter((s) => [early, late, reopened, open].includes(s));
        expect(mine(await keys().closedBefore('2020-01-04T00:00:00.000Z', 1000))).toStrictEqual([
          early,
          late,
        ]);
        expect(mine(await keys().closedBefore('2020-01-02T00:00:00.000Z', 1000))).toStrictEqual([early]);
        expect(await keys().closedBefore('2020-01-04T00:00:00.000Z', 1)).toHaveLength(1);
        await keys().erase([early, late], 'retention');
      },
      timeout,
    );

    it(
      "finds a customer's streams by pseudonym",
      async () => {
        const customer = `pseudonym-${randomUUID()}`;
        const [first, second, someoneElse] = [stream('c1'), stream('c2'), stream('c3')];
        await keys().keyForStream(first, customer);
        await keys().keyForStream(second, customer);
        await keys().keyForStream(someoneElse, `pseudonym-${randomUUID()}`);

        expect((await keys().streamsOfCustomer(customer)).sort()).toStrictEqual([first, second].sort());
        expect(await keys().streamsOfCustomer(`pseudonym-${randomUUID()}`)).toStrictEqual([]);
      },
      timeout,
    );

    it(
      'erases: the key is gone, the erasure is recorded, the stream gets a new key if it needs one',
      async () => {
        const s = stream('erase');
        const key = await keys().keyForStream(s, 'pseudonym-erase');
        await keys().recordClosed(s, '2020-01-01T00:00:00.000Z');

        const erased = await keys().erase([s, stream('never-had-a-key')], 'retention');

        expect(erased).toStrictEqual([
          { keyId: key.keyId, streamId: s, reason: 'retention', erasedAt: expect.any(Date) },
        ]);
        expect((await keys().keysById([key.keyId])).keys.size).toBe(0);
        expect(await keys().erasuresOf(s)).toStrictEqual(erased);
        expect(await keys().closedBefore('2020-01-02T00:00:00.000Z', 1000)).not.toContain(s);
        expect(await keys().streamsOfCustomer('pseudonym-erase')).toStrictEqual([]);
        expect(await keys().erase([s], 'request')).toStrictEqual([]);
        const next = await keys().keyForStream(s);
        expect(next.keyId).not.toBe(key.keyId);
        expect(next.material.equals(key.material)).toBe(false);
        // What the stream records after the erasure is still the customer's: a new request finds it.
        expect(await keys().streamsOfCustomer('pseudonym-erase')).toStrictEqual([s]);
        expect(await keys().erase([s], 'request')).toStrictEqual([
          { keyId: next.keyId, streamId: s, reason: 'request', erasedAt: expect.any(Date) },
        ]);
      },
      timeout,
    );

    it(
      "leaves no copy of an erased key's bytes in the key table's file once compacted",
      async () => {
        // Several keys, the erased one written last: its row sits at the start of the page's tuples,
        // where a plain VACUUM leaves the bytes in free space.
        for (let i = 0; i < 5; i++) await keys().keyForStream(stream('neighbour'));
        const s = stream('shred');
        const key = await keys().keyForStream(s);
        expect((await tableFile()).includes(key.material)).toBe(true);

        await keys().erase([s], 'request');
        await keys().compact();

        expect((await tableFile()).includes(key.material)).toBe(false);
        expect((await keys().keysById([key.keyId])).erased.has(key.keyId)).toBe(true);
      },
      timeout,
    );

    it(
      'keeps keys, closings and erasures across a reopen',
      async () => {
        const [kept, closed, erased] = [stream('kept'), stream('closed'), stream('erased')];
        const key = await keys().keyForStream(kept, 'pseudonym-reopen');
        await keys().keyForStream(closed);
        await keys().recordClosed(closed, '2000-01-01T00:00:00.000Z');
        const gone = await keys().keyForStream(erased);
        await keys().erase([erased], 'request');

        const reopened = await subject!.reopen();

        expect(await reopened.keyForStream(kept)).toStrictEqual(key);
        expect(await reopened.streamsOfCustomer('pseudonym-reopen')).toStrictEqual([kept]);
        expect(await reopened.closedBefore('2000-01-02T00:00:00.000Z', 1000)).toContain(closed);
        expect((await reopened.keysById([gone.keyId])).erased.has(gone.keyId)).toBe(true);
      },
      timeout,
    );
  });
}
