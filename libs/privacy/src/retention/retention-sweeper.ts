import { type KeyStore } from '../keys/key-store.port';

/** Time from outside, as everywhere at the edge: an ISO-8601 UTC instant. */
export interface Clock {
  now(): string;
}

export type RetentionSweeperOptions = {
  /** Personal data of a complaint is erased this many days after its closing. */
  retentionDays: number;
  /** Keys erased per statement. */
  batchSize: number;
  log?: (message: string) => void;
};

export type SweepReport = {
  /** Complaints closed before this instant had their personal data erased. */
  cutoff: string;
  erased: number;
  streamIds: string[];
  milliseconds: number;
};

const DAY_MS = 86_400_000;

/**
 * Retention: erases the data keys of complaints closed longer than the retention period ago, in
 * batches, then compacts the key table once. The events stay, so every figure in the analytics stays;
 * their personal fields can no longer be decrypted anywhere.
 */
export class RetentionSweeper {
  private running: Promise<SweepReport> | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly clock: Clock,
    private readonly options: RetentionSweeperOptions,
  ) {}

  /** One sweep; a sweep asked for while one runs gets that one's report. */
  sweep(): Promise<SweepReport> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<SweepReport> {
    const started = Date.now();
    const cutoff = new Date(Date.parse(this.clock.now()) - this.options.retentionDays * DAY_MS).toISOString();
    const log = this.options.log ?? (() => undefined);
    const streamIds: string[] = [];
    for (;;) {
      const due = await this.keys.closedBefore(cutoff, this.options.batchSize);
      if (due.length === 0) break;
      const erased = await this.keys.erase(due, 'retention');
      streamIds.push(...erased.map((record) => record.streamId));
      // What was erased, by complaint stream (ids only: nothing personal), for whoever wonders later.
      if (erased.length > 0)
        log(
          `retention: erased the personal data of ${erased.length} complaints closed before ${cutoff}: ` +
            erased.map((record) => record.streamId).join(', '),
        );
      log(`retention: ${streamIds.length} complaints' personal data erased so far (closed before ${cutoff})`);
      // Nothing erased although some were due: another sweeper took them; the next query shows the rest.
      if (erased.length === 0 && due.length < this.options.batchSize) break;
    }
    if (streamIds.length > 0) await this.keys.compact();
    const milliseconds = Date.now() - started;
    log(
      `retention: sweep done, ${streamIds.length} complaints closed before ${cutoff} erased ` +
        `(${this.options.retentionDays} days' retention) in ${milliseconds} ms`,
    );
    return { cutoff, erased: streamIds.length, streamIds, milliseconds };
  }
}
