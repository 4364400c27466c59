import { IntervalThroughput, type Throughput } from '@app/platform';

/** What the relay has published, and its throughput over fixed intervals. */
export class RelayMetrics {
  private publishedTotal = 0;
  private batchesTotal = 0;
  private readonly throughput: IntervalThroughput;

  constructor(now: () => number = Date.now) {
    this.throughput = new IntervalThroughput(now);
  }

  recordBatch(events: number): void {
    this.publishedTotal += events;
    this.batchesTotal += 1;
    this.throughput.record(events);
  }

  /** Closes the current interval; its throughput is what `snapshot` reports until the next close. */
  closeInterval(): Throughput & { events: number } {
    return this.throughput.closeInterval();
  }

  snapshot(): {
    publishedTotal: number;
    batchesTotal: number;
    eventsPerSecond: number;
    intervalSeconds: number;
  } {
    return {
      publishedTotal: this.publishedTotal,
      batchesTotal: this.batchesTotal,
      ...this.throughput.current(),
    };
  }
}
