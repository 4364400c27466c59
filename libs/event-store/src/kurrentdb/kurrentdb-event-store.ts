import {
  ANY,
  BACKWARDS,
  END,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { CheckpointProvider, CheckpointStore } from '../checkpoint-store.port';
import {
  NO_STREAM_REVISION,
  START_POSITION,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type FollowOptions,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type Subscription,
} from '../event-store.port';
import { assertAppendable, assertDistinctStreams, satisfies } from '../shared/append-validation';
import { replayOrReject, type StoredEventRef } from '../shared/idempotent-replay';
import {
  DEFAULT_LEASE_TTL_MS,
  type LeaderLease,
  type LeaseOptions,
  type LeaseProvider,
} from '../leader-lease.port';
import { KurrentDbCheckpointStore } from './kurrentdb-checkpoint-store';
import { KurrentDbLeaderLease } from './kurrentdb-leader-lease';
import { toEventData, toRecordedEvent } from './kurrentdb-event.mapper';

const DEFAULT_READ_ALL_COUNT = 1000;
const DEFAULT_FOLLOW_BATCH = 500;

/**
 * The event store on KurrentDB. The global position is the event's commit position in the transaction
 * log; system events (`$`-prefixed types) are left out of the feed.
 */
export class KurrentDbEventStore implements EventStore, CheckpointProvider, LeaseProvider {
  private readonly subscriptions = new Set<Subscription>();
  private readonly checkpointStore: KurrentDbCheckpointStore;
  private closed = false;

  constructor(private readonly client: KurrentDBClient) {
    this.checkpointStore = new KurrentDbCheckpointStore(client);
  }

  static connect(connectionString: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    if (events.length === 0) {
      const current = await this.streamRevision(streamId);
      if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
      return { nextExpectedRevision: current, globalPositions: [], appended: false };
    }
    // KurrentDB has no index by event id and only dedupes recent writes best-effort, so the stream is
    // scanned for the ids. Ids stored in *other* streams cannot be seen here.
    const stored = await this.findStored(streamId, events);
    if (stored.length > 0) return replayOrReject(streamId, events, stored);

    let nextExpectedRevision: bigint;
    try {
      ({ nextExpectedRevision } = await this.client.appendToStream(streamId, events.map(toEventData), {
        streamState: toStreamState(expected),
      }));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // The writer that beat us may have been a retry of this very append.
      const raced = await this.findStored(streamId, events);
      if (raced.length > 0) return replayOrReject(streamId, events, raced);
      const actual = error.actualState === NO_STREAM ? NO_STREAM_REVISION : Number(error.actualState);
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }

    // The append result carries one log position; the events' own positions come from reading them back.
    const lastRevision = Number(nextExpectedRevision);
    const appended = await this.readStream(streamId, {
      fromRevision: lastRevision - events.length + 1,
      maxCount: events.length,
    });
    return {
      nextExpectedRevision: lastRevision,
      globalPositions: appended.map((event) => event.globalPosition),
      appended: true,
    };
  }

  /** Part after part: KurrentDB has no transaction across streams (see the port). */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    for (const { streamId, events } of appends) assertAppendable(streamId, events);
    const results: AppendResult[] = [];
    for (const { streamId, events, expected } of appends)
      results.push(await this.append(streamId, events, expected));
    return results;
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const streamId of new Set(streamIds)) streams.set(streamId, await this.readStream(streamId));
    return streams;
  }

  async streamRevisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    const revisions = new Map<string, number>();
    for (const streamId of new Set(streamIds)) revisions.set(streamId, await this.streamRevision(streamId));
    return revisions;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    await ignoreMissingStream(async () => {
      const read = this.client.readStream(streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    });
    return events;
  }

  async streamRevision(streamId: string): Promise<number> {
    let revision = NO_STREAM_REVISION;
    await ignoreMissingStream(async () => {
      const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      for await (const resolved of read) {
        if (resolved.event) revision = Number(resolved.event.revision);
      }
    });
    return revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    const events: RecordedEvent[] = [];
    // Reading from a position includes the event at it, one more than asked for is read and dropped.
    const read = this.client.readAll({
      fromPosition: fromPosition(after),
      maxCount: maxCount + 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of read) {
      const event = feedEvent(resolved, after);
      if (event) events.push(event);
      if (events.length === maxCount) break;
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    const read = this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: excludeSystemEvents(),
    });
    for await (const resolved of read) {
      if (resolved.event) return toRecordedEvent(resolved.event).globalPosition;
    }
    return START_POSITION;
  }

  checkpoints(): CheckpointStore {
    return this.checkpointStore;
  }

  /** An expiring lease on a stream of its own (see `KurrentDbLeaderLease`). */
  lease(name: string, options: LeaseOptions = {}): LeaderLease {
    return new KurrentDbLeaderLease(this.client, name, options.ttlMs ?? DEFAULT_LEASE_TTL_MS);
  }

  follow(handler: (batch: RecordedEvent[]) => Promise<void>, options: FollowOptions = {}): Subscription {
    if (this.closed) throw new Error('Event store is closed');
    const after = options.after ?? 0n;
    const batchSize = options.batchSize ?? DEFAULT_FOLLOW_BATCH;
    const live = this.client.subscribeToAll({
      fromPosition: fromPosition(after),
      filter: excludeSystemEvents(),
    });
    let stopped = false;

    const run = async () => {
      let batch: RecordedEvent[] = [];
      try {
        for await (const resolved of live) {
          if (stopped) return;
          const event = feedEvent(resolved, after);
          if (event) batch.push(event);
          // Hand over what has arrived as soon as nothing more is buffered: batches when catching up,
          // single events when live.
          if (batch.length > 0 && (batch.length >= batchSize || live.readableLength === 0)) {
            await handler(batch);
            batch = [];
          }
        }
      } finally {
        // Also when the handler threw: the server-side subscription must not outlive the loop.
        await live.unsubscribe().catch(() => undefined);
      }
    };

    const done = run();
    done.catch(() => undefined);
    const subscription: Subscription = {
      done,
      async stop() {
        stopped = true;
        await live.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    done.then(forget, forget);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.streamRevision('event-store-ping');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async findStored(streamId: string, events: EventToAppend[]): Promise<StoredEventRef[]> {
    const ids = new Set(events.map((event) => event.eventId.toLowerCase()));
    const stored: StoredEventRef[] = [];
    for (const event of await this.readStream(streamId)) {
      if (ids.has(event.eventId.toLowerCase())) stored.push(event);
    }
    return stored;
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return expected === NO_STREAM_REVISION ? NO_STREAM : BigInt(expected);
  }
}

function fromPosition(after: bigint): ReadPosition {
  return after === 0n ? START : { commit: after, prepare: after };
}

function feedEvent(
  resolved: AllStreamResolvedEvent | ResolvedEvent,
  after: bigint,
): RecordedEvent | undefined {
  if (!resolved.event) return undefined;
  const event = toRecordedEvent(resolved.event);
  return event.globalPosition > after ? event : undefined;
}

async function ignoreMissingStream(read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
}
