import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule, authConfigOf, revocationSourceProvider } from '@app/platform';
import { type AnalyticsStore, analyticsRevocationSource, hmacCustomerKey } from '@app/analytics';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { ALERTS_RUNTIME, AlertsRuntime } from './alerts/alerts.lifecycle';
import { ANALYTICS_STORE, prepareAnalyticsStore } from './analytics/analytics-store.provider';
import { PROJECTOR_CONFIG, type ProjectorConfig } from './config/projector.config';
import { type ProjectionFeed } from './feed/projection-feed.port';
import { PROJECTION_FEED, createProjectionFeed } from './feed/projection-feed.provider';
import { HealthController } from './health/health.controller';
import { ProjectorHealth } from './health/projector-health';
import { MetricsController } from './metrics/metrics.controller';
import { BatchProjector } from './project-events/batch-projector';
import { ProjectorLifecycle } from './project-events/projector.lifecycle';
import { ProjectorReport } from './project-events/projector-report.service';
import { ProjectorService } from './project-events/projector.service';
import { StreamStateCache } from './project-events/stream-state-cache';
import { EVENT_STORE, PROJECTOR_OWNED_RESOURCES, type OwnedResources } from './projector.tokens';

export { ANALYTICS_STORE } from './analytics/analytics-store.provider';
export { loadProjectorConfig, type ProjectorConfig } from './config/projector.config';
export { ProjectorHealth } from './health/projector-health';
export { ProjectorReport, type ProjectorReportBody } from './project-events/projector-report.service';
export { ProjectorService } from './project-events/projector.service';

export type ProjectorModuleOptions = {
  config: ProjectorConfig;
  /**
   * An event store the host process already has open (the standalone app's PGlite store, which allows
   * one process only). The store feed follows it and the projector never closes it. Without it, the
   * store feed opens the store the configuration names; the Kafka feed needs no event store.
   */
  eventStore?: EventStore;
  /** An analytics store the host already has open: migrated at start-up, never closed by the projector. */
  analyticsStore?: AnalyticsStore;
  /**
   * Serve GET /health and GET /metrics (the default). A host that has its own /health turns them off and
   * uses the exported `ProjectorHealth` indicators and `ProjectorReport` instead.
   */
  controllers?: boolean;
};

/**
 * Feed (Kafka or event store) → projections → analytics store, with /health and /metrics. Composed by
 * its own main (Kafka feed) and by the standalone app (store feed, its own event store handed in).
 */
@Module({})
export class ProjectorModule {
  static register(options: ProjectorModuleOptions): DynamicModule {
    const { config } = options;
    const logger = new Logger('projector');
    // The store feed follows the event store, and so do the alerts whatever the projector's feed.
    const storeFeed = config.PROJECTOR_FEED === 'store' || config.ALERTS_ENABLED;
    const eventStoreProviders: Provider[] = storeFeed
      ? [{ provide: EVENT_STORE, useFactory: () => options.eventStore ?? openConfiguredEventStore(config) }]
      : [{ provide: EVENT_STORE, useValue: null }];
    return {
      module: ProjectorModule,
      // Its own HTTP routes, when it has them, are guarded like every service's; composed without them
      // (the standalone app) the host's guard covers the host's routes.
      imports: [
        TerminusModule,
        ...(options.controllers === false ? [] : [AuthModule.register(authConfigOf(config))]),
      ],
      controllers: options.controllers === false ? [] : [HealthController, MetricsController],
      providers: [
        { provide: PROJECTOR_CONFIG, useValue: config },
        {
          provide: ANALYTICS_STORE,
          useFactory: () =>
            prepareAnalyticsStore(config, options.analyticsStore, ({ applied, version }) =>
              logger.log(
                `Analytics database ${config.ANALYTICS_DATABASE} at schema version ${version}` +
                  (applied.length > 0 ? ` (applied ${applied.join(', ')})` : ''),
              ),
            ),
        },
        ...eventStoreProviders,
        {
          provide: PROJECTOR_OWNED_RESOURCES,
          inject: [EVENT_STORE],
          useFactory: (eventStore: EventStore | null): OwnedResources => ({
            analytics: options.analyticsStore === undefined,
            eventStore: options.eventStore === undefined ? (eventStore ?? undefined) : undefined,
          }),
        },
        // Its /metrics refuses revoked tokens, read from the revocations it projects itself.
        ...(options.controllers === false
          ? []
          : [
              revocationSourceProvider(ANALYTICS_STORE, (analytics: AnalyticsStore) =>
                analyticsRevocationSource(analytics, config.ANALYTICS_DATABASE),
              ),
            ]),
        { provide: StreamStateCache, useFactory: () => new StreamStateCache(config.PROJECTOR_CACHE_SIZE) },
        {
          provide: BatchProjector,
          inject: [ANALYTICS_STORE, StreamStateCache],
          useFactory: (analytics: AnalyticsStore, cache: StreamStateCache) =>
            new BatchProjector(
              analytics,
              config.ANALYTICS_DATABASE,
              { customerKey: hmacCustomerKey(config.CUSTOMER_KEY_SECRET) },
              cache,
            ),
        },
        {
          provide: PROJECTION_FEED,
          inject: [ANALYTICS_STORE, EVENT_STORE],
          useFactory: (analytics: AnalyticsStore, eventStore: EventStore | null) =>
            createProjectionFeed(config, analytics, eventStore ?? undefined),
        },
        {
          provide: ProjectorService,
          inject: [PROJECTION_FEED, BatchProjector, StreamStateCache],
          useFactory: (feed: ProjectionFeed, projector: BatchProjector, cache: StreamStateCache) =>
            new ProjectorService(
              feed,
              projector,
              cache,
              { retryMaxMs: config.PROJECTOR_RETRY_MAX_MS },
              logger,
            ),
        },
        {
          provide: ALERTS_RUNTIME,
          inject: [EVENT_STORE],
          useFactory: (eventStore: EventStore | null) =>
            config.ALERTS_ENABLED && eventStore ? AlertsRuntime.create(config, eventStore) : null,
        },
        ProjectorReport,
        ProjectorHealth,
        ProjectorLifecycle,
      ],
      exports: [ProjectorService, ProjectorReport, ProjectorHealth, ANALYTICS_STORE, ALERTS_RUNTIME],
    };
  }
}
