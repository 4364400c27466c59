/** What the relay has published, and its throughput over fixed intervals. */
export class RelayMetrics {
  private publishedTotal = 0;
  private batchesTotal = 0;
  private intervalStartedAt: number;
  private publishedAtIntervalStart = 0;
  private lastInterval?: { eventsPerSecond: number; seconds: number };

  constructor(private readonly now: () => number = Date.now) {
    this.intervalStartedAt = now();
  }

  recordBatch(events: number): void {
    this.publishedTotal += events;
    this.batchesTotal += 1;
  }

  /** Closes the current interval; its throughput is what `snapshot` reports until the next close. */
  closeInterval(): { eventsPerSecond: number; seconds: number; events: number } {
    const now = this.now();
    const seconds = Math.max((now - this.intervalStartedAt) / 1000, 1e-3);
    const events = this.publishedTotal - this.publishedAtIntervalStart;
    this.lastInterval = { eventsPerSecond: events / seconds, seconds };
    this.intervalStartedAt = now;
    this.publishedAtIntervalStart = this.publishedTotal;
    return { ...this.lastInterval, events };
  }

  snapshot(): {
    publishedTotal: number;
    batchesTotal: number;
    eventsPerSecond: number;
    intervalSeconds: number;
  } {
    // Before the first interval has closed, the one still running is all there is.
    const interval = this.lastInterval ?? {
      eventsPerSecond:
        (this.publishedTotal - this.publishedAtIntervalStart) /
        Math.max((this.now() - this.intervalStartedAt) / 1000, 1e-3),
      seconds: (this.now() - this.intervalStartedAt) / 1000,
    };
    return {
      publishedTotal: this.publishedTotal,
      batchesTotal: this.batchesTotal,
      eventsPerSecond: Math.round(interval.eventsPerSecond * 10) / 10,
      intervalSeconds: Math.round(interval.seconds * 10) / 10,
    };
  }
}
