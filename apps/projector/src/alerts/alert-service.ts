import { type CheckpointStore, type EventStore, backoffDelay } from '@app/event-store';
import { type FeedBatch, type FeedConsumer } from '../feed/projection-feed.port';
import { StoreFeed } from '../feed/store/store-feed';
import { type AlertPipeline } from './alert-pipeline';

export interface AlertServiceLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type AlertServiceOptions = {
  batchSize: number;
  pollIntervalMs: number;
  retryMaxMs: number;
  tickMs: number;
  now?: () => Date;
};

/**
 * A position kept in memory only: each start of the alert service reads the whole log again. The
 * evaluator's memory (cause counts by day, open complaints and actions, customers seen) is a fold of the
 * log, and the raised alerts are in the log too, so a replay rebuilds the one and is kept from repeating
 * the other by the store (see `AlertPipeline`).
 */
class FromTheStart implements CheckpointStore {
  private position = 0n;
  async load(): Promise<bigint> {
    return this.position;
  }
  async save(_name: string, position: bigint): Promise<void> {
    if (position > this.position) this.position = position;
  }
}

/**
 * Follows the event store's global feed (every event once, in order, whatever the projector's own feed
 * is) through the alert pipeline. The clock-driven rules run every `tickMs`, but only once the replay has
 * reached the head the store had at start: before that, a complaint answered later in the log would look
 * overdue.
 */
export class AlertService implements FeedConsumer {
  private readonly feed: StoreFeed;
  private caughtUpAt?: bigint;
  private caughtUp = false;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private raisedTotal = 0;

  constructor(
    private readonly store: EventStore,
    private readonly pipeline: AlertPipeline,
    private readonly options: AlertServiceOptions,
    private readonly logger: AlertServiceLog,
  ) {
    this.feed = new StoreFeed(
      store,
      new FromTheStart(),
      {
        checkpointName: 'alerts',
        batchSize: options.batchSize,
        pollIntervalMs: options.pollIntervalMs,
        retryMaxMs: options.retryMaxMs,
      },
      logger,
    );
  }

  get raised(): number {
    return this.raisedTotal;
  }

  isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async start(): Promise<void> {
    this.caughtUpAt = await this.store.headPosition();
    if (this.caughtUpAt === 0n) this.caughtUp = true;
    await this.feed.start(this);
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.feed.stop();
    await this.ticking;
  }

  async handle(batch: FeedBatch): Promise<void> {
    // The evaluator sees each event once (it skips a seen id), so a failed batch is not handed over
    // again: what failed is recording its alerts, and that is what is retried until it succeeds.
    let attempt = () => this.pipeline.onEvents(batch.events);
    for (let failures = 0; !batch.abandoned(); failures++) {
      try {
        this.raisedTotal += (await attempt()).length;
        break;
      } catch (error) {
        attempt = () => this.pipeline.retryPending();
        const delay = backoffDelay(failures, { maxMs: this.options.retryMaxMs });
        this.logger.warn(
          `Alerts of ${batch.label} failed; retrying in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    if (batch.abandoned()) return;
    await batch.acknowledge();
    const last = batch.events[batch.events.length - 1]?.globalPosition;
    if (!this.caughtUp && last !== undefined && this.caughtUpAt !== undefined && last >= this.caughtUpAt) {
      this.caughtUp = true;
      this.logger.log(`Alerts caught up with the event store at position ${last}`);
    }
  }

  invalidate(): void {}

  private async tick(): Promise<void> {
    if (!this.caughtUp || this.ticking) return;
    this.ticking = (async () => {
      try {
        this.raisedTotal += (await this.pipeline.tick(this.options.now?.() ?? new Date())).length;
      } catch (error) {
        this.logger.warn(
          `Time-driven alerts failed; tried again next tick: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.ticking = undefined;
      }
    })();
    await this.ticking;
  }
}
