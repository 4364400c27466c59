import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';

export interface ReadMessage {
  partition: number;
  offset: bigint;
  key: string | null;
  value: string | null;
  headers: IHeaders;
}

/** The brokers the jest global setup started (test/kafka), as a list. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: run jest with test/kafka/kafka-global-setup.ts as globalSetup, ' +
        'or start a broker with `bash infra/kafka/kafka.sh start` and export the line it prints',
    );
  }
  return brokers.split(',');
}

export function uniqueTopic(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/**
 * Everything on `topic` up to its end offsets as of the call, read by a fresh consumer group from the
 * beginning, in partition order and offset order within a partition.
 */
export async function readWholeTopic(
  kafka: Kafka,
  topic: string,
  timeoutMs = 30_000,
): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `topic-reader-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(
      offsets
        .filter(({ high, low }) => BigInt(high) > BigInt(low))
        .map(({ partition, high }) => [partition, BigInt(high) - 1n]),
    );
    const messages: ReadMessage[] = [];
    if (remaining.size > 0) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        let finished!: () => void;
        const done = new Promise<void>((resolve) => (finished = resolve));
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachBatch: async ({ batch }) => {
            const last = remaining.get(batch.partition);
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (last === undefined || offset > last) continue;
              messages.push({
                partition: batch.partition,
                offset,
                key: message.key?.toString() ?? null,
                value: message.value?.toString() ?? null,
                headers: message.headers ?? {},
              });
              if (offset === last) remaining.delete(batch.partition);
            }
            if (remaining.size === 0) finished();
          },
        });
        await within(
          done,
          timeoutMs,
          () => `reading ${topic}: partitions ${[...remaining.keys()]} unfinished`,
        );
      } finally {
        await consumer.disconnect();
      }
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return messages.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
  } finally {
    await admin.disconnect();
  }
}

async function within(promise: Promise<void>, timeoutMs: number, what: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms ${what()}`)), timeoutMs);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
