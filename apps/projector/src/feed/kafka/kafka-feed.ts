import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { KAFKA_RETRY, type TopicSpec, ensureTopics } from '@app/messaging';
import {
  type FeedConsumer,
  type FeedLag,
  FeedBatchLost,
  type FeedState,
  type FeedStatus,
  type ProjectionFeed,
} from '../projection-feed.port';
import { decodeEventMessage } from './decode-event-message';

export interface KafkaFeedOptions {
  /** The events topic; created with these settings when it does not exist yet. */
  topic: TopicSpec;
  groupId: string;
  /** Most messages of one partition's fetch per batch. */
  batchSize: number;
  /** kafkajs's default (30 s) when absent; heartbeats go at a tenth of it. */
  sessionTimeoutMs?: number;
}

export interface KafkaFeedLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The group moved on without this member: a commit or heartbeat can no longer succeed for the batch. */
const GROUP_CHANGED = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);
const groupChanged = (error: unknown): boolean =>
  GROUP_CHANGED.has(String((error as { type?: unknown } | undefined)?.type));

/**
 * `complaints.events.v1` in a consumer group. Each partition's fetch is cut into batches of at most
 * `batchSize` messages; a batch's offsets are committed (and resolved) only when the projector
 * acknowledges it, after its rows are inserted. Auto-commit is off: an unacknowledged batch is fetched
 * again from the last commit, by this member or by whichever member gets the partition. Whenever the
 * group is joined (again), the projector's cached states are dropped: another member may have written
 * those streams meanwhile.
 */
export class KafkaFeed implements ProjectionFeed {
  readonly kind = 'kafka' as const;
  private state: FeedState = 'idle';
  private consumer?: Consumer;
  private admin?: Admin;
  private lastError?: string;
  /** The next offset to read per partition, as last committed or seen committed. */
  private readonly committed = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaFeedOptions,
    private readonly logger: KafkaFeedLog,
  ) {}

  async start(target: FeedConsumer): Promise<void> {
    if (this.consumer || this.state !== 'idle') return;
    const { topic, groupId } = this.options;
    const created = await ensureTopics(this.kafka, [topic]);
    if (created.length > 0)
      this.logger.log(`Created topic ${topic.name} (${topic.partitions} partitions) before subscribing`);
    this.admin = this.kafka.admin();
    await this.admin.connect();

    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // An idle fetch returns after this long; a stop waits for it, so it is kept short.
      maxWaitTimeInMs: 500,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 10)),
      retry: {
        ...KAFKA_RETRY,
        // Whatever stopped the consumer (a broker gone for longer than the retries), it starts again.
        restartOnFailure: async (error) => {
          this.logger.error(`The Kafka consumer failed; restarting it: ${error.message}`);
          return true;
        },
      },
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.state = 'running';
      this.lastError = undefined;
      const partitions = payload.memberAssignment[topic.name] ?? [];
      target.invalidate(
        `joined group ${groupId} with partitions [${partitions.join(', ')}] of ${topic.name}`,
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastError = payload.error.message;
      if (!this.stopping()) this.state = payload.restart ? 'restarting' : 'stopped';
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic.name], fromBeginning: true });
    this.state = 'running';
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.consume(consumer, target, payload),
    });
    this.logger.log(
      `Consuming ${topic.name} as group ${groupId}, batches of up to ${this.options.batchSize}`,
    );
  }

  /** kafkajs lets the batch in flight finish before it leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.state = 'stopping';
    await consumer?.disconnect();
    await this.admin?.disconnect();
    this.admin = undefined;
    this.state = 'stopped';
  }

  status(): FeedStatus {
    return {
      kind: this.kind,
      state: this.state,
      source: `${this.options.topic.name}, group ${this.options.groupId}`,
      position: [...this.committed]
        .sort(([a], [b]) => a - b)
        .map(([partition, offset]) => `${partition}:${offset}`)
        .join(' '),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** The group's committed offsets against the end of each partition (a group's first commit is the start). */
  async lag(): Promise<FeedLag> {
    if (!this.admin) throw new Error('The Kafka feed is not started');
    const topic = this.options.topic.name;
    const [ends, [group]] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
    ]);
    const committed = new Map(group?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    let total = 0n;
    const parts: string[] = [];
    for (const { partition, high, low } of [...ends].sort((a, b) => a.partition - b.partition)) {
      const done = committed.get(partition) ?? -1n;
      const from = done >= 0n ? done : BigInt(low);
      const behind = BigInt(high) > from ? BigInt(high) - from : 0n;
      if (done >= 0n) this.committed.set(partition, done);
      total += behind;
      parts.push(`${partition}:${behind}`);
    }
    return { total: Number(total), detail: parts.join(' ') };
  }

  async ping(): Promise<void> {
    if (this.state !== 'running')
      throw new Error(`The Kafka consumer is ${this.state}${this.lastError ? `: ${this.lastError}` : ''}`);
  }

  private async consume(consumer: Consumer, target: FeedConsumer, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const abandoned = () => !isRunning() || isStale();
    for (let start = 0; start < batch.messages.length; start += this.options.batchSize) {
      if (abandoned()) return;
      const messages = batch.messages.slice(start, start + this.options.batchSize);
      const decoded = messages.map((message) => decodeEventMessage({ topic, partition, ...message }));
      const first = messages[0].offset;
      const last = messages[messages.length - 1].offset;
      const next = BigInt(last) + 1n;
      let acknowledged = false;
      await target.handle({
        events: decoded.flatMap((d) => (d.ok ? [d.event] : [])),
        undecodable: decoded.flatMap((d) => (d.ok ? [] : [d.row])),
        label: `${topic}/${partition} offsets ${first}–${last}`,
        abandoned,
        keepAlive: async () => {
          try {
            await heartbeat();
          } catch (error) {
            if (groupChanged(error))
              throw new FeedBatchLost('the consumer group is rebalancing', { cause: error });
          }
        },
        acknowledge: async () => {
          try {
            await consumer.commitOffsets([{ topic, partition, offset: next.toString() }]);
          } catch (error) {
            if (groupChanged(error))
              throw new FeedBatchLost('the partition was reassigned before the commit', { cause: error });
            throw error;
          }
          resolveOffset(last);
          this.committed.set(partition, next);
          acknowledged = true;
        },
      });
      // Not acknowledged: the rest of this fetch is read again from the last commit.
      if (!acknowledged) return;
      await heartbeat();
    }
  }

  private stopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }
}
