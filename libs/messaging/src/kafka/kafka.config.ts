import { z } from 'zod';
import { Topics } from '../topics';
import type { TopicSpec } from './topic-admin';

/** Kafka settings every service shares; each app spreads this shape into its own config schema. */
export const kafkaConfigShape = {
  /** Comma-separated bootstrap servers. */
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:9092'),
  /** The events topic; tests and side-by-side runs give each their own. */
  KAFKA_EVENTS_TOPIC: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/)
    .default(Topics.events),
  /** Used when a topic is created; an existing topic keeps its own. */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).default(1),
};

export const kafkaConfigSchema = z.object(kafkaConfigShape);

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;

export function eventsTopicSpec(config: KafkaConfig): TopicSpec {
  return {
    name: config.KAFKA_EVENTS_TOPIC,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  };
}
