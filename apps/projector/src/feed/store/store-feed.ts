import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@app/event-store';
import {
  type FeedConsumer,
  type FeedLag,
  type FeedState,
  type FeedStatus,
  type ProjectionFeed,
} from '../projection-feed.port';

export interface StoreFeedOptions {
  /** The checkpoint's name: two projectors with different names each project everything. */
  checkpointName: string;
  batchSize: number;
  pollIntervalMs: number;
  /** First pause after the feed failed; it doubles per failure up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs: number;
}

export interface StoreFeedLog {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * The event store's global feed, followed from a checkpoint kept beside the projected rows (ClickHouse
 * `projection_checkpoints`): the embedded mode, where the projector runs in the process that appends.
 * A batch's acknowledgement saves its last position. When reading the feed fails (the store went away),
 * it is opened again from the saved checkpoint after a pause.
 */
export class StoreFeed implements ProjectionFeed {
  readonly kind = 'store' as const;
  private state: FeedState = 'idle';
  private checkpoint = 0n;
  private lastError?: string;
  private running?: Promise<void>;
  private subscription?: Subscription;
  private wake?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: StoreFeedOptions,
    private readonly logger: StoreFeedLog,
  ) {}

  async start(consumer: FeedConsumer): Promise<void> {
    if (this.running) return;
    this.checkpoint = await this.checkpoints.load(this.options.checkpointName);
    this.state = 'running';
    this.logger.log(
      `Projecting the event store's feed from checkpoint ${this.options.checkpointName}=${this.checkpoint}`,
    );
    this.running = this.supervise(consumer);
  }

  async stop(): Promise<void> {
    if (!this.running || this.state === 'stopped') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.wake?.();
    await this.subscription?.stop();
    await this.running;
    this.state = 'stopped';
  }

  status(): FeedStatus {
    return {
      kind: this.kind,
      state: this.state,
      source: `event store, checkpoint ${this.options.checkpointName}`,
      position: this.checkpoint.toString(),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  async lag(): Promise<FeedLag> {
    const head = await this.store.headPosition();
    const lag = head > this.checkpoint ? head - this.checkpoint : 0n;
    return { total: Number(lag), detail: `head ${head}, checkpoint ${this.checkpoint}` };
  }

  async ping(): Promise<void> {
    if (this.state === 'restarting') throw new Error(`The store feed is restarting: ${this.lastError}`);
    if (this.state !== 'running') throw new Error(`The store feed is ${this.state}`);
    await this.store.ping();
  }

  /** Follows from the saved checkpoint, and again from there whenever the feed ends or fails. */
  private async supervise(consumer: FeedConsumer): Promise<void> {
    for (let failures = 0; !this.stopping();) {
      try {
        const after = await this.checkpoints.load(this.options.checkpointName);
        this.checkpoint = after;
        this.subscription = this.store.follow((events) => this.deliver(consumer, events), {
          after,
          batchSize: this.options.batchSize,
          pollIntervalMs: this.options.pollIntervalMs,
        });
        if (this.stopping()) await this.subscription.stop();
        else this.state = 'running';
        this.lastError = undefined;
        await this.subscription.done;
        failures = 0;
      } catch (error) {
        if (this.stopping()) break;
        const delay = this.backoff(failures++);
        this.state = 'restarting';
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn(
          `Reading the event store's feed failed; restarting from the checkpoint in ${delay} ms: ${this.lastError}`,
        );
        await this.pause(delay);
      }
    }
  }

  private async deliver(consumer: FeedConsumer, events: RecordedEvent[]): Promise<void> {
    if (events.length === 0 || this.stopping()) return;
    const first = events[0].globalPosition;
    const last = events[events.length - 1].globalPosition;
    await consumer.handle({
      events,
      undecodable: [],
      label: `positions ${first}–${last}`,
      abandoned: () => this.stopping(),
      keepAlive: async () => undefined,
      acknowledge: async () => {
        await this.checkpoints.save(this.options.checkpointName, last);
        this.checkpoint = last;
      },
    });
  }

  private backoff(failures: number): number {
    const initial = this.options.retryInitialMs ?? 200;
    return Math.min(this.options.retryMaxMs, initial * 2 ** Math.min(failures, 20));
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
