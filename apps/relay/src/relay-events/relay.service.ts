import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { RelayMetrics } from './relay-metrics';
import { isAuditStream } from '@app/complaints';

export interface RelayLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RelayOptions {
  checkpointName: string;
  batchSize: number;
  pollIntervalMs: number;
  /** First pause after a failure; it doubles per failed attempt up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs: number;
  /**
   * Asked before each batch is published; throws while this relay may not publish (another replica is
   * the active one now). The batch is then abandoned unpublished and the relay stops following, so a
   * relay that lost its lease publishes nothing more than the batch it had already sent.
   */
  fence?: () => Promise<void>;
}

export type RelayState = 'idle' | 'following' | 'retrying' | 'stopping' | 'stopped';

export interface RelayStatus {
  state: RelayState;
  checkpointName: string;
  /** The last durably saved position: everything up to it has been acknowledged by Kafka. */
  checkpoint: bigint;
  /** Why the relay is retrying, while it is. */
  lastError?: string;
}

/** Thrown out of the feed's handler to abandon a batch when the relay is told to stop mid-retry. */
class RelayStopping extends Error {}

/**
 * The store → Kafka loop. Follows the global feed from the durable checkpoint, publishes each batch, and
 * only after Kafka acknowledged the whole batch saves the batch's last position as the checkpoint (while
 * the next batch is published). A failed publish (or save) is retried with backoff, on the same batch,
 * for as long as it takes: the checkpoint never passes an event that was not acknowledged. A crash
 * between publish and save re-sends those batches (at most two) after restart — at least once, never
 * skipped, and a re-sent event keeps its event id.
 */
