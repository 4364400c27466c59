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
import { pollingSubscription } from '../shared/polling-subscription';
import { appendEventsParams, appendEventsSql, type AppendEventsRow } from './append-events.function';
import {
  BATCH_REVISION_RACE,
  appendEventsBatchParams,
  appendEventsBatchSql,
  type AppendBatchRow,
} from './append-events-batch.function';
import { type AppendGroupRow, appendEventsGroupSql } from './append-events-group.function';
import { toRecordedEvent, toStoredEventRefs } from './event-row.mapper';
import {
  headPositionSql,
  readAllSql,
  readStreamSql,
  readStreamsSql,
  storedEventsSql,
  streamRevisionSql,
  streamRevisionsSql,
} from './event-store.sql';
import { EVENT_ID_CONSTRAINT, ensureSchema } from './schema';
import type { SqlExecutor } from './sql-executor';
import { sqlNames, type SqlNames } from './sql-names';
import { isUniqueViolation } from './sql-errors';
import { SqlCheckpointStore } from './sql-checkpoint-store';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the tables; defaults to `public`. */
  schema?: string;
  /** Page size of `readAll` when the caller gives none. */
  defaultReadAllCount?: number;
  followBatchSize?: number;
  followPollIntervalMs?: number;
  /**
   * Group commit of `append`: while this many statements of appends are in flight, the appends that
   * come in wait and then go together, up to `maxParts` streams in one statement and one commit
   * (`append_events_group`), each keeping its own expected revision and its own outcome. `false`: each
   * append is its own statement. By default one group in flight (PGlite has one session anyway).
   */
  groupCommit?: { maxInFlight: number; maxParts?: number } | false;
}

