import type { CheckpointStore } from '../checkpoint-store.port';
import type { EventStore, RecordedEvent, Subscription } from '../event-store.port';
import { Pauses, backoffDelay } from './backoff';

export interface StoreFollowerOptions {
  /** The checkpoint's name: followers with different names each follow the whole feed. */
  checkpointName: string;
  batchSize: number;
  pollIntervalMs: number;
  /** First pause after the feed failed; it doubles per failure up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs: number;
  /** Spread the pauses before a restart (see `BackoffOptions.jitter`). */
  jitter?: boolean;
}

export interface StoreFollowerLog {
  log(message: string): void;
  warn(message: string): void;
}

export type StoreFollowerState = 'idle' | 'following' | 'restarting' | 'stopping' | 'stopped';

export interface StoreFollowerStatus {
  state: StoreFollowerState;
  /** The last position saved through `save` (or loaded at the last start or restart). */
  checkpoint: bigint;
  /** Why the feed is being restarted, while it is. */
  lastError?: string;
}

/** What a follower hands the feed to. */
export interface StoreFeedConsumer {
  /** What it does with the feed, for the logs: `Relaying`, `Projecting`. */
  readonly activity: string;
  /** Each batch in feed order; the feed reads ahead one page at most while this has not resolved. */
  handle(batch: RecordedEvent[]): Promise<void>;
  /**
   * Resolves (never rejects) once work the handler left running is finished or abandoned: awaited each
   * time the feed ends, before it is opened again from the checkpoint.
   */
  settle?(): Promise<void>;
}

/**
 * Follows the event store's global feed from a durable checkpoint. When reading the feed fails (the
 * store went away), it is opened again from the checkpoint saved by then, after a back-off, for as long as
 * it takes. The consumer saves the checkpoint (`save`) once a batch is done with, so a restart delivers
 * again what was not: at least once, in feed order. `stop` lets the handler's work finish first.
 */
export class StoreFollower {
  private state: StoreFollowerState = 'idle';
  private checkpoint = 0n;
  private lastError?: string;
  private running?: Promise<void>;
  private subscription?: Subscription;
  private readonly pauses = new Pauses();

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: StoreFollowerOptions,
    private readonly logger: StoreFollowerLog,
  ) {}

  get checkpointName(): string {
    return this.options.checkpointName;
  }

  /** Starts following in the background; resolves once the checkpoint is loaded. */
  async start(consumer: StoreFeedConsumer): Promise<void> {
    if (this.running) return;
    this.checkpoint = await this.checkpoints.load(this.options.checkpointName);
    this.lastError = undefined;
    this.state = 'following';
    this.logger.log(
      `${consumer.activity} the event store's feed from checkpoint ${this.options.checkpointName}=${this.checkpoint}`,
    );
    this.running = this.supervise(consumer);
  }

  /** Stops reading and lets the consumer's work settle; `start` may follow again later. */
  async stop(): Promise<void> {
    if (!this.running || this.state === 'stopped') {
      this.state = 'stopped';
      this.running = undefined;
      return;
    }
    this.state = 'stopping';
    this.pauses.wakeAll();
    await this.subscription?.stop();
    await this.running;
    this.running = undefined;
    this.state = 'stopped';
  }

  /** Stops following from inside the handler, which `stop` would wait for: nothing more is handed over. */
  halt(): void {
    this.state = 'stopping';
    this.pauses.wakeAll();
    void this.subscription?.stop();
  }

  /** True from `start` until `stop` has finished. */
  isRunning(): boolean {
    return this.running !== undefined;
  }

  stopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  /** Saves `position` as the checkpoint: a restart reads the feed after it. */
  async save(position: bigint): Promise<void> {
    await this.checkpoints.save(this.options.checkpointName, position);
    this.checkpoint = position;
  }

  status(): StoreFollowerStatus {
    return {
      state: this.state,
      checkpoint: this.checkpoint,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Follows from the saved checkpoint, and again from there whenever the feed ends or fails. */
  private async supervise(consumer: StoreFeedConsumer): Promise<void> {
    for (let failures = 0; !this.stopping();) {
      let failure: { error: unknown } | undefined;
      try {
        const after = await this.checkpoints.load(this.options.checkpointName);
        this.checkpoint = after;
        this.subscription = this.store.follow((batch) => consumer.handle(batch), {
          after,
          batchSize: this.options.batchSize,
          pollIntervalMs: this.options.pollIntervalMs,
        });
        if (this.stopping()) await this.subscription.stop();
        else {
          this.state = 'following';
          this.lastError = undefined;
        }
        await this.subscription.done;
        failures = 0;
      } catch (error) {
        failure = { error };
      }
      // The consumer's work in flight finishes (or is abandoned) before the feed is read again.
      await consumer.settle?.();
      if (this.stopping() || !failure) continue;
      const delay = backoffDelay(failures++, {
        initialMs: this.options.retryInitialMs,
        maxMs: this.options.retryMaxMs,
        jitter: this.options.jitter,
      });
      this.state = 'restarting';
      this.lastError = failure.error instanceof Error ? failure.error.message : String(failure.error);
      this.logger.warn(
        `Reading the event store's feed failed; restarting from the checkpoint in ${delay} ms: ${this.lastError}`,
      );
      await this.pauses.sleep(delay);
    }
  }
}
