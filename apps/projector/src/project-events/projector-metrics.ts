import { type PreparedBatch } from './batch-projector';

export interface ProjectorCounts {
  /** Events taken from the feed and acknowledged, whatever their outcome. */
  eventsTotal: number;
  appliedTotal: number;
  /** Redelivered or replayed events: nothing written. */
  duplicateTotal: number;
  /** Events that went to `rejected_events` (unknown type, data that does not map, undecodable). */
  rejectedTotal: number;
  batchesTotal: number;
  rowsWrittenTotal: number;
  /** States read back from ClickHouse because the cache did not hold them. */
  statesReadTotal: number;
}

/** What the projector has done since it started, and its throughput over fixed intervals. */
export class ProjectorMetrics {
  private counts: ProjectorCounts = {
    eventsTotal: 0,
    appliedTotal: 0,
    duplicateTotal: 0,
    rejectedTotal: 0,
    batchesTotal: 0,
    rowsWrittenTotal: 0,
    statesReadTotal: 0,
  };
  private intervalStartedAt: number;
  private eventsAtIntervalStart = 0;
  private lastInterval?: { eventsPerSecond: number; seconds: number };

  constructor(private readonly now: () => number = Date.now) {
    this.intervalStartedAt = now();
  }

  recordBatch(batch: PreparedBatch): void {
    const { applied, duplicate, rejected, undecodable } = batch.outcomes;
    this.counts.eventsTotal += applied + duplicate + rejected + undecodable;
    this.counts.appliedTotal += applied;
    this.counts.duplicateTotal += duplicate;
    this.counts.rejectedTotal += rejected + undecodable;
    this.counts.batchesTotal += 1;
    this.counts.rowsWrittenTotal += batch.rowCount;
    this.counts.statesReadTotal += batch.statesRead;
  }

  /** Closes the current interval; its throughput is what `snapshot` reports until the next close. */
  closeInterval(): { eventsPerSecond: number; seconds: number; events: number } {
    const now = this.now();
    const seconds = Math.max((now - this.intervalStartedAt) / 1000, 1e-3);
    const events = this.counts.eventsTotal - this.eventsAtIntervalStart;
    this.lastInterval = { eventsPerSecond: events / seconds, seconds };
    this.intervalStartedAt = now;
    this.eventsAtIntervalStart = this.counts.eventsTotal;
    return { ...this.lastInterval, events };
  }

  snapshot(): ProjectorCounts & { eventsPerSecond: number; intervalSeconds: number } {
    // Before the first interval has closed, the one still running is all there is.
    const elapsed = Math.max((this.now() - this.intervalStartedAt) / 1000, 1e-3);
    const interval = this.lastInterval ?? {
      eventsPerSecond: (this.counts.eventsTotal - this.eventsAtIntervalStart) / elapsed,
      seconds: elapsed,
    };
    return {
      ...this.counts,
      eventsPerSecond: Math.round(interval.eventsPerSecond * 10) / 10,
      intervalSeconds: Math.round(interval.seconds * 10) / 10,
    };
  }
}
