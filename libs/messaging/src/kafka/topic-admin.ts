import type { Kafka } from 'kafkajs';
import type { TopicSettings } from '../topics';

export type TopicSpec = TopicSettings & { name: string };

/**
 * Creates the topics that do not exist yet and waits for their partition leaders; existing topics are
 * left as they are (partitions are never changed here: that would move keys between partitions).
 * Safe to run from several processes at once. Resolves with the names it created.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const created: string[] = [];
    // One topic per request: kafkajs only waits for leaders when the whole request created everything.
    for (const { name, partitions, replicationFactor } of topics) {
      if (existing.has(name)) continue;
      const made = await admin.createTopics({
        topics: [{ topic: name, numPartitions: partitions, replicationFactor }],
        waitForLeaders: true,
      });
      // false: another process created it between our list and our create.
      if (made) created.push(name);
    }
    return created;
  } finally {
    await admin.disconnect();
  }
}
