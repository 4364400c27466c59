/**
 * The event store port: an append-only log of streams with optimistic concurrency and a global feed.
 * Every adapter (PGlite, PostgreSQL, KurrentDB) passes the same contract suite
 * (`event-store.contract.ts`).
 */

/** What the caller expects the stream's current revision to be before the append. */
export type ExpectedRevision = number | 'no-stream' | 'stream-exists' | 'any';

/** Revisions start at 0 for a stream's first event. */
export const NO_STREAM_REVISION = -1;

export interface EventMetadata {
  /** When the fact happened in the business (passed in with the command), ISO-8601. */
  occurredAt: string;
  correlationId: string;
  causationId: string;
  actor?: { id: string; role?: string };
  /** The HTTP Idempotency-Key or upstream (source system, external id) that produced this event. */
  idempotencyKey?: string;
  /** Hash of the request that produced the event, to tell a replay from a reused key. */
  requestHash?: string;
  [key: string]: unknown;
}

export interface EventToAppend {
  /** Unique per event, made by the caller; re-appending the same ids is idempotent. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends EventToAppend {
  streamId: string;
  streamRevision: number;
  /** Position in the global feed; strictly increasing in feed order, gaps allowed. */
  globalPosition: bigint;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  nextExpectedRevision: number;
  /** Global positions of the appended events, in order. */
  globalPositions: bigint[];
  /** False when every event id was already stored (an idempotent re-append). */
  appended: boolean;
}

/** One stream's part of `appendMany`: what `append` takes. */
export interface StreamAppend {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Start with `START_POSITION`. */
  after?: bigint;
  maxCount?: number;
}

export const START_POSITION = 0n;

export interface Subscription {
  /** Stops following; resolves once the handler will not be called again. */
  stop(): Promise<void>;
  /** Resolves when the subscription ends because of an error, rejects with it. */
  readonly done: Promise<void>;
}

export interface FollowOptions {
  after?: bigint;
  batchSize?: number;
  /** How long to wait between polls once caught up (adapters with push may ignore it). */
  pollIntervalMs?: number;
}

export interface EventStore {
  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams (each named once) in one call, for bulk writers such as the import.
   * Each stream's part behaves exactly as `append` would — all of its events or none, the expected
   * revision, idempotent replay of ids stored before — and the results come back in the same order.
   * On the SQL adapters the whole call is one transaction besides: a refused part (stale revision, ids
   * stored elsewhere) fails the call with that part's error and stores nothing of it. KurrentDB, which has
   * no transaction across streams, appends the parts one after another: a failure leaves the parts before
   * it stored, and the same call again replays them.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream in revision order; an unknown stream gives an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Whole streams at once (each in revision order; an unknown one empty), for bulk readers such as the import. */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Current revision of a stream, or NO_STREAM_REVISION. */
  streamRevision(streamId: string): Promise<number>;
  /** Current revisions of several streams at once (NO_STREAM_REVISION for those that do not exist). */
  streamRevisions(streamIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * A page of the global feed after a position. Order is stable: a follower reading page after page
   * never skips an event that commits later with a lower position.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Position of the last event a follower can see now (`START_POSITION` when there is none): the same
   * visibility as `readAll`, so `headPosition() - checkpoint` is how far a follower is behind.
   */
  headPosition(): Promise<bigint>;
  /** Catch up from a position, then follow live; the handler is awaited batch by batch. */
  follow(handler: (batch: RecordedEvent[]) => Promise<void>, options?: FollowOptions): Subscription;
  /** Cheap liveness check for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some but not all event ids of an append were already stored, or stored in another stream. */
export class DuplicateEventIdError extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${streamId}: event ids already stored elsewhere or partially: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}
