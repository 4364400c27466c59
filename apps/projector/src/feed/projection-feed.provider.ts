import { Logger } from '@nestjs/common';
import { AnalyticsCheckpointStore, type AnalyticsStore } from '@app/analytics';
import type { EventStore } from '@app/event-store';
import { createKafka, eventsTopicSpec } from '@app/messaging';
import { type ProjectorConfig } from '../config/projector.config';
import { KafkaFeed } from './kafka/kafka-feed';
import { type ProjectionFeed } from './projection-feed.port';
import { StoreFeed } from './store/store-feed';

export const PROJECTION_FEED = Symbol('PROJECTION_FEED');

/** The feed PROJECTOR_FEED names; the store feed needs the event store to follow. */
export const createProjectionFeed = (
  config: ProjectorConfig,
  analytics: AnalyticsStore,
  eventStore: EventStore | undefined,
): ProjectionFeed => {
  const logger = new Logger('projector-feed');
  switch (config.PROJECTOR_FEED) {
    case 'kafka':
      return new KafkaFeed(
        createKafka({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          log: new Logger('kafkajs'),
        }),
        {
          topic: eventsTopicSpec(config),
          groupId: config.PROJECTOR_GROUP_ID,
          batchSize: config.PROJECTOR_BATCH_SIZE,
          sessionTimeoutMs: config.PROJECTOR_SESSION_TIMEOUT_MS,
        },
        logger,
      );
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
