export * from './topics';
export * from './event-envelope';
export * from './event-publisher.port';
export * from './inbound/inbound-message';
export {
  createKafka,
  parseBrokers,
  KAFKA_RETRY,
  type KafkaClientConfig,
  type KafkaLogSink,
} from './kafka/kafka-client';
export { ensureTopics, type TopicSpec } from './kafka/topic-admin';
export { kafkaConfigShape, eventsTopicSpec, type KafkaConfig } from './kafka/kafka.config';
export { toEventMessage, parseEventMessage, headerText } from './kafka/event-message';
export { KafkaEventPublisher, type KafkaEventPublisherOptions } from './kafka/kafka-event-publisher';
