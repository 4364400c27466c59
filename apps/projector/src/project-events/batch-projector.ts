import {
  type AnalyticsRows,
  type AnalyticsStore,
  type BatchProjection,
  PROJECTED_TABLES_IN_WRITE_ORDER,
  type ProjectionContext,
  type RejectedEventRow,
  type StreamState,
  projectBatch,
  readStreamStates,
  revokedTokenRows,
  writeRows,
} from '@app/analytics';
import type { RecordedEvent } from '@app/event-store';
import { isAlertStream } from '@app/analytics/alerts/alert.events';
import {
  type AlertRows,
  alertRowCount,
  alertRowsOf,
  writeAlertRows,
} from '@app/analytics/alerts/alert-rows.projection';
import { type StreamStateCache } from './stream-state-cache';
import { isAuditStream } from '@app/complaints';
import { REVOCATIONS_STREAM } from '@app/platform';

export interface BatchProjectorOptions {
  /**
   * The tables were empty when this projector started and nothing else writes them (a rebuild): a stream
   * the cache has never held has no rows either, so it is not looked up.
   */
  tablesStartEmpty?: boolean;
}

/** A batch projected and ready to be written; nothing has changed anywhere yet. */
export interface PreparedBatch {
  rows: AnalyticsRows;
  /** The alert streams' rows (the dashboard's alert list). */
  alerts: AlertRows;
  /** The state of every stream of the batch after it, for the cache once the rows are written. */
  states: Map<string, StreamState>;
  outcomes: BatchProjection['outcomes'] & { undecodable: number };
  rowCount: number;
  /** Streams whose state had to be read back from ClickHouse. */
  statesRead: number;
  /** The cache's generation before any state was read: a clear since then keeps these states out. */
  cacheGeneration: number;
}

/**
 * The projection pipeline both feeds, the rebuild and the measurements share: each stream's current
 * state from the cache (or read back from ClickHouse), the pure `projectBatch`, then one insert per
 * table with `writeRows`. Split in three steps so the caller decides what happens when a step fails.
 */
export class BatchProjector {
  constructor(
    private readonly analytics: AnalyticsStore,
    private readonly database: string,
    private readonly context: ProjectionContext,
    private readonly cache: StreamStateCache,
    private readonly options: BatchProjectorOptions = {},
  ) {}

  /** Reads the states the cache lacks and projects the batch; writes nothing. */
  async prepare(
    events: readonly RecordedEvent[],
    undecodable: readonly RejectedEventRow[] = [],
  ): Promise<PreparedBatch> {
    // Token revocations become their own rows; the audit streams share the store's feed (embedded),
    // not the analytics.
    const cacheGeneration = this.cache.generation;
    const revoked = revokedTokenRows(events);
    const alerts = alertRowsOf(events);
    events = events.filter(
      (event) =>
        !isAuditStream(event.streamId) &&
        event.streamId !== REVOCATIONS_STREAM &&
        !isAlertStream(event.streamId),
    );
    const states = new Map<string, StreamState>();
    const missing: string[] = [];
    for (const streamId of new Set(events.map((event) => event.streamId))) {
      const cached = this.cache.get(streamId);
      if (cached) states.set(streamId, cached);
      else missing.push(streamId);
    }
    const lookUp = missing.length > 0 && !(this.options.tablesStartEmpty && !this.cache.hasDropped());
    if (lookUp) {
      for (const [streamId, state] of await readStreamStates(this.analytics, this.database, missing))
        states.set(streamId, state);
    }
    const projection = projectBatch(events, this.context, states);
    const rows = {
      ...projection.rows,
      rejected_events: [...undecodable, ...projection.rows.rejected_events],
      revoked_tokens: revoked,
    };
    return {
      rows,
      alerts,
      states: projection.states,
      outcomes: { ...projection.outcomes, undecodable: undecodable.length },
      rowCount:
        PROJECTED_TABLES_IN_WRITE_ORDER.reduce((sum, table) => sum + rows[table].length, 0) +
        alertRowCount(alerts),
      statesRead: lookUp ? missing.length : 0,
      cacheGeneration,
    };
  }

  /** One insert per table that has rows, state tables last; safe to repeat. */
  async write(prepared: PreparedBatch): Promise<void> {
    await writeAlertRows(this.analytics, this.database, prepared.alerts);
    await writeRows(this.analytics, this.database, prepared.rows);
  }

  /**
   * Once the rows are written: the cache moves on to the batch's states, unless it was cleared meanwhile
   * (another member of the group may have projected these streams further since).
   */
  commit(prepared: PreparedBatch): void {
    this.cache.setAll(prepared.states, prepared.cacheGeneration);
  }

  /** All three steps, for callers without a retry policy of their own (rebuild, measurements). */
  async project(events: readonly RecordedEvent[]): Promise<PreparedBatch> {
    const prepared = await this.prepare(events);
    await this.write(prepared);
    this.commit(prepared);
    return prepared;
  }
}
