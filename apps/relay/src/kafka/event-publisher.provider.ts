import { type FactoryProvider, Logger } from '@nestjs/common';
import {
  type EventPublisher,
  KafkaEventPublisher,
  createKafka,
  ensureTopics,
  eventsTopicSpec,
} from '@app/messaging';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';

export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

/** Creates the events topic if it is missing, then connects the idempotent producer. */
export const eventPublisherProvider: FactoryProvider<Promise<EventPublisher>> = {
  provide: EVENT_PUBLISHER,
  inject: [RELAY_CONFIG],
  useFactory: async (config: RelayConfig) => {
    const kafka = createKafka({
      clientId: config.KAFKA_CLIENT_ID,
      brokers: config.KAFKA_BROKERS,
      log: new Logger('kafkajs'),
    });
    const created = await ensureTopics(kafka, [eventsTopicSpec(config)]);
    if (created.length > 0) {
      new Logger('relay').log(
        `Created topic ${config.KAFKA_EVENTS_TOPIC} (${config.KAFKA_TOPIC_PARTITIONS} partitions, ` +
          `replication factor ${config.KAFKA_REPLICATION_FACTOR})`,
      );
    }
    return KafkaEventPublisher.connect(kafka, { topic: config.KAFKA_EVENTS_TOPIC });
  },
};
