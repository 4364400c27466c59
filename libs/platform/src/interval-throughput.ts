export interface Throughput {
  eventsPerSecond: number;
  seconds: number;
}

/** Events per second over fixed intervals, for a service's periodic log line and its /metrics. */
export class IntervalThroughput {
  private total = 0;
  private startedAt: number;
  private totalAtStart = 0;
  private last?: Throughput;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  record(events: number): void {
    this.total += events;
  }

  /** Closes the current interval; its throughput is what `current` reports until the next close. */
  closeInterval(): Throughput & { events: number } {
    const now = this.now();
    const seconds = Math.max((now - this.startedAt) / 1000, 1e-3);
    const events = this.total - this.totalAtStart;
    this.last = { eventsPerSecond: events / seconds, seconds };
    this.startedAt = now;
    this.totalAtStart = this.total;
    return { ...this.last, events };
  }

  /** The last closed interval's throughput, rounded to a tenth. */
  current(): { eventsPerSecond: number; intervalSeconds: number } {
    // Before the first interval has closed, the one still running is all there is.
    const elapsed = Math.max((this.now() - this.startedAt) / 1000, 1e-3);
    const interval = this.last ?? {
      eventsPerSecond: (this.total - this.totalAtStart) / elapsed,
      seconds: elapsed,
    };
    return {
      eventsPerSecond: Math.round(interval.eventsPerSecond * 10) / 10,
      intervalSeconds: Math.round(interval.seconds * 10) / 10,
    };
  }
}
