import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import { createKafka, ensureTopics } from '@app/messaging';
import { type InboundProblem } from '@app/messaging/inbound/inbound-message';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';
import { InboundIngress } from './inbound-ingress.service';

/** What a dead letter carries: the reasons, and the original bytes untouched. */
export type DeadLetter = {
  reason: string;
  problems: InboundProblem[];
  original: string | null;
  source: { topic: string; partition: number; offset: string };
  failedAt: string;
};

const COMMIT_EVERY = 50;

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
 * Consumes `complaints.inbound.v1` in a consumer group. Each message goes through the shared ingress
 * path; a rejected one is written to the dead-letter topic (and acknowledged by Kafka) before its
 * offset counts as done. Offsets are committed only after the append or the dead letter, so a crash
 * re-delivers, and deduplication makes the re-delivery append nothing.
 */
@Injectable()
export class KafkaInboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaInboundConsumer.name);
  private consumer?: Consumer;
  private producer?: Producer;

  constructor(
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
    private readonly ingress: InboundIngress,
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
    let uncommitted = 0;
    let next: string | undefined;
    const commit = async () => {
      if (next === undefined || !this.consumer) return;
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      uncommitted = 0;
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const result = await this.ingress.handleRaw(message.value);
      if (result.status === 'rejected')
        await this.deadLetter(batch.topic, batch.partition, message, result.problems);
      resolveOffset(message.offset);
      next = (BigInt(message.offset) + 1n).toString();
      if (++uncommitted >= COMMIT_EVERY) await commit();
      await heartbeat();
    }
    await commit();
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    rejected: InboundProblem[],
  ) {
    const problems = rejected.map(withoutQuotedValues);
    const letter: DeadLetter = {
      reason: problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; '),
      problems,
      original: message.value === null ? null : message.value.toString('utf8'),
      source: { topic, partition, offset: message.offset },
      failedAt: new Date().toISOString(),
    };
    this.logger.warn(`Dead-lettered ${topic}/${partition}@${message.offset}: ${letter.reason}`);
    await this.producer!.send({
      topic: this.config.INBOUND_DLQ_TOPIC,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: JSON.stringify(letter),
          headers: { 'dlq-code': problems[0]?.code ?? 'INBOUND.REJECTED', 'original-offset': message.offset },
        },
      ],
    });
  }
}
