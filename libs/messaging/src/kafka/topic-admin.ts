import type { Admin, Kafka } from 'kafkajs';
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
      let made: boolean;
      try {
        made = await admin.createTopics({
          topics: [{ topic: name, numPartitions: partitions, replicationFactor }],
          waitForLeaders: true,
        });
      } catch (error) {
        // Another process created it at the same moment, and its leaders are not elected yet: kafkajs
        // then fails its own wait ("does not host this topic-partition"). Wait for them here instead.
        if (!(await admin.listTopics()).includes(name)) throw error;
        made = false;
      }
      // false: another process created it between our list and our create.
      if (made) created.push(name);
      else await waitForLeaders(admin, name);
    }
    return created;
  } finally {
    await admin.disconnect();
  }
}

const LEADERS_TIMEOUT_MS = 30_000;

/** Until every partition of a topic another process created has a leader (or the timeout passes). */
async function waitForLeaders(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Topic ${topic}: no leader for every partition after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
