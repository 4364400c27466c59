import { Logger } from '@nestjs/common';
import { AnalyticsCheckpointStore, type AnalyticsStore } from '@app/analytics';
import type { EventStore } from '@app/event-store';
import { createKafka, eventsTopicSpec } from '@app/messaging';
import { type ProjectorConfig } from '../config/projector.config';
import { KafkaFeed } from './kafka/kafka-feed';
import { KafkaGroupFeed } from './kafka/kafka-group-feed';
import { type ProjectionFeed } from './projection-feed.port';
import { StoreFeed } from './store/store-feed';

export const PROJECTION_FEED = Symbol('PROJECTION_FEED');

/**
 * The feed PROJECTOR_FEED names: Kafka with PROJECTOR_GROUP_MEMBERS consumers of the group in this
 * process, or the store, which needs the event store to follow.
 */
export const createProjectionFeed = (
  config: ProjectorConfig,
  analytics: AnalyticsStore,
  eventStore: EventStore | undefined,
): ProjectionFeed => {
  const logger = new Logger('projector-feed');
  switch (config.PROJECTOR_FEED) {
    case 'kafka': {
      const kafka = createKafka({
        clientId: config.KAFKA_CLIENT_ID,
        brokers: config.KAFKA_BROKERS,
        log: new Logger('kafkajs'),
      });
      const member = () =>
        new KafkaFeed(
          kafka,
          {
            topic: eventsTopicSpec(config),
            groupId: config.PROJECTOR_GROUP_ID,
            batchSize: config.PROJECTOR_BATCH_SIZE,
            sessionTimeoutMs: config.PROJECTOR_SESSION_TIMEOUT_MS,
          },
          logger,
        );
      return config.PROJECTOR_GROUP_MEMBERS === 1
        ? member()
        : new KafkaGroupFeed(Array.from({ length: config.PROJECTOR_GROUP_MEMBERS }, member));
    }
    case 'store':
      if (!eventStore) throw new Error('PROJECTOR_FEED=store needs an event store');
      return new StoreFeed(
        eventStore,
        new AnalyticsCheckpointStore(analytics, config.ANALYTICS_DATABASE),
        {
          checkpointName: config.PROJECTOR_CHECKPOINT,
          batchSize: config.PROJECTOR_BATCH_SIZE,
          pollIntervalMs: config.PROJECTOR_POLL_INTERVAL_MS,
          retryMaxMs: config.PROJECTOR_RETRY_MAX_MS,
        },
        logger,
      );
  }
};
