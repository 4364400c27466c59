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
  type Subscription,
} from '../event-store.port';
import { assertAppendable, satisfies } from '../shared/append-validation';
import { replayOrReject, type StoredEventRef } from '../shared/idempotent-replay';
import { pollingSubscription } from '../shared/polling-subscription';
import { toRecordedEvent } from './event-row.mapper';
import {
  INSERT_CHUNK_ROWS,
  appendPrecheckSql,
  claimRevisionsParams,
  claimRevisionsSql,
  headPositionSql,
  insertEventsStatement,
  readAllSql,
  readStreamSql,
  reservePositionsSql,
  streamRevisionSql,
} from './event-store.sql';
import { EVENT_ID_CONSTRAINT, ensureSchema, sqlNames, type SqlNames } from './schema';
import type { SqlExecutor, SqlQueryable } from './sql-executor';
import { isUniqueViolation } from './sql-errors';
import { SqlCheckpointStore } from './sql-checkpoint-store';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the tables; defaults to `public`. */
  schema?: string;
  /** Page size of `readAll` when the caller gives none. */
  defaultReadAllCount?: number;
  followBatchSize?: number;
  followPollIntervalMs?: number;
}

interface StoredEventRow {
  eventId: string;
  streamId: string;
  streamRevision: string;
  globalPosition: string;
}

interface Precheck {
  revision: number;
  stored: StoredEventRef[];
}

/** The event store over any PostgreSQL-speaking executor: the one place append and read logic lives. */
export class SqlEventStore implements EventStore, CheckpointProvider {
  private readonly names: SqlNames;
  private readonly checkpointStore: SqlCheckpointStore;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

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
      return await this.executor.transaction((tx) =>
        this.appendInTransaction(tx, streamId, events, expected),
      );
    } catch (error) {
      const lostRace =
        error instanceof WrongExpectedRevisionError || isUniqueViolation(error, EVENT_ID_CONSTRAINT);
      if (!lostRace) throw error;
      // A concurrent append got in between our precheck and our write; it has committed (we queued on
      // its stream row or its unique index), so a fresh look tells a retry of this append from a conflict.
      const { stored } = await this.precheck(this.executor, streamId, events);
      if (stored.length === 0) throw error;
      return replayOrReject(streamId, events, stored);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.executor.query(readStreamSql(this.names), [
      streamId,
      options.fromRevision ?? 0,
      options.maxCount ?? null,
    ]);
    return rows.map(toRecordedEvent);
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

  private async appendInTransaction(
    tx: SqlQueryable,
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const { revision, stored } = await this.precheck(tx, streamId, events);
    // Idempotency comes before the revision check: a retried append must get its original result even
    // though the stream has moved on since.
    if (stored.length > 0) return replayOrReject(streamId, events, stored);
    // Fails fast on a stale revision without taking positions; claimRevisions is the real check.
    if (!satisfies(expected, revision)) throw new WrongExpectedRevisionError(streamId, expected, revision);

    const positionRows = await tx.query<{ position: string }>(reservePositionsSql(this.names), [
      events.length,
    ]);
    const positions = positionRows.map((row) => row.position);
    const lastRevision = await this.claimRevisions(tx, streamId, events.length, expected);
    const firstRevision = lastRevision - events.length + 1;

    for (let start = 0; start < events.length; start += INSERT_CHUNK_ROWS) {
      const rows = events.slice(start, start + INSERT_CHUNK_ROWS).map((event, i) => ({
        globalPosition: positions[start + i],
        streamRevision: firstRevision + start + i,
        event,
      }));
      const { sql, params } = insertEventsStatement(this.names, streamId, rows);
      await tx.query(sql, params);
    }
    return { nextExpectedRevision: lastRevision, globalPositions: positions.map(BigInt), appended: true };
  }

  private async claimRevisions(
    tx: SqlQueryable,
    streamId: string,
    count: number,
    expected: ExpectedRevision,
  ): Promise<number> {
    const claimed = await tx.query<{ revision: string }>(
      claimRevisionsSql(this.names, expected),
      claimRevisionsParams(streamId, count, expected),
    );
    if (claimed.length === 1) return Number(claimed[0].revision);
    const actual = await tx.query<{ revision: string }>(streamRevisionSql(this.names), [streamId]);
    throw new WrongExpectedRevisionError(
      streamId,
      expected,
      actual.length === 0 ? NO_STREAM_REVISION : Number(actual[0].revision),
    );
  }

  private async precheck(db: SqlQueryable, streamId: string, events: EventToAppend[]): Promise<Precheck> {
    const rows = await db.query<{ revision: string | null; stored: StoredEventRow[] | string }>(
      appendPrecheckSql(this.names),
      [streamId, events.map((event) => event.eventId)],
    );
    const { revision, stored } = rows[0];
    const storedRows = typeof stored === 'string' ? (JSON.parse(stored) as StoredEventRow[]) : stored;
    return {
      revision: revision === null ? NO_STREAM_REVISION : Number(revision),
      stored: storedRows.map((row) => ({
        eventId: row.eventId,
        streamId: row.streamId,
        streamRevision: Number(row.streamRevision),
        globalPosition: BigInt(row.globalPosition),
      })),
    };
  }

  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    if (!satisfies(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { nextExpectedRevision: current, globalPositions: [], appended: false };
  }
}
