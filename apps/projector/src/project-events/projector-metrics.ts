import { IntervalThroughput, type Throughput } from '@app/platform';
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
  private readonly throughput: IntervalThroughput;

  constructor(now: () => number = Date.now) {
    this.throughput = new IntervalThroughput(now);
  }

  recordBatch(batch: PreparedBatch): void {
    const { applied, duplicate, rejected, undecodable } = batch.outcomes;
    const events = applied + duplicate + rejected + undecodable;
    this.counts.eventsTotal += events;
    this.counts.appliedTotal += applied;
    this.counts.duplicateTotal += duplicate;
    this.counts.rejectedTotal += rejected + undecodable;
    this.counts.batchesTotal += 1;
    this.counts.rowsWrittenTotal += batch.rowCount;
    this.counts.statesReadTotal += batch.statesRead;
    this.throughput.record(events);
  }

  /** Closes the current interval; its throughput is what `snapshot` reports until the next close. */
  closeInterval(): Throughput & { events: number } {
    return this.throughput.closeInterval();
  }

  snapshot(): ProjectorCounts & { eventsPerSecond: number; intervalSeconds: number } {
    return { ...this.counts, ...this.throughput.current() };
  }
}
