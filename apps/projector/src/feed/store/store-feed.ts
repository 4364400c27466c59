import {
  type CheckpointStore,
  type EventStore,
  type RecordedEvent,
  StoreFollower,
  type StoreFollowerLog,
  type StoreFollowerOptions,
} from '@app/event-store';
import {
  type FeedConsumer,
  type FeedLag,
  type FeedState,
  type FeedStatus,
  type ProjectionFeed,
} from '../projection-feed.port';

export type StoreFeedOptions = StoreFollowerOptions;
export type StoreFeedLog = StoreFollowerLog;

/**
 * The event store's global feed, followed from a checkpoint kept beside the projected rows (ClickHouse
 * `projection_checkpoints`): the embedded mode, where the projector runs in the process that appends.
 * A batch's acknowledgement saves its last position. When reading the feed fails (the store went away),
 * the follower opens it again from the saved checkpoint after a pause.
 */
export class StoreFeed implements ProjectionFeed {
  readonly kind = 'store' as const;
  private readonly follower: StoreFollower;

  constructor(
    private readonly store: EventStore,
    checkpoints: CheckpointStore,
    options: StoreFeedOptions,
    logger: StoreFeedLog,
  ) {
    this.follower = new StoreFollower(store, checkpoints, options, logger);
  }

  async start(consumer: FeedConsumer): Promise<void> {
    await this.follower.start({ activity: 'Projecting', handle: (events) => this.deliver(consumer, events) });
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  status(): FeedStatus {
    const { checkpoint, lastError } = this.follower.status();
    return {
      kind: this.kind,
      state: this.stateOf(),
      source: `event store, checkpoint ${this.follower.checkpointName}`,
      position: checkpoint.toString(),
      ...(lastError !== undefined ? { lastError } : {}),
    };
  }

  async lag(): Promise<FeedLag> {
    const { checkpoint } = this.follower.status();
    const head = await this.store.headPosition();
    const lag = head > checkpoint ? head - checkpoint : 0n;
    return { total: Number(lag), detail: `head ${head}, checkpoint ${checkpoint}` };
  }

  async ping(): Promise<void> {
    const { lastError } = this.follower.status();
    const state = this.stateOf();
    if (state === 'restarting') throw new Error(`The store feed is restarting: ${lastError}`);
    if (state !== 'running') throw new Error(`The store feed is ${state}`);
    await this.store.ping();
  }

  private stateOf(): FeedState {
    const { state } = this.follower.status();
    return state === 'following' ? 'running' : state;
  }

  private async deliver(consumer: FeedConsumer, events: RecordedEvent[]): Promise<void> {
    if (events.length === 0 || this.follower.stopping()) return;
    const first = events[0].globalPosition;
    const last = events[events.length - 1].globalPosition;
    await consumer.handle({
      events,
      undecodable: [],
      label: `positions ${first}–${last}`,
      abandoned: () => this.follower.stopping(),
      keepAlive: async () => undefined,
      acknowledge: () => this.follower.save(last),
    });
  }
}
