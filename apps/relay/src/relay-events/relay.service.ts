import {
  type CheckpointStore,
  type EventStore,
  Pauses,
  type RecordedEvent,
  StoreFollower,
  type StoreFollowerState,
  backoffDelay,
} from '@app/event-store';
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
 * The store → Kafka loop. Follows the global feed from the durable checkpoint (`StoreFollower` reopens
 * it from there after a failure), publishes each batch, and only after Kafka acknowledged the whole batch
 * saves the batch's last position as the checkpoint (while the next batch is published). A failed publish (or save) is retried with backoff, on the same batch,
 * for as long as it takes: the checkpoint never passes an event that was not acknowledged. A crash
 * between publish and save re-sends those batches (at most two) after restart — at least once, never
 * skipped, and a re-sent event keeps its event id.
 */
export class RelayService {
  readonly metrics = new RelayMetrics();
  private readonly follower: StoreFollower;
  private readonly pauses = new Pauses();
  /** True while a publish or a checkpoint save is being retried. */
  private retrying = false;
  private lastError?: string;
  private inFlight: Promise<void> = Promise.resolve();
  /** The checkpoint save of the last published batch, which the next batch's publish overlaps. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    store: EventStore,
    checkpoints: CheckpointStore,
    private readonly publisher: EventPublisher,
    private readonly options: RelayOptions,
    private readonly logger: RelayLog,
  ) {
    this.follower = new StoreFollower(store, checkpoints, { ...options, jitter: true }, logger);
  }

  /** Starts following in the background; resolves once the checkpoint is loaded and the feed is open. */
  async start(): Promise<void> {
    if (this.follower.isRunning()) return;
    // A batch abandoned by an earlier run is read again from the checkpoint, not awaited.
    this.inFlight = Promise.resolve();
    this.saving = Promise.resolve();
    this.retrying = false;
    this.lastError = undefined;
    await this.follower.start({
      activity: 'Relaying',
      handle: (batch) => this.handOver(batch),
      settle: () => this.settle(),
    });
  }

  /**
   * Lets the batch in flight finish (published and checkpointed), then stops reading; `start` may follow
   * again later (a standby that becomes the active relay once more).
   */
  async stop(): Promise<void> {
    const stopped = this.follower.stop();
    this.pauses.wakeAll();
    await stopped;
  }

  status(): RelayStatus {
    const follower = this.follower.status();
    const lastError = this.lastError ?? follower.lastError;
    return {
      state: this.stateOf(follower.state),
      checkpointName: this.options.checkpointName,
      checkpoint: follower.checkpoint,
      ...(lastError !== undefined ? { lastError } : {}),
    };
  }

  private stateOf(state: StoreFollowerState): RelayState {
    if (state === 'restarting') return 'retrying';
    return state === 'following' && this.retrying ? 'retrying' : state;
  }

  /**
   * One batch in flight, read-ahead of one: the feed reads the next page while this one is published,
   * but a batch is only started once the one before it is acknowledged, so batches go out in feed order.
   */
  private async handOver(batch: RecordedEvent[]): Promise<void> {
    await this.inFlight;
    this.inFlight = this.relay(batch);
    // Seen by the next hand-over, by the follower's settle, or by stop(); never an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  /** The batch in flight and its checkpoint save, finished or abandoned. */
  private async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    await this.saving.catch(() => undefined);
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
    this.saving = this.untilDone(`Saving checkpoint ${last}`, () => this.follower.save(last)).then(() =>
      this.metrics.recordBatch(batch.length),
    );
    this.saving.catch(() => undefined);
  }

  private async untilDone(what: string, attempt: () => Promise<void>): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await attempt();
        if (failures > 0) this.logger.log(`${what} succeeded after ${failures} failed attempts`);
        this.retrying = false;
        this.lastError = undefined;
        return;
      } catch (error) {
        // Abandoned, not skipped: the checkpoint stays before this batch, so the next run sends it.
        if (this.follower.stopping()) throw new RelayStopping(`${what} abandoned: the relay is stopping`);
        const delay = backoffDelay(failures, {
          initialMs: this.options.retryInitialMs,
          maxMs: this.options.retryMaxMs,
          jitter: true,
        });
        this.retrying = true;
        this.failed(`${what} failed (attempt ${failures + 1}); retrying in ${delay} ms`, error);
        await this.pauses.sleep(delay);
        if (this.follower.stopping()) throw new RelayStopping(`${what} abandoned: the relay is stopping`);
      }
    }
  }

  /** Throws (abandoning the batch) and stops following when the fence says this relay may not publish. */
  private async fenced(what: string): Promise<void> {
    if (!this.options.fence) return;
    try {
      await this.options.fence();
    } catch (error) {
      // Halted, not stopped: this runs inside the feed's loop, which a stop waits for.
      this.follower.halt();
      this.failed(`${what} refused; the relay stops`, error);
      throw new RelayStopping(`${what} abandoned: this relay may no longer publish`);
    }
  }

  private failed(message: string, error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${message}: ${this.lastError}`);
  }
}
