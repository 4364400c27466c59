import type { RejectedEventRow } from '@app/analytics';
import type { RecordedEvent } from '@app/event-store';

/**
 * The projector's source of events, with two adapters: Kafka (`complaints.events.v1` in a consumer
 * group) and the event store's own feed (embedded mode). Either way the projector gets batches in feed
 * order per stream, and a batch counts as done only once it has acknowledged it: the adapter then
 * commits the offsets or saves the checkpoint. Until then, a restart delivers the batch again.
 */
export interface FeedBatch {
  /** Decoded events, in the feed's order (per partition, on Kafka). */
  readonly events: readonly RecordedEvent[];
  /** Messages that could not be decoded into an event, as `rejected_events` rows. */
  readonly undecodable: readonly RejectedEventRow[];
  /** Where the batch lies in the feed, for logs. */
  readonly label: string;
  /** True once the batch can no longer be acknowledged by this process (stopping, partition revoked). */
  abandoned(): boolean;
  /** Called while the batch waits between retries: Kafka heartbeats, so the group keeps the partition. */
  keepAlive(): Promise<void>;
  /** Makes the batch's progress durable. Throws `FeedBatchLost` when that is no longer possible. */
  acknowledge(): Promise<void>;
}

/** What the feed delivers to: the projector. */
export interface FeedConsumer {
  /**
   * Projects and writes the batch, then acknowledges it. Resolves without acknowledging when the batch
   * was abandoned: it will be delivered again, here or to another consumer.
   */
  handle(batch: FeedBatch): Promise<void>;
  /** Another consumer may have written the streams this one cached (a Kafka rebalance): forget them. */
  invalidate(reason: string): void;
}

export type FeedState = 'idle' | 'running' | 'restarting' | 'stopping' | 'stopped';

export interface FeedStatus {
  kind: 'kafka' | 'store';
  state: FeedState;
  /** What the feed reads: the topic, or the event store with the checkpoint's name. */
  source: string;
  /** How far it has acknowledged: the checkpoint, or the committed offset of each partition. */
  position: string;
  lastError?: string;
}

export interface FeedLag {
  /** Events not yet acknowledged (Kafka: messages; store: head − checkpoint in the store's positions). */
  total: number;
  /** Per partition on Kafka (`0:12 1:0 2:3`); `head 120, checkpoint 108` on the store. */
  detail: string;
}

export interface ProjectionFeed {
  readonly kind: 'kafka' | 'store';
  /** Opens the feed and starts delivering batches, one at a time, in the background. */
  start(consumer: FeedConsumer): Promise<void>;
  /** Lets the batch in flight finish (written and acknowledged, unless it is failing), then stops. */
  stop(): Promise<void>;
  status(): FeedStatus;
  lag(): Promise<FeedLag>;
  /** For /health: throws while the feed cannot deliver. */
  ping(): Promise<void>;
}

/** The feed can no longer acknowledge this batch (its partition went to another consumer, say). */
export class FeedBatchLost extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedBatchLost';
  }
}
