import { Partitioners, type Kafka, type Message, type Producer, type RetryOptions } from 'kafkajs';
import type { RecordedEvent } from '@app/event-store';
import type { EventPublisher } from '../event-publisher.port';
import { KAFKA_RETRY } from './kafka-client';
import { toEventMessage } from './event-message';

export interface KafkaEventPublisherOptions {
  topic: string;
  /**
   * Upper bound of one produce request's payload. The broker refuses a record batch over
   * `message.max.bytes` (1 MiB by default), so a batch of large events goes out in several sends, one
   * after the other; a batch of ordinary events is one send.
   */
  maxSendBytes?: number;
  /** The producer's own retries of one send before `publish` rejects; `KAFKA_RETRY` by default. */
  retry?: RetryOptions;
}

const DEFAULT_MAX_SEND_BYTES = 900_000;
/** Record and header framing, roughly, on top of key, value and header bytes. */
const RECORD_OVERHEAD_BYTES = 80;

/**
 * Publishes to the events topic with an idempotent producer (`acks: -1`, one request in flight): the
 * broker drops the producer's own retries, so a batch is written once per successful `publish`. After a
 * failed send the producer is replaced: its sequence numbers may no longer match the broker's, and a new
 * producer id starts clean. The caller's retry may then re-send part of the batch, with the same event
 * ids.
 */
export class KafkaEventPublisher implements EventPublisher {
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private connected = false;
  private lastFailure?: string;
  private closed = false;
  private readonly maxSendBytes: number;

  private constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaEventPublisherOptions,
  ) {
    this.maxSendBytes = options.maxSendBytes ?? DEFAULT_MAX_SEND_BYTES;
  }

  /** Connects the producer before resolving, so a wrong broker address fails at start-up. */
  static async connect(kafka: Kafka, options: KafkaEventPublisherOptions): Promise<KafkaEventPublisher> {
    const publisher = new KafkaEventPublisher(kafka, options);
    await publisher.ready();
    return publisher;
  }

  get topic(): string {
    return this.options.topic;
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    if (this.closed) throw new Error('Event publisher is closed');
    if (events.length === 0) return;
    try {
      const producer = await this.ready();
      for (const messages of bySize(events.map(toEventMessage), this.maxSendBytes)) {
        await producer.send({ topic: this.options.topic, acks: -1, messages });
      }
      this.lastFailure = undefined;
    } catch (error) {
      this.lastFailure = error instanceof Error ? error.message : String(error);
      await this.replaceProducer();
      throw error;
    }
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('Event publisher is closed');
    if (this.lastFailure !== undefined) throw new Error(`Last publish failed: ${this.lastFailure}`);
    if (!this.connected) throw new Error('Kafka producer is not connected');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.replaceProducer();
  }

  private ready(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= this.newProducer().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async newProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Explicit, which also keeps kafkajs from warning that its default changed in v2.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: this.options.retry ?? KAFKA_RETRY,
    });
    producer.on(producer.events.CONNECT, () => (this.connected = true));
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  private async replaceProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    await producer?.disconnect().catch(() => undefined);
  }
}

function* bySize(messages: Message[], maxBytes: number): Generator<Message[]> {
  let chunk: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = messageSize(message);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

function messageSize(message: Message): number {
  const headers = Object.entries(message.headers ?? {}).reduce(
    (sum, [name, value]) => sum + name.length + String(value).length,
    0,
  );
  return (
    RECORD_OVERHEAD_BYTES +
    Buffer.byteLength(String(message.key ?? '')) +
    Buffer.byteLength(String(message.value ?? '')) +
    headers
  );
}
