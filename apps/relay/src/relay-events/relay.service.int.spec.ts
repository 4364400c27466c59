import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  type EventToAppend,
  type FollowOptions,
  PgliteEventStore,
  type RecordedEvent,
  type Subscription,
} from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { RelayService } from './relay.service';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

function events(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => {
    const eventId = randomUUID();
    return {
      eventId,
      type: 'ComplaintNoted',
      schemaVersion: 1,
      data: { n },
      metadata: { occurredAt: '2026-03-02T01:00:00.000Z', correlationId: eventId, causationId: eventId },
    };
  });
}

/** Records what it was given; fails the next `failures` attempts, each after `delayMs`. */
class ScriptedPublisher implements EventPublisher {
  readonly acknowledged: RecordedEvent[][] = [];
  attempts = 0;
  failures = 0;
  delayMs = 0;
  onAttempt: (batch: readonly RecordedEvent[]) => Promise<void> = async () => undefined;

  async publish(batch: readonly RecordedEvent[]): Promise<void> {
    this.attempts += 1;
    await this.onAttempt(batch);
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable');
    }
    this.acknowledged.push([...batch]);
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
  ids(): string[] {
    return this.acknowledged.flat().map((event) => event.eventId);
  }
}

/**
 * The relay loop against a real (in-memory PGlite) feed and a scripted publisher: what it does when
 * publishing fails, when it is stopped, and where it resumes.
 */
