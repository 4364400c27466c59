import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  DuplicateEventIdError,
  NO_STREAM_REVISION,
  START_POSITION,
  WrongExpectedRevisionError,
  type EventStore,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
  type StreamAppend,
} from '../event-store.port';

export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
}

export interface ContractOptions {
  /** Whether an id stored in one stream is refused in another (KurrentDB only dedupes per stream). */
  globalEventIdUniqueness?: boolean;
  /** Time limit for each test and for the factory. */
  timeoutMs?: number;
  /** Whether the factory gives a store holding no events yet (a KurrentDB server is shared). */
  startsEmpty?: boolean;
  /** Whether `appendMany` is one transaction across its streams (the SQL adapters; not KurrentDB). */
  atomicAppendMany?: boolean;
}

const LARGE_BATCH = 5_000;

export function testEvent(overrides: Partial<EventToAppend> = {}): EventToAppend {
  const eventId = overrides.eventId ?? randomUUID();
  return {
    eventId,
    type: 'ContractTested',
    schemaVersion: 1,
    data: { n: 0 },
    metadata: { occurredAt: '2024-01-01T00:00:00.000Z', correlationId: eventId, causationId: eventId },
    ...overrides,
  };
}

export function testEvents(count: number, type = 'ContractTested'): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => testEvent({ type, data: { n } }));
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

function ascending(positions: bigint[]): boolean {
  return positions.every((position, i) => i === 0 || position > positions[i - 1]);
}

/** Every event after `after` in the global feed, read page by page. */
/**
 * Pages through the global feed until it reaches `through`. The feed may hold back fresh events while
 * any older transaction on the server is still open (that is what keeps followers gap-free), so a
 * reader polls, exactly as a follower does; other suites writing to the same server make this real.
 */
