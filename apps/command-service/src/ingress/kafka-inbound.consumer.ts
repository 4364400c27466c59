import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type Message,
  type Producer,
} from 'kafkajs';
import { createKafka, ensureTopics } from '@app/messaging';
import { type InboundProblem } from '@app/messaging/inbound/inbound-message';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';
import { InboundBatchIngress } from './inbound-batch-ingress.service';

/** What a dead letter carries: the reasons, and the original bytes untouched. */
export type DeadLetter = {
  reason: string;
  problems: InboundProblem[];
  original: string | null;
  source: { topic: string; partition: number; offset: string };
  failedAt: string;
};

/**
 * Messages of a fetched batch handled together: parsed, deduplicated on their complaints' stored events
 * in one read, and appended in one call; their offsets are committed once that is done.
 */
const CHUNK = 500;

/**
 * What a dead letter and the log say about a problem: its field, rule and code, without the values a
 * business rule's message quotes ('…', as the domain writes them), which came from the message. The
 * message itself travels only as the letter's original bytes.
 */
const withoutQuotedValues = (problem: InboundProblem): InboundProblem => ({
  ...problem,
  reason: problem.reason.replace(/'[^']*'/g, "'…'"),
});

/**
 * Consumes `complaints.inbound.v1` in a consumer group, a fetched batch at a time: up to `CHUNK` messages
 * go through the shared ingress decisions together (`InboundBatchIngress.handleEach`: each message on
 * its own, one read of their complaints, one append for all of them), the rejected ones are written to
 * the dead-letter topic in one send (acknowledged by every replica), and only then is the chunk's last
 * offset committed. A crash re-delivers the uncommitted chunk, and deduplication on the stored events
 * makes the re-delivery append nothing.
 */
@Injectable()
export class KafkaInboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaInboundConsumer.name);
  private consumer?: Consumer;
  private producer?: Producer;

  constructor(
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
    private readonly ingress: InboundBatchIngress,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.KAFKA_BROKERS) return;
    const kafka = createKafka({
      clientId: 'command-service',
      brokers: this.config.KAFKA_BROKERS,
      log: this.logger,
    });
    await ensureTopics(kafka, [
      {
        name: this.config.INBOUND_TOPIC,
        partitions: this.config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
      },
      {
        name: this.config.INBOUND_DLQ_TOPIC,
        partitions: 1,
        replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
      },
    ]);
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.consumer = kafka.consumer({ groupId: this.config.INBOUND_GROUP_ID });
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.config.INBOUND_TOPIC, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.logger.log(`Consuming ${this.config.INBOUND_TOPIC} as group ${this.config.INBOUND_GROUP_ID}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    for (let from = 0; from < batch.messages.length; from += CHUNK) {
      if (!isRunning() || isStale()) break;
      const messages = batch.messages.slice(from, from + CHUNK);
      const results = await this.ingress.handleEach(
        messages.map((message) => message.value),
        {},
        { raw: true },
      );
      const letters = messages.flatMap((message, i) => {
        const result = results[i]!;
        return result.status === 'rejected'
          ? [this.deadLetter(batch.topic, batch.partition, message, result.problems)]
          : [];
      });
      if (letters.length > 0)
        await this.producer!.send({ topic: this.config.INBOUND_DLQ_TOPIC, acks: -1, messages: letters });
      const last = messages[messages.length - 1]!.offset;
      resolveOffset(last);
      await this.consumer!.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      await heartbeat();
    }
  }

  /** The dead letter of a rejected message, logged without its text. */
  private deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    rejected: InboundProblem[],
  ): Message {
    const problems = rejected.map(withoutQuotedValues);
    const letter: DeadLetter = {
      reason: problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; '),
      problems,
      original: message.value === null ? null : message.value.toString('utf8'),
      source: { topic, partition, offset: message.offset },
      failedAt: new Date().toISOString(),
    };
    this.logger.warn(`Dead-lettered ${topic}/${partition}@${message.offset}: ${letter.reason}`);
    return {
      key: message.key,
      value: JSON.stringify(letter),
      headers: { 'dlq-code': problems[0]?.code ?? 'INBOUND.REJECTED', 'original-offset': message.offset },
    };
  }
}