/** An append waiting for its group. */
type Waiting = {
  part: StreamAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

const DEFAULT_GROUP_PARTS = 64;
/** Streams read together at most, when reads are coalesced. */
const READ_GROUP_STREAMS = 128;

/** A whole-stream read waiting for its group. */
type WaitingRead = {
  streamId: string;
  resolve: (events: RecordedEvent[]) => void;
  reject: (error: unknown) => void;
};

/** The event store over any PostgreSQL-speaking executor: the one place append and read logic lives. */
export class SqlEventStore implements EventStore, CheckpointProvider {
  private readonly names: SqlNames;
  private readonly checkpointStore: SqlCheckpointStore;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  private readonly waiting: Waiting[] = [];
  private groupsInFlight = 0;
  private readonly waitingReads: WaitingRead[] = [];
  private readsInFlight = 0;

  /** Use `start()` (or an adapter's factory) before anything else: it creates the schema if missing. */
  constructor(
    private readonly executor: SqlExecutor,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.names = sqlNames(options.schema);
    this.checkpointStore = new SqlCheckpointStore(executor, this.names);
  }

  async start(): Promise<this> {
    await ensureSchema(this.executor, this.names);
    return this;
  }

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    if (events.length === 0) return this.appendNothing(streamId, expected);
    try {
      return await this.appendInGroup({ streamId, events, expected });
    } catch (error) {
      const lostRace =
        error instanceof WrongExpectedRevisionError || isUniqueViolation(error, EVENT_ID_CONSTRAINT);
      if (!lostRace) throw error;
      // A concurrent append got in between our precheck and our write; it has committed (we queued on
      // its stream row or its unique index), so a fresh look tells a retry of this append from a conflict.
      const stored = await this.storedEvents(events);
      if (stored.length === 0) throw error;
      return replayOrReject(streamId, events, stored);
    }
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    assertDistinctStreams(appends);
    for (const { streamId, events } of appends) assertAppendable(streamId, events);
    const results: (AppendResult | undefined)[] = new Array(appends.length);
    const empty = appends.filter((part) => part.events.length === 0);
    if (empty.length > 0) {
      const revisions = await this.streamRevisions(empty.map((part) => part.streamId));
      for (const [index, part] of appends.entries()) {
        if (part.events.length > 0) continue;
        const current = revisions.get(part.streamId)!;
        if (!satisfies(part.expected, current))
          throw new WrongExpectedRevisionError(part.streamId, part.expected, current);
        results[index] = { nextExpectedRevision: current, globalPositions: [], appended: false };
      }
    }
    let pending = [...appends.keys()].filter((index) => appends[index]!.events.length > 0);
    // A batch meeting ids stored before is told which; their parts replay, the rest go again (at most
    // once more per part, as a part either replays or holds no stored id the next time).
    let raced = false;
    while (pending.length > 0) {
      const parts = pending.map((index) => appends[index]!);
      const row = await this.appendBatchOnce(parts, raced);
      if (row === undefined) {
        raced = true;
        continue;
      }
      switch (row.outcome) {
        case 'appended': {
          let offset = 0;
          for (const [i, index] of pending.entries()) {
            const count = appends[index]!.events.length;
            results[index] = {
              nextExpectedRevision: Number(row.revisions![i]),
              globalPositions: row.positions!.slice(offset, offset + count).map(BigInt),
              appended: true,
            };
            offset += count;
          }
          pending = [];
          break;
        }
        case 'stored': {
          const stored = toStoredEventRefs(row.stored);
          const rest: number[] = [];
          for (const index of pending) {
            const part = appends[index]!;
            const ids = new Set(part.events.map((event) => event.eventId.toLowerCase()));
            const mine = stored.filter((ref) => ids.has(ref.eventId.toLowerCase()));
            if (mine.length > 0) results[index] = replayOrReject(part.streamId, part.events, mine);
            else rest.push(index);
          }
          pending = rest;
          break;
        }
        case 'wrong-revision': {
          const part = parts[row.part! - 1]!;
          const actual = row.revision === null ? NO_STREAM_REVISION : Number(row.revision);
          throw new WrongExpectedRevisionError(part.streamId, part.expected, actual);
        }
        default:
          throw new Error(`Unknown append outcome "${String(row.outcome)}"`);
      }
    }
    return results as AppendResult[];
  }

  async streamRevisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    const revisions = new Map(streamIds.map((id) => [id, NO_STREAM_REVISION]));
    if (streamIds.length === 0) return revisions;
    const rows = await this.executor.query<{ stream_id: string; revision: string }>(
      streamRevisionsSql(this.names),
      [[...new Set(streamIds)]],
    );
    for (const row of rows) revisions.set(row.stream_id, Number(row.revision));
    return revisions;
  }

  /**
   * A whole stream's read is coalesced like the appends (`groupCommit`): those asked for while reads are
   * in flight go together as one `readStreams` statement, sent after every one of them was asked for, so
   * each still sees everything committed before it was asked.
   */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const group = this.options.groupCommit ?? { maxInFlight: 1 };
    if (group === false || options.fromRevision !== undefined || options.maxCount !== undefined)
      return this.readStreamOnce(streamId, options);
    return new Promise<RecordedEvent[]>((resolve, reject) => {
      this.waitingReads.push({ streamId, resolve, reject });
      this.sendReads(group.maxInFlight);
    });
  }

  private sendReads(maxInFlight: number): void {
    while (this.readsInFlight < maxInFlight && this.waitingReads.length > 0) {
      const group = this.waitingReads.splice(0, READ_GROUP_STREAMS);
      this.readsInFlight++;
      void this.readGroup(group).finally(() => {
        this.readsInFlight--;
        this.sendReads(maxInFlight);
      });
    }
  }

  private async readGroup(group: WaitingRead[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      return this.readStreamOnce(only!.streamId).then(only!.resolve, only!.reject);
    }
    try {
      const streams = await this.readStreams(group.map((read) => read.streamId));
      // Each caller its own list: a stream asked for twice is not shared.
      for (const read of group) read.resolve([...streams.get(read.streamId)!]);
    } catch (error) {
      for (const read of group) read.reject(error);
    }
  }

  private async readStreamOnce(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.executor.query(readStreamSql(this.names), [
      streamId,
      options.fromRevision ?? 0,
      options.maxCount ?? null,
    ]);
    return rows.map(toRecordedEvent);
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const rows = await this.executor.query(readStreamsSql(this.names), [[...new Set(streamIds)]]);
    for (const row of rows) {
      const event = toRecordedEvent(row);
      streams.get(event.streamId)!.push(event);
    }
    return streams;
  }

  async streamRevision(streamId: string): Promise<number> {
    const rows = await this.executor.query<{ revision: string }>(streamRevisionSql(this.names), [streamId]);
    return rows.length === 0 ? NO_STREAM_REVISION : Number(rows[0].revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const maxCount = options.maxCount ?? this.options.defaultReadAllCount ?? 1000;
    const rows = await this.executor.query(readAllSql(this.names), [after.toString(), maxCount]);
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<bigint> {
    const rows = await this.executor.query<{ position: string }>(headPositionSql(this.names));
    return rows.length === 0 ? START_POSITION : BigInt(rows[0].position);
  }

  checkpoints(): CheckpointStore {
    return this.checkpointStore;
  }

  follow(handler: (batch: RecordedEvent[]) => Promise<void>, options: FollowOptions = {}): Subscription {
    if (this.closed) throw new Error('Event store is closed');
    const subscription = pollingSubscription(
      (after, maxCount) => this.readAll({ after, maxCount }),
      handler,
      options,
      {
        batchSize: this.options.followBatchSize ?? 500,
        pollIntervalMs: this.options.followPollIntervalMs ?? 50,
      },
    );
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.executor.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.executor.close();
  }

  /**
   * The append alone when nothing else is in flight, otherwise with the appends that came in meanwhile
   * (see `groupCommit`). Its outcome is the one `appendOnce` would give: the result, a replay, a
   * `WrongExpectedRevisionError` or a `DuplicateEventIdError`, for this append alone.
   */
  private appendInGroup(part: StreamAppend): Promise<AppendResult> {
    const group = this.options.groupCommit ?? { maxInFlight: 1 };
    if (group === false) return this.appendOnce(part.streamId, part.events, part.expected);
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ part, resolve, reject });
      this.sendGroups(group.maxInFlight, group.maxParts ?? DEFAULT_GROUP_PARTS);
    });
  }

  /** Sends the waiting appends while a slot is free: each group's streams distinct, in arrival order. */
  private sendGroups(maxInFlight: number, maxParts: number): void {
    while (this.groupsInFlight < maxInFlight && this.waiting.length > 0) {
      const streams = new Set<string>();
      const group: Waiting[] = [];
      // A second append to a stream already in the group waits for the next one: it must see the first.
      for (let i = 0; i < this.waiting.length && group.length < maxParts;) {
        const next = this.waiting[i]!;
        if (streams.has(next.part.streamId)) i++;
        else {
          streams.add(next.part.streamId);
          group.push(next);
          this.waiting.splice(i, 1);
        }
      }
      this.groupsInFlight++;
      void this.commitGroup(group).finally(() => {
        this.groupsInFlight--;
        this.sendGroups(maxInFlight, maxParts);
      });
    }
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    const alone = (waiting: Waiting) =>
      this.appendOnce(waiting.part.streamId, waiting.part.events, waiting.part.expected).then(
        waiting.resolve,
        waiting.reject,
      );
    if (group.length === 1) return alone(group[0]!);
    // In stream order, so that two groups in flight on a server never wait on each other in a cycle.
    const sorted = [...group].sort((a, b) => (a.part.streamId < b.part.streamId ? -1 : 1));
    let rows: AppendGroupRow[];
    try {
      rows = await this.executor.query<AppendGroupRow>(
        appendEventsGroupSql(this.names),
        appendEventsBatchParams(sorted.map((waiting) => waiting.part)),
      );
    } catch {
      // Nothing of the group was stored (one statement): each goes again alone, with its own outcome.
      await Promise.all(sorted.map(alone));
      return;
    }
    for (const [index, waiting] of sorted.entries()) {
      const row = rows[index]!;
      const { streamId, events, expected } = waiting.part;
      try {
        waiting.resolve(this.outcomeOf(streamId, events, expected, row));
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  /** A row of the append function (or of the group function, for one part) as the append's outcome. */
  private outcomeOf(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
    row: AppendEventsRow,
  ): AppendResult {
    switch (row.outcome) {
      case 'appended':
        return {
          nextExpectedRevision: Number(row.revision),
          globalPositions: (row.positions ?? []).map(BigInt),
          appended: true,
        };
      case 'stored':
        // Idempotency comes before the revision check: a retried append gets its original result even
        // though the stream has moved on since.
        return replayOrReject(streamId, events, toStoredEventRefs(row.stored));
      case 'wrong-revision':
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          row.revision === null ? NO_STREAM_REVISION : Number(row.revision),
        );
      default:
        throw new Error(`Unknown append outcome "${String(row.outcome)}"`);
    }
  }

  /**
   * The append as one statement (see `appendEventsFunction`): one round trip, committed by the statement's
   * own implicit transaction. The function answers a conflict or stored ids as a result, mapped here to
   * the same outcomes as everywhere else: the original result, a rejection, or the actual revision.
   */
  private async appendOnce(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const [row] = await this.executor.query<AppendEventsRow>(
      appendEventsSql(this.names),
      appendEventsParams(streamId, events, expected),
    );
    return this.outcomeOf(streamId, events, expected, row!);
  }

  /**
   * One call of the batch function. A concurrent writer that won a revision claim (EV409) is reported as
   * the stale revision it left; one that stored some of the ids in between (a unique violation) makes this
   * round void (undefined) so that the next round sees those ids as stored; once per call.
   */
  private async appendBatchOnce(parts: StreamAppend[], raced: boolean): Promise<AppendBatchRow | undefined> {
    try {
      const [row] = await this.executor.query<AppendBatchRow>(
        appendEventsBatchSql(this.names),
        appendEventsBatchParams(parts),
      );
      return row;
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (code === BATCH_REVISION_RACE) {
        const part = parts[Number(message) - 1]!;
        throw new WrongExpectedRevisionError(
          part.streamId,
          part.expected,
          await this.streamRevision(part.streamId),
        );
      }
      if (!raced && isUniqueViolation(error, EVENT_ID_CONSTRAINT)) return undefined;
      throw error;
    }
  }

  private async storedEvents(events: EventToAppend[]): Promise<StoredEventRef[]> {
    const rows = await this.executor.query<{ stored: unknown }>(storedEventsSql(this.names), [
      events.map((event) => event.eventId),
    ]);
    return toStoredEventRefs(rows[0].stored);
  }

  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { nextExpectedRevision: current, globalPositions: [], appended: false };
  }
}