async function readFeed(
  store: EventStore,
  after: bigint,
  pageSize: number,
  through: bigint,
): Promise<RecordedEvent[]> {
  const feed: RecordedEvent[] = [];
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await store.readAll({ after: feed.at(-1)?.globalPosition ?? after, maxCount: pageSize });
    feed.push(...page);
    if (page.length === pageSize) continue;
    if ((feed.at(-1)?.globalPosition ?? after) >= through || Date.now() > deadline) return feed;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The behaviour every adapter must share; each adapter's int spec runs it against its engine. */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;

  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const store = (): EventStore => {
      if (!subject) throw new Error('The store factory did not run');
      return subject.store;
    };
    const stream = (label: string) => `contract-${label}-${randomUUID()}`;

    beforeAll(async () => {
      subject = await factory();
    }, timeout);

    afterAll(async () => {
      await subject?.cleanup();
    }, timeout);

    if (options.startsEmpty ?? true) {
      it(
        'has its head at START_POSITION while empty',
        async () => {
          expect(await store().headPosition()).toBe(START_POSITION);
        },
        timeout,
      );
    }

    describe('append and read a stream', () => {
      it(
        'creates a stream with no-stream and numbers its events 0..n-1',
        async () => {
          const id = stream('new');
          const events = testEvents(3);
          const result = await store().append(id, events, 'no-stream');

          expect(result.appended).toBe(true);
          expect(result.nextExpectedRevision).toBe(2);
          expect(result.globalPositions).toHaveLength(3);
          expect(ascending(result.globalPositions)).toBe(true);

          const read = await store().readStream(id);
          expect(read.map((event) => event.streamRevision)).toEqual([0, 1, 2]);
          expect(read.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
          expect(read.map((event) => event.globalPosition)).toEqual(result.globalPositions);
          expect(read.every((event) => event.streamId === id)).toBe(true);
          expect(await store().streamRevision(id)).toBe(2);
        },
        timeout,
      );

      it(
        'continues a stream at the expected revision',
        async () => {
          const id = stream('continue');
          await store().append(id, testEvents(2), 'no-stream');
          const result = await store().append(id, testEvents(2), 1);

          expect(result.nextExpectedRevision).toBe(3);
          expect((await store().readStream(id)).map((event) => event.streamRevision)).toEqual([0, 1, 2, 3]);
        },
        timeout,
      );

      it(
        'reads several whole streams at once, each in revision order, an unknown one empty',
        async () => {
          const [a, b, none] = [stream('streams-a'), stream('streams-b'), stream('streams-none')];
          await store().append(a, testEvents(2), 'no-stream');
          await store().append(b, testEvents(3), 'no-stream');
          await store().append(a, testEvents(1), 1);
          const read = await store().readStreams([b, none, a]);

          expect([...read.keys()].sort()).toEqual([a, b, none].sort());
          expect(read.get(a)).toEqual(await store().readStream(a));
          expect(read.get(b)!.map((event) => event.streamRevision)).toEqual([0, 1, 2]);
          expect(read.get(none)).toEqual([]);
          expect(await store().readStreams([])).toEqual(new Map());
        },
        timeout,
      );

      it(
        'treats an unknown stream as empty',
        async () => {
          const id = stream('unknown');
          expect(await store().readStream(id)).toEqual([]);
          expect(await store().streamRevision(id)).toBe(NO_STREAM_REVISION);
        },
        timeout,
      );

      it(
        'reads a stream in revision order from a revision, up to a count',
        async () => {
          const id = stream('window');
          await store().append(id, testEvents(4), 'no-stream');
          await store().append(id, testEvents(6), 3);

          const all = await store().readStream(id);
          expect(all.map((event) => event.streamRevision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
          const window = await store().readStream(id, { fromRevision: 3, maxCount: 4 });
          expect(window.map((event) => event.streamRevision)).toEqual([3, 4, 5, 6]);
          const tail = await store().readStream(id, { fromRevision: 8 });
          expect(tail.map((event) => event.streamRevision)).toEqual([8, 9]);
          expect(await store().readStream(id, { fromRevision: 10 })).toEqual([]);
        },
        timeout,
      );

      it(
        'round-trips data and metadata, unicode and nesting included',
        async () => {
          const id = stream('roundtrip');
          const event = testEvent({
            type: 'Tested.Ünïcödé',
            schemaVersion: 3,
            data: {
              text: 'Grüße, 日本語, emoji 🚀🧪, quotes "\' and backslash \\',
              nested: { list: [1, 'two', { three: [3] }], empty: {}, flag: false, nothing: null },
              number: 12.5,
              negative: -7,
            },
            metadata: {
              occurredAt: '2024-05-06T07:08:09.123Z',
              correlationId: randomUUID(),
              causationId: randomUUID(),
              actor: { id: 'agent-42', role: 'complaints-officer' },
              idempotencyKey: 'crm:ticket/Ä-123',
              requestHash: 'sha256:abc',
              source: { system: 'crm', tags: ['a', 'b'] },
            },
          });
          const { globalPositions } = await store().append(id, [event], 'no-stream');

          const [fromStream] = await store().readStream(id);
          const [fromFeed] = await readFeed(store(), globalPositions[0] - 1n, 1, globalPositions[0]);
          for (const recorded of [fromStream, fromFeed]) {
            expect(recorded.eventId).toBe(event.eventId);
            expect(recorded.type).toBe(event.type);
            expect(recorded.schemaVersion).toBe(3);
            expect(recorded.data).toEqual(event.data);
            expect(recorded.metadata).toEqual(event.metadata);
          }
        },
        timeout,
      );

      it(
        'stamps recordedAt as a Date near now',
        async () => {
          const id = stream('recorded-at');
          const before = Date.now();
          await store().append(id, [testEvent()], 'no-stream');
          const [event] = await store().readStream(id);

          expect(event.recordedAt).toBeInstanceOf(Date);
          expect(Math.abs(event.recordedAt.getTime() - before)).toBeLessThan(60_000);
        },
        timeout,
      );

      it(
        'refuses event ids that are not uuids',
        async () => {
          await expect(
            store().append(stream('bad-id'), [testEvent({ eventId: 'nope' })], 'any'),
          ).rejects.toThrow(/not a uuid/);
        },
        timeout,
      );
    });

    describe('expected revision', () => {
      it(
        'lets exactly one of two concurrent writers with the same expected revision win',
        async () => {
          for (let round = 0; round < 5; round++) {
            const id = stream('race');
            await store().append(id, testEvents(2), 'no-stream');
            const outcomes = await Promise.allSettled([
              store().append(id, testEvents(2), 1),
              store().append(id, testEvents(3), 1),
            ]);

            const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
            const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
            expect(winners).toHaveLength(1);
            expect(losers).toHaveLength(1);
            const error = (losers[0] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            expect(error.expected).toBe(1);
            const actual = await store().streamRevision(id);
            expect(error.actual).toBe(actual);
            expect((await store().readStream(id)).length).toBe(actual + 1);
          }
        },
        timeout,
      );

      it(
        'lets exactly one of two concurrent creators with no-stream win',
        async () => {
          const id = stream('create-race');
          const outcomes = await Promise.allSettled([
            store().append(id, testEvents(1), 'no-stream'),
            store().append(id, testEvents(1), 'no-stream'),
          ]);
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          const loser = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
          expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect((loser.reason as WrongExpectedRevisionError).actual).toBe(0);
        },
        timeout,
      );

      it(
        'fails a stale revision with the actual one and stores nothing',
        async () => {
          const id = stream('stale');
          await store().append(id, testEvents(3), 'no-stream');
          const error = await rejection(store().append(id, testEvents(1), 0));

          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId: id, expected: 0, actual: 2 });
          expect(await store().streamRevision(id)).toBe(2);
        },
        timeout,
      );

      it(
        'fails a numeric revision on a missing stream with NO_STREAM_REVISION',
        async () => {
          const error = await rejection(store().append(stream('missing-numeric'), testEvents(1), 0));
          expect(error).toMatchObject({ actual: NO_STREAM_REVISION });
        },
        timeout,
      );

      it(
        'fails no-stream on an existing stream',
        async () => {
          const id = stream('exists');
          await store().append(id, testEvents(2), 'no-stream');
          const error = await rejection(store().append(id, testEvents(1), 'no-stream'));

          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ expected: 'no-stream', actual: 1 });
        },
        timeout,
      );

      it(
        'fails stream-exists on a missing stream and passes it on an existing one',
        async () => {
          const id = stream('stream-exists');
          const error = await rejection(store().append(id, testEvents(1), 'stream-exists'));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ expected: 'stream-exists', actual: NO_STREAM_REVISION });

          await store().append(id, testEvents(1), 'no-stream');
          const result = await store().append(id, testEvents(2), 'stream-exists');
          expect(result.nextExpectedRevision).toBe(2);
        },
        timeout,
      );

      it(
        'accepts any on a missing and on an existing stream',
        async () => {
          const id = stream('any');
          expect((await store().append(id, testEvents(2), 'any')).nextExpectedRevision).toBe(1);
          expect((await store().append(id, testEvents(1), 'any')).nextExpectedRevision).toBe(2);
        },
        timeout,
      );
    });

    describe('concurrent appends to different streams (group commit where the adapter has it)', () => {
      it(
        'gives each its own outcome: stale ones, replays and id conflicts fail alone, the rest are stored',
        async () => {
          // Streams set up first: some exist at revision 1, one holds events a replay will send again.
          const existing = Array.from({ length: 6 }, (_, i) => stream(`group-existing-${i}`));
          for (const id of existing) await store().append(id, testEvents(2), 'no-stream');
          const replayed = stream('group-replayed');
          const replayedEvents = testEvents(2);
          const original = await store().append(replayed, replayedEvents, 'no-stream');
          const elsewhere = testEvents(1);
          await store().append(stream('group-elsewhere'), elsewhere, 'no-stream');

          const fresh = Array.from({ length: 12 }, (_, i) => stream(`group-new-${i}`));
          const appends = [
            ...fresh.map((id) => ({ id, events: testEvents(2), expected: 'no-stream' as const, want: 'ok' })),
            ...existing.slice(0, 3).map((id) => ({ id, events: testEvents(1), expected: 1, want: 'ok' })),
            ...existing.slice(3).map((id) => ({ id, events: testEvents(1), expected: 0, want: 'stale' })),
            { id: replayed, events: replayedEvents, expected: 'no-stream' as const, want: 'replay' },
            { id: stream('group-conflict'), events: elsewhere, expected: 'no-stream' as const, want: 'dup' },
          ];
          const settled = await Promise.allSettled(
            appends.map(({ id, events, expected }) => store().append(id, events, expected)),
          );
          for (const [i, { id, events, want }] of appends.entries()) {
            const outcome = settled[i]!;
            if (want === 'ok') {
              expect(outcome.status).toBe('fulfilled');
              const read = await store().readStream(id);
              expect(read.slice(-events.length).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
            } else if (want === 'stale') {
              expect(outcome).toMatchObject({ status: 'rejected', reason: { actual: 1 } });
              expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
              expect(await store().readStream(id)).toHaveLength(2);
            } else if (want === 'replay')
              expect(outcome).toEqual({ status: 'fulfilled', value: { ...original, appended: false } });
            else {
              expect(outcome.status).toBe('rejected');
              expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
              expect(await store().readStream(id)).toEqual([]);
            }
          }
        },
        timeout,
      );
    });

    describe('idempotency', () => {
      it(
        'returns the original result for a re-append of the same ids and stores nothing new',
        async () => {
          const id = stream('replay');
          const events = testEvents(3);
          const original = await store().append(id, events, 'no-stream');
          await store().append(id, testEvents(1), 2);

          // The expected revision is stale by now; a retry must still get its original answer.
          const replay = await store().append(id, events, 'no-stream');
          expect(replay).toEqual({ ...original, appended: false });
          const again = await store().append(id, events, 7);
          expect(again).toEqual({ ...original, appended: false });

          expect((await store().readStream(id)).length).toBe(4);
          const feed = await readFeed(
            store(),
            original.globalPositions[0] - 1n,
            100,
            original.globalPositions.at(-1)!,
          );
          const ids = feed.filter((event) => event.streamId === id).map((event) => event.eventId);
          expect(new Set(ids).size).toBe(ids.length);
        },
        timeout,
      );

      it(
        'treats a concurrent double submit as one append',
        async () => {
          const id = stream('double-submit');
          const events = testEvents(2);
          const results = await Promise.all([
            store().append(id, events, 'no-stream'),
            store().append(id, events, 'no-stream'),
          ]);

          expect(results.map((result) => result.appended).sort()).toEqual([false, true]);
          expect(results[0].globalPositions).toEqual(results[1].globalPositions);
          expect((await store().readStream(id)).length).toBe(2);
        },
        timeout,
      );

      it(
        'refuses an append whose ids are only partly stored',
        async () => {
          const id = stream('partial');
          const [first, second] = testEvents(2);
          await store().append(id, [first], 'no-stream');
          const error = await rejection(store().append(id, [first, second], 0));

          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect((error as DuplicateEventIdError).eventIds).toEqual([first.eventId]);
          expect(await store().streamRevision(id)).toBe(0);
        },
        timeout,
      );

      it(
        'refuses the same ids in a different order',
        async () => {
          const id = stream('reordered');
          const events = testEvents(2);
          await store().append(id, events, 'no-stream');
          const error = await rejection(store().append(id, [...events].reverse(), 1));

          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(await store().streamRevision(id)).toBe(1);
        },
        timeout,
      );

      it(
        'refuses an id repeated within one append',
        async () => {
          const event = testEvent();
          const error = await rejection(store().append(stream('repeat'), [event, event], 'any'));
          expect(error).toBeInstanceOf(DuplicateEventIdError);
        },
        timeout,
      );

      if (options.globalEventIdUniqueness ?? true) {
        it(
          'refuses ids already stored in another stream',
          async () => {
            const events = testEvents(2);
            await store().append(stream('owner'), events, 'no-stream');
            const other = stream('other');
            const error = await rejection(store().append(other, events, 'no-stream'));

            expect(error).toBeInstanceOf(DuplicateEventIdError);
            expect(await store().streamRevision(other)).toBe(NO_STREAM_REVISION);
          },
          timeout,
        );
      }
    });

    describe('global feed', () => {
      it(
        'orders events across streams and pages through them exactly once',
        async () => {
          const [a, b, c] = [stream('feed-a'), stream('feed-b'), stream('feed-c')];
          const first = await store().append(a, testEvents(3), 'no-stream');
          await store().append(b, testEvents(2), 'no-stream');
          await store().append(a, testEvents(2), 2);
          await store().append(c, testEvents(4), 'no-stream');
          const last = await store().append(b, testEvents(1), 1);
          const mine = new Set([a, b, c]);
          const after = first.globalPositions[0] - 1n;

          const feed = (await readFeed(store(), after, 3, last.globalPositions[0])).filter((event) =>
            mine.has(event.streamId),
          );
          expect(feed).toHaveLength(12);
          expect(ascending(feed.map((event) => event.globalPosition))).toBe(true);
          expect(new Set(feed.map((event) => event.eventId)).size).toBe(12);
          expect(
            feed.map((event) => `${event.streamId === a ? 'a' : event.streamId === b ? 'b' : 'c'}`),
          ).toEqual(['a', 'a', 'a', 'b', 'b', 'a', 'a', 'c', 'c', 'c', 'c', 'b']);
          for (const id of mine) {
            const revisions = feed
              .filter((event) => event.streamId === id)
              .map((event) => event.streamRevision);
            expect(revisions).toEqual(revisions.map((_, i) => i));
          }

          const onePage = await store().readAll({ after, maxCount: 5 });
          expect(onePage).toHaveLength(5);
          const next = await store().readAll({ after: onePage[4].globalPosition, maxCount: 5 });
          expect(next[0].globalPosition).toBeGreaterThan(onePage[4].globalPosition);
        },
        timeout,
      );

      it(
        `appends a batch of ${LARGE_BATCH} events in one append`,
        async () => {
          const id = stream('large');
          const events = testEvents(LARGE_BATCH, 'Bulk');
          const result = await store().append(id, events, 'no-stream');

          expect(result.nextExpectedRevision).toBe(LARGE_BATCH - 1);
          expect(result.globalPositions).toHaveLength(LARGE_BATCH);
          expect(ascending(result.globalPositions)).toBe(true);

          const read = await store().readStream(id);
          expect(read).toHaveLength(LARGE_BATCH);
          expect(read[LARGE_BATCH - 1].eventId).toBe(events[LARGE_BATCH - 1].eventId);
          const feed = await readFeed(
            store(),
            result.globalPositions[0] - 1n,
            1000,
            result.globalPositions.at(-1)!,
          );
          expect(feed.filter((event) => event.streamId === id)).toHaveLength(LARGE_BATCH);
        },
        timeout,
      );
    });

    describe('appendMany', () => {
      const atomic = options.atomicAppendMany ?? true;
      const part = (streamId: string, events: EventToAppend[], expected: ExpectedRevision): StreamAppend => ({
        streamId,
        events,
        expected,
      });

      it(
        'appends to several streams in one call, each part numbered as its own append',
        async () => {
          const [a, b, c] = [stream('many-a'), stream('many-b'), stream('many-c')];
          await store().append(b, testEvents(2), 'no-stream');
          const parts = [part(a, testEvents(3), 'no-stream'), part(b, testEvents(2), 1), part(c, [], 'any')];
          const results = await store().appendMany(parts);

          expect(results.map((r) => [r.nextExpectedRevision, r.appended, r.globalPositions.length])).toEqual([
            [2, true, 3],
            [3, true, 2],
            [NO_STREAM_REVISION, false, 0],
          ]);
          for (const [i, id] of [a, b].entries()) {
            const read = await store().readStream(id);
            const mine = read.slice(read.length - parts[i]!.events.length);
            expect(mine.map((event) => event.eventId)).toEqual(
              parts[i]!.events.map((event) => event.eventId),
            );
            expect(mine.map((event) => event.globalPosition)).toEqual(results[i]!.globalPositions);
          }
          expect(ascending([...results[0]!.globalPositions, ...results[1]!.globalPositions])).toBe(true);
          expect(await store().streamRevisions([a, b, c])).toEqual(
            new Map([
              [a, 2],
              [b, 3],
              [c, NO_STREAM_REVISION],
            ]),
          );
        },
        timeout,
      );

      it(
        'replays parts stored before with their original results and appends the others',
        async () => {
          const [a, b] = [stream('many-replay-a'), stream('many-replay-b')];
          const first = part(a, testEvents(2), 'no-stream');
          const [original] = await store().appendMany([first]);
          await store().append(a, testEvents(1), 1);

          const second = part(b, testEvents(2), 'no-stream');
          const results = await store().appendMany([first, second]);
          expect(results[0]).toEqual({ ...original, appended: false });
          expect(results[1]).toMatchObject({ nextExpectedRevision: 1, appended: true });
          expect(await store().appendMany([first, second])).toEqual(
            results.map((result) => ({ ...result, appended: false })),
          );
          expect((await store().readStream(a)).length).toBe(3);
          expect((await store().readStream(b)).length).toBe(2);
        },
        timeout,
      );

      it(
        atomic
          ? 'stores nothing of a call one of whose parts is stale, and says which'
          : 'fails at a stale part, and the same call replays the parts before it once fixed',
        async () => {
          const [a, b, c] = [stream('many-stale-a'), stream('many-stale-b'), stream('many-stale-c')];
          await store().append(b, testEvents(2), 'no-stream');
          const parts = [
            part(a, testEvents(2), 'no-stream'),
            part(b, testEvents(1), 0),
            part(c, testEvents(1), 'any'),
          ];
          const error = await rejection(store().appendMany(parts));

          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId: b, expected: 0, actual: 1 });
          expect(await store().streamRevision(b)).toBe(1);
          expect(await store().streamRevision(c)).toBe(NO_STREAM_REVISION);
          expect(await store().streamRevision(a)).toBe(atomic ? NO_STREAM_REVISION : 1);

          const fixed = [parts[0]!, { ...parts[1]!, expected: 1 }, parts[2]!];
          const results = await store().appendMany(fixed);
          expect(results.map((result) => result.appended)).toEqual([atomic, true, true]);
          expect(await store().streamRevisions([a, b, c])).toEqual(
            new Map([
              [a, 1],
              [b, 2],
              [c, 0],
            ]),
          );
        },
        timeout,
      );

      it(
        'refuses a part whose ids are only partly stored, and a stream named twice',
        async () => {
          const [a, b] = [stream('many-partial-a'), stream('many-partial-b')];
          const [first, second] = testEvents(2);
          await store().append(a, [first!], 'no-stream');
          const partial = await rejection(
            store().appendMany([part(b, testEvents(1), 'no-stream'), part(a, [first!, second!], 0)]),
          );
          expect(partial).toBeInstanceOf(DuplicateEventIdError);
          expect((partial as DuplicateEventIdError).eventIds).toEqual([first!.eventId]);
          expect(await store().streamRevision(a)).toBe(0);
          if (atomic) expect(await store().streamRevision(b)).toBe(NO_STREAM_REVISION);

          const twice = await rejection(
            store().appendMany([part(a, testEvents(1), 0), part(a, testEvents(1), 1)]),
          );
          expect(String(twice)).toMatch(/named twice/);
          expect(await store().streamRevision(a)).toBe(0);
        },
        timeout,
      );

      it(
        'lets one of two concurrent calls creating the same stream win, and the loser store nothing',
        async () => {
          for (let round = 0; round < 5; round++) {
            const [shared, left, right] = [stream('many-race'), stream('many-left'), stream('many-right')];
            const outcomes = await Promise.allSettled([
              store().appendMany([
                part(left, testEvents(2), 'no-stream'),
                part(shared, testEvents(2), 'no-stream'),
              ]),
              store().appendMany([
                part(right, testEvents(1), 'no-stream'),
                part(shared, testEvents(3), 'no-stream'),
              ]),
            ]);
            const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
            expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
            const loser = outcomes[1 - won] as PromiseRejectedResult;
            expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
            expect(loser.reason).toMatchObject({ streamId: shared });
            expect(await store().streamRevision(shared)).toBe(won === 0 ? 1 : 2);
            if (atomic)
              expect(await store().streamRevision(won === 0 ? right : left)).toBe(NO_STREAM_REVISION);
          }
        },
        timeout,
      );

      it(
        `appends ${LARGE_BATCH} events over 1,000 streams in one call`,
        async () => {
          const parts = Array.from({ length: 1000 }, () =>
            part(stream('many-bulk'), testEvents(LARGE_BATCH / 1000), 'no-stream'),
          );
          const results = await store().appendMany(parts);
          expect(results.every((result) => result.appended && result.nextExpectedRevision === 4)).toBe(true);
          const positions = results.flatMap((result) => result.globalPositions);
          expect(positions).toHaveLength(LARGE_BATCH);
          expect(ascending(positions)).toBe(true);
          const revisions = await store().streamRevisions(parts.map((p) => p.streamId));
          expect([...revisions.values()].every((revision) => revision === 4)).toBe(true);
        },
        timeout,
      );

      if (atomic) {
        it(
          'agrees with a model of all-or-nothing calls over any sequence of parts and expectations',
          async () => {
            type Expectation = 'any' | 'no-stream' | 'stream-exists' | 'current' | 'stale';
            type PartSpec = { stream: number; count: number; expectation: Expectation; replay: boolean };
            const partSpec = fc.record({
              stream: fc.integer({ min: 0, max: 3 }),
              count: fc.integer({ min: 0, max: 3 }),
              expectation: fc.constantFrom<Expectation>(
                'any',
                'no-stream',
                'stream-exists',
                'current',
                'stale',
              ),
              replay: fc.boolean(),
            });
            const calls = fc.array(fc.uniqueArray(partSpec, { selector: (p) => p.stream, maxLength: 4 }), {
              minLength: 1,
              maxLength: 6,
            });
            await fc.assert(
              fc.asyncProperty(calls, async (specs: PartSpec[][]) => {
                const ids = [0, 1, 2, 3].map(() => stream('many-model'));
                const revisions = ids.map(() => NO_STREAM_REVISION);
                const done: { part: StreamAppend; result: AppendResult }[][] = ids.map(() => []);
                for (const spec of specs) {
                  const parts = spec.map(({ stream: s, count, expectation, replay }) => {
                    const earlier = done[s]!.at(-1);
                    if (replay && earlier) return { spec: 'replay' as const, s, part: earlier.part, earlier };
                    const current = revisions[s]!;
                    const expected: ExpectedRevision =
                      expectation === 'current'
                        ? current
                        : expectation === 'stale'
                          ? current + 1
                          : expectation;
                    return { spec: 'new' as const, s, part: part(ids[s]!, testEvents(count), expected) };
                  });
                  const refused = parts.some(
                    ({ spec: kind, s, part: p }) =>
                      kind === 'new' &&
                      !(
                        p.expected === 'any' ||
                        (p.expected === 'no-stream' && revisions[s] === NO_STREAM_REVISION) ||
                        (p.expected === 'stream-exists' && revisions[s] !== NO_STREAM_REVISION) ||
                        p.expected === revisions[s]
                      ),
                  );
                  const outcome = await store()
                    .appendMany(parts.map((p) => p.part))
                    .then(
                      (results) => ({ results }),
                      (error: unknown) => ({ error }),
                    );
                  if (refused) {
                    expect(outcome).toMatchObject({ error: expect.any(WrongExpectedRevisionError) });
                  } else {
                    if (!('results' in outcome)) throw outcome.error;
                    for (const [i, p] of parts.entries()) {
                      if (p.spec === 'replay') {
                        expect(outcome.results[i]).toEqual({ ...p.earlier!.result, appended: false });
                        continue;
                      }
                      revisions[p.s] = revisions[p.s]! + p.part.events.length;
                      expect(outcome.results[i]!.nextExpectedRevision).toBe(revisions[p.s]);
                      if (p.part.events.length > 0)
                        done[p.s]!.push({ part: p.part, result: outcome.results[i]! });
                    }
                  }
                  const stored = await store().streamRevisions(ids);
                  expect(ids.map((id) => stored.get(id))).toEqual(revisions);
                }
              }),
              { numRuns: 25 },
            );
          },
          timeout * 4,
        );
      }
    });

    describe('head position', () => {
      it(
        'reaches the last append once followers see it, and is never ahead of the feed',
        async () => {
          const { globalPositions } = await store().append(stream('head'), testEvents(3), 'no-stream');
          const last = globalPositions.at(-1)!;
          await readFeed(store(), globalPositions[0] - 1n, 100, last);

          const head = await store().headPosition();
          expect(head).toBeGreaterThanOrEqual(last);
          // Whatever has been appended since, the feed read after the head was taken reaches it.
          const later = await readFeed(store(), last, 1000, head);
          expect(later.at(-1)?.globalPosition ?? last).toBeGreaterThanOrEqual(head);
          if (head > last) expect(later.some((event) => event.globalPosition === head)).toBe(true);
        },
        timeout,
      );
    });

    describe('follow', () => {
      it(
        'catches up from a position, then sees live appends, and stops cleanly',
        async () => {
          const id = stream('follow');
          const history = await store().append(id, testEvents(3), 'no-stream');
          const seen: RecordedEvent[] = [];
          const subscription = store().follow(
            async (batch) => {
              seen.push(...batch.filter((event) => event.streamId === id));
            },
            { after: history.globalPositions[0] - 1n, batchSize: 2, pollIntervalMs: 10 },
          );

          await waitFor(() => seen.length === 3, 10_000, 'catch-up');
          await store().append(id, testEvents(2), 2);
          await waitFor(() => seen.length === 5, 10_000, 'live events');
          expect(seen.map((event) => event.streamRevision)).toEqual([0, 1, 2, 3, 4]);
          expect(ascending(seen.map((event) => event.globalPosition))).toBe(true);

          await subscription.stop();
          await expect(subscription.done).resolves.toBeUndefined();
          await store().append(id, testEvents(1), 4);
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(seen).toHaveLength(5);
        },
        timeout,
      );

      it(
        'ends done with the error the handler threw',
        async () => {
          const id = stream('follow-fail');
          const { globalPositions } = await store().append(id, testEvents(1), 'no-stream');
          const failure = new Error('projection broke');
          const subscription = store().follow(
            async () => {
              throw failure;
            },
            { after: globalPositions[0] - 1n, pollIntervalMs: 10 },
          );

          await expect(subscription.done).rejects.toBe(failure);
          await subscription.stop();
        },
        timeout,
      );
    });

    it(
      'answers ping',
      async () => {
        await expect(store().ping()).resolves.toBeUndefined();
      },
      timeout,
    );
  });
}
