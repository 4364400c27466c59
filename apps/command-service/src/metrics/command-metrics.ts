/** What one instance of the command service has done since it started; each instance counts its own. */
export interface CommandCounts {
  /** Commands whose events were appended by this instance. */
  commandsAppended: number;
  eventsAppended: number;
  /** Requests answered from an earlier request's events (same Idempotency-Key or upstream pair). */
  idempotentReplays: number;
  /** Appends that met a concurrent write (here or on another instance) and were decided again. */
  conflictRetries: number;
  /** Conflicts answered 409: a pinned version was stale, or the retries ran out. */
  staleVersionAnswers: number;
}

export interface CommandMetricsBody extends CommandCounts {
  startedAt: string;
  uptimeSeconds: number;
}

export class CommandMetrics {
  private readonly startedAt = new Date();
  private readonly counts: CommandCounts = {
    commandsAppended: 0,
    eventsAppended: 0,
    idempotentReplays: 0,
    conflictRetries: 0,
    staleVersionAnswers: 0,
  };

  appended(events: number): void {
    this.counts.commandsAppended += 1;
    this.counts.eventsAppended += events;
  }

  replayed(): void {
    this.counts.idempotentReplays += 1;
  }

  conflictRetried(): void {
    this.counts.conflictRetries += 1;
  }

  answeredStale(): void {
    this.counts.staleVersionAnswers += 1;
  }

  snapshot(now: Date = new Date()): CommandMetricsBody {
    return {
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - this.startedAt.getTime()) / 100) / 10,
      ...this.counts,
    };
  }
}