describe('RelayService', () => {
  let store: PgliteEventStore;
  let checkpointName: string;
  const relays: RelayService[] = [];

  const relayWith = (publisher: EventPublisher, batchSize = 10) => {
    const relay = new RelayService(
      store,
      store.checkpoints(),
      publisher,
      { checkpointName, batchSize, pollIntervalMs: 5, retryInitialMs: 5, retryMaxMs: 20 },
      quiet,
    );
    relays.push(relay);
    return relay;
  };
  const append = async (count: number) => {
    const result = await store.append(`complaint-${randomUUID()}`, events(count), 'no-stream');
    return result.globalPositions;
  };
  const checkpoint = () => store.checkpoints().load(checkpointName);

  beforeAll(async () => {
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
  });

  beforeEach(async () => {
    // Each test relays only what it appends: its checkpoint starts at the current head of the feed.
    checkpointName = `relay-test-${randomUUID()}`;
    await store.checkpoints().save(checkpointName, await store.headPosition());
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  afterAll(async () => {
    await store.close();
  });

  it('publishes every event once, in feed order, and saves the checkpoint only after each acknowledgement', async () => {
    const publisher = new ScriptedPublisher();
    const checkpointsSeenAtPublish: { first: bigint; saved: bigint }[] = [];
    publisher.onAttempt = async (batch) => {
      checkpointsSeenAtPublish.push({ first: batch[0].globalPosition, saved: await checkpoint() });
    };
    const positions = [...(await append(25)), ...(await append(12))];
    await relayWith(publisher).start();
    const live = await append(8);

    await waitFor(async () => (await checkpoint()) === live.at(-1), 'the checkpoint to reach the last event');
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual([
      ...positions,
      ...live,
    ]);
    expect(publisher.acknowledged.every((batch) => batch.length <= 10)).toBe(true);
    for (const { first, saved } of checkpointsSeenAtPublish) expect(saved).toBeLessThan(first);
  });

  it('retries the same batch while publishing fails, never moving the checkpoint past it', async () => {
    const publisher = new ScriptedPublisher();
    const positions = await append(30);
    publisher.failures = 5;
    const savedDuringFailures: bigint[] = [];
    publisher.onAttempt = async () => {
      if (publisher.failures > 0) savedDuringFailures.push(await checkpoint());
    };
    const before = await checkpoint();
    const relay = relayWith(publisher);
    await relay.start();

    await waitFor(async () => (await checkpoint()) === positions.at(-1), 'the relay to recover');
    expect(publisher.attempts).toBe(3 + 5);
    expect(savedDuringFailures.every((saved) => saved === before)).toBe(true);
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual(positions);
    expect(relay.status()).toMatchObject({ state: 'following', checkpoint: positions.at(-1) });
  });

  it('restarts a feed that failed from the checkpoint, losing and repeating nothing', async () => {
    const positions = [...(await append(15)), ...(await append(15))];
    let follows = 0;
    // The first two feeds deliver one batch, then fail reading the next, as a lost connection would.
    const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
      follow(handler: (batch: RecordedEvent[]) => Promise<void>, options: FollowOptions): Subscription {
        if (++follows > 2) return store.follow(handler, options);
        let delivered = false;
        return store.follow(async (batch) => {
          if (delivered) throw new Error('connection lost');
          delivered = true;
          await handler(batch);
        }, options);
      },
    });
    const publisher = new ScriptedPublisher();
    const relay = new RelayService(
      flaky,
      store.checkpoints(),
      publisher,
      { checkpointName, batchSize: 10, pollIntervalMs: 5, retryInitialMs: 5, retryMaxMs: 20 },
      quiet,
    );
    relays.push(relay);
    await relay.start();

    await waitFor(async () => (await checkpoint()) === positions.at(-1), 'the relay to get through');
    expect(follows).toBe(3);
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual(positions);
  });

  it('abandons a failing batch when stopped, and the next run sends it with the same event ids', async () => {
    const failing = new ScriptedPublisher();
    failing.failures = Number.MAX_SAFE_INTEGER;
    const positions = await append(4);
    const before = await checkpoint();
    const relay = relayWith(failing);
    await relay.start();
    await waitFor(() => failing.attempts >= 2, 'a retry');
    await relay.stop();
    expect(await checkpoint()).toBe(before);

    const working = new ScriptedPublisher();
    await relayWith(working).start();
    await waitFor(async () => (await checkpoint()) === positions.at(-1), 'the next run');
    const stored = await store.readAll({ after: before });
    expect(working.ids()).toEqual(stored.map((event) => event.eventId));
  });

  it('finishes the batch in flight on stop and saves its checkpoint', async () => {
    const publisher = new ScriptedPublisher();
    publisher.delayMs = 300;
    const positions = await append(5);
    const relay = relayWith(publisher);
    await relay.start();
    await waitFor(() => publisher.attempts === 1, 'the first publish');

    await relay.stop();
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual(positions);
    expect(await checkpoint()).toBe(positions.at(-1));
    expect(relay.status().state).toBe('stopped');
  });

  it('publishes nothing the fence refuses: the batch is abandoned, the relay stops and may start again', async () => {
    const publisher = new ScriptedPublisher();
    let allowed = true;
    const relay = new RelayService(
      store,
      store.checkpoints(),
      publisher,
      {
        checkpointName,
        batchSize: 10,
        pollIntervalMs: 5,
        retryInitialMs: 5,
        retryMaxMs: 20,
        fence: async () => {
          if (!allowed) throw new Error('lease lost');
        },
      },
      quiet,
    );
    relays.push(relay);
    const early = await append(6);
    await relay.start();
    await waitFor(async () => (await checkpoint()) === early.at(-1), 'the first batch');

    allowed = false;
    const late = await append(5);
    await waitFor(() => relay.status().state === 'stopping', 'the relay to stop itself');
    await relay.stop();
    expect(relay.status()).toMatchObject({ state: 'stopped', lastError: 'lease lost' });
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual(early);
    expect(await checkpoint()).toBe(early.at(-1));

    // Holding the lease again (a standby that becomes active once more): it resumes from the checkpoint.
    allowed = true;
    await relay.start();
    await waitFor(async () => (await checkpoint()) === late.at(-1), 'the relay to start again');
    expect(publisher.acknowledged.flat().map((event) => event.globalPosition)).toEqual([...early, ...late]);
  });

  it('resumes after the saved checkpoint: a second run sends only what came after', async () => {
    const first = new ScriptedPublisher();
    const early = await append(6);
    const relay = relayWith(first);
    await relay.start();
    await waitFor(async () => (await checkpoint()) === early.at(-1), 'the first run');
    await relay.stop();

    const late = await append(7);
    const second = new ScriptedPublisher();
    await relayWith(second).start();
    await waitFor(async () => (await checkpoint()) === late.at(-1), 'the second run');
    expect(second.acknowledged.flat().map((event) => event.globalPosition)).toEqual(late);
  });
});