export class RelayService {
  readonly metrics = new RelayMetrics();
  private state: RelayState = 'idle';
  private checkpoint?: bigint;
  private lastError?: string;
  private running?: Promise<void>;
  private inFlight: Promise<void> = Promise.resolve();
  /** The checkpoint save of the last published batch, which the next batch's publish overlaps. */
  private saving: Promise<void> = Promise.resolve();
  private subscription?: Subscription;
  private wake?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly publisher: EventPublisher,
    private readonly options: RelayOptions,
    private readonly logger: RelayLog,
  ) {}

  /** Starts following in the background; resolves once the checkpoint is loaded and the feed is open. */
  async start(): Promise<void> {
    if (this.running) return;
    this.checkpoint = await this.checkpoints.load(this.options.checkpointName);
    // A batch abandoned by an earlier run is read again from the checkpoint, not awaited.
    this.inFlight = Promise.resolve();
    this.saving = Promise.resolve();
    this.lastError = undefined;
    this.state = 'following';
    this.logger.log(
      `Relaying the event store's feed from checkpoint ${this.options.checkpointName}=${this.checkpoint}`,
    );
    this.running = this.supervise();
  }

  /**
   * Lets the batch in flight finish (published and checkpointed), then stops reading; `start` may follow
   * again later (a standby that becomes the active relay once more).
   */
  async stop(): Promise<void> {
    if (!this.running || this.state === 'stopped') {
      this.state = 'stopped';
      this.running = undefined;
      return;
    }
    this.state = 'stopping';
    this.wake?.();
    await this.subscription?.stop();
    await this.inFlight.catch(() => undefined);
    await this.saving.catch(() => undefined);
    await this.running;
    this.running = undefined;
    this.state = 'stopped';
  }

  status(): RelayStatus {
    return {
      state: this.state,
      checkpointName: this.options.checkpointName,
      checkpoint: this.checkpoint ?? 0n,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Restarts the feed from the saved checkpoint whenever it ends or fails (the store went away, say). */
  private async supervise(): Promise<void> {
    for (let failures = 0; !this.stopping();) {
      let failure: { error: unknown } | undefined;
      try {
        const after = await this.checkpoints.load(this.options.checkpointName);
        this.checkpoint = after;
        this.subscription = this.store.follow((batch) => this.handOver(batch), {
          after,
          batchSize: this.options.batchSize,
          pollIntervalMs: this.options.pollIntervalMs,
        });
        if (this.stopping()) await this.subscription.stop();
        else this.state = 'following';
        await this.subscription.done;
        failures = 0;
      } catch (error) {
        failure = { error };
      }
      // The batch in flight finishes (or is abandoned) before the feed is read again from the checkpoint.
      await this.inFlight.catch(() => undefined);
      await this.saving.catch(() => undefined);
      if (this.stopping() || !failure) continue;
      const delay = this.backoff(failures++);
      this.state = 'retrying';
      this.failed(`Reading the feed failed; restarting from the checkpoint in ${delay} ms`, failure.error);
      await this.pause(delay);
    }
  }

  /**
   * One batch in flight, read-ahead of one: the feed reads the next page while this one is published,
   * but a batch is only started once the one before it is acknowledged, so batches go out in feed order.
   */
  private async handOver(batch: RecordedEvent[]): Promise<void> {
    await this.inFlight;
    this.inFlight = this.relay(batch);
    // Seen by the next hand-over, by stop(), or by the supervisor; never an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  /**
   * Publishes the batch while the previous batch's checkpoint is being saved (at most one save behind),
   * then starts saving this batch's last position. Checkpoints are saved in order and each only once
   * its batch is acknowledged by Kafka, so the checkpoint never passes an event that was not; a crash
   * re-sends at most the last two batches (the one published and the one whose save had not finished).
   */
  private async relay(batch: RecordedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    const last = batch[batch.length - 1].globalPosition;
    // The audit of personal-data reads stays in the store (served by the command service): not published.
    const published = batch.filter((event) => !isAuditStream(event.streamId));
    const previousSave = this.saving;
    await this.untilDone(`Publishing ${published.length} events up to position ${last}`, async () => {
      // Asked again before every attempt: a retried batch is not sent once another relay is active.
      await this.fenced(`Publishing up to position ${last}`);
      if (published.length > 0) await this.publisher.publish(published);
    });
    // Throws when the previous save was abandoned (the relay is stopping): this one is not saved either.
    await previousSave;
    this.saving = this.untilDone(`Saving checkpoint ${last}`, () =>
      this.checkpoints.save(this.options.checkpointName, last),
    ).then(() => {
      this.checkpoint = last;
      this.metrics.recordBatch(batch.length);
    });
    this.saving.catch(() => undefined);
  }

  private async untilDone(what: string, attempt: () => Promise<void>): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await attempt();
        if (failures > 0) this.logger.log(`${what} succeeded after ${failures} failed attempts`);
        if (this.state === 'retrying') this.state = 'following';
        this.lastError = undefined;
        return;
      } catch (error) {
        // Abandoned, not skipped: the checkpoint stays before this batch, so the next run sends it.
        if (this.stopping()) throw new RelayStopping(`${what} abandoned: the relay is stopping`);
        const delay = this.backoff(failures);
        this.state = 'retrying';
        this.failed(`${what} failed (attempt ${failures + 1}); retrying in ${delay} ms`, error);
        await this.pause(delay);
        if (this.stopping()) throw new RelayStopping(`${what} abandoned: the relay is stopping`);
      }
    }
  }

  /** Throws (abandoning the batch) and stops following when the fence says this relay may not publish. */
  private async fenced(what: string): Promise<void> {
    if (!this.options.fence) return;
    try {
      await this.options.fence();
    } catch (error) {
      this.state = 'stopping';
      this.wake?.();
      this.failed(`${what} refused; the relay stops`, error);
      // Not awaited: this runs inside the feed's loop, which the stop waits for.
      void this.subscription?.stop();
      throw new RelayStopping(`${what} abandoned: this relay may no longer publish`);
    }
  }

  private failed(message: string, error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${message}: ${this.lastError}`);
  }

  private backoff(failures: number): number {
    const initial = this.options.retryInitialMs ?? 200;
    const ceiling = Math.min(this.options.retryMaxMs, initial * 2 ** Math.min(failures, 20));
    // Jitter, so that relays restarted together do not hit a recovering broker in step.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private stopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }
}
