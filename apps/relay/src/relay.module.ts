import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule, authConfigOf, revocationSourceProvider, storeRevocationSource } from '@app/platform';
import type { CheckpointStore, EventStore, LeaderLease } from '@app/event-store';
import type { EventPublisher } from '@app/messaging';
import { RELAY_CONFIG, type RelayConfig } from './config/relay.config';
import { HealthController } from './health/health.controller';
import { EVENT_PUBLISHER, eventPublisherProvider } from './kafka/event-publisher.provider';
import { MetricsController } from './metrics/metrics.controller';
import { RelayLeadership } from './relay-events/relay-leadership';
import { RelayLifecycle } from './relay-events/relay.lifecycle';
import { RelayReport } from './relay-events/relay-report.service';
import { RelayService } from './relay-events/relay.service';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  RELAY_LEASE,
  checkpointStoreProvider,
  eventStoreProvider,
  relayLeaseProvider,
} from './store/event-store.provider';

export type RelayModuleOptions = { config: RelayConfig };

/**
 * Event store feed → Kafka events topic, with /health (public) and /metrics (ops:metrics); of all the
 * replicas sharing the checkpoint's name, the one holding the store's lease publishes.
 */
@Module({})
export class RelayModule {
  static register({ config }: RelayModuleOptions): DynamicModule {
    return {
      module: RelayModule,
      imports: [TerminusModule, AuthModule.register(authConfigOf(config))],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        eventStoreProvider,
        checkpointStoreProvider,
        eventPublisherProvider,
        relayLeaseProvider,
        {
          provide: RelayService,
          inject: [EVENT_STORE, CHECKPOINT_STORE, EVENT_PUBLISHER, RELAY_LEASE],
          useFactory: (
            store: EventStore,
            checkpoints: CheckpointStore,
            publisher: EventPublisher,
            lease: LeaderLease,
          ) =>
            new RelayService(
              store,
              checkpoints,
              publisher,
              {
                checkpointName: config.RELAY_CHECKPOINT,
                batchSize: config.RELAY_BATCH_SIZE,
                pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
                retryMaxMs: config.RELAY_RETRY_MAX_MS,
                fence: RelayLeadership.fenceOf(lease),
              },
              new Logger('relay'),
            ),
        },
        {
          provide: RelayLeadership,
          inject: [RELAY_LEASE, RelayService],
          useFactory: (lease: LeaderLease, relay: RelayService) =>
            new RelayLeadership(
              lease,
              relay,
              { pollIntervalMs: config.RELAY_LEASE_POLL_MS },
              new Logger('relay'),
            ),
        },
        RelayReport,
        RelayLifecycle,
        revocationSourceProvider(EVENT_STORE, storeRevocationSource),
      ],
      exports: [RelayService, RelayLeadership, CHECKPOINT_STORE, EVENT_STORE],
    };
  }
}
