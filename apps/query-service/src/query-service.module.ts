import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule, ErrorFilter, authConfigOf, revocationSourceProvider } from '@app/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { type AnalyticsStore, analyticsRevocationSource, openConfiguredAnalyticsStore } from '@app/analytics';
import { type EventStore, InProcessLeases, type LeaderLease } from '@app/event-store';
import {
  ANALYTICS_STORE,
  AnalyticsStoreLifecycle,
  OWNS_ANALYTICS_STORE,
} from './analytics/analytics-store.provider';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from './config/query-service.config';
import { WhoAmIController } from './auth/who-am-i.controller';
import { ComplaintListController } from './complaints/complaints.controller';
import { GetWorklistCountsHandler, ListComplaintsHandler } from './complaints/list-complaints.handler';
import { HealthController } from './health/health.controller';
import { ArchiveController } from './reports/archive/archive.controller';
import { GetArchivedPackHandler, ListArchivedPacksHandler } from './reports/archive/archive.handlers';
import { PACK_ARCHIVE_LEASE, WeeklyPackArchiver } from './reports/archive/weekly-pack-archiver';
import { QualityMeetingsController } from './reports/quality-meetings/quality-meetings.controller';
import {
  GetQualityMeetingHandler,
  ListQualityMeetingsHandler,
} from './reports/quality-meetings/quality-meetings.handlers';
import { DrillDownController } from './reports/drill-down/drill-down.controller';
import { GetDrillDownHandler } from './reports/drill-down/get-drill-down.handler';
import { ExecutiveReportController } from './reports/executive/executive-report.controller';
import { GetExecutiveReportHandler } from './reports/executive/get-executive-report.handler';
import { FairnessController } from './reports/fairness/fairness.controller';
import { AlertsController } from './alerts/alerts.controller';
import { ListAlertsHandler } from './alerts/list-alerts.handler';
import { GetFairnessDrillDownHandler, GetFairnessHandler } from './reports/fairness/get-fairness.handler';
import { LabelsController } from './reports/labels/labels.controller';
import { GetTrendsHandler } from './reports/trends/get-trends.handler';
import { TrendsController } from './reports/trends/trends.controller';
import { GetWeeklyPackHandler } from './reports/weekly-pack/get-weekly-pack.handler';
import { WeeklyPackController } from './reports/weekly-pack/weekly-pack.controller';
import { DashboardAssets } from './web/dashboard-assets';
import { DashboardController } from './web/dashboard.controller';

export { loadQueryServiceConfig, type QueryServiceConfig } from './config/query-service.config';
export { createQueryHttpApp } from './bootstrap';
export { PACK_ARCHIVE_LEASE, WeeklyPackArchiver } from './reports/archive/weekly-pack-archiver';

const QueryHandlers = [
  GetArchivedPackHandler,
  ListArchivedPacksHandler,
  GetQualityMeetingHandler,
  ListQualityMeetingsHandler,
  ListComplaintsHandler,
  GetWorklistCountsHandler,
  GetDrillDownHandler,
  GetExecutiveReportHandler,
  GetFairnessDrillDownHandler,
  GetFairnessHandler,
  ListAlertsHandler,
  GetTrendsHandler,
  GetWeeklyPackHandler,
];

export type QueryServiceOptions = {
  config: QueryServiceConfig;
  /**
   * An analytics store the host process already has open (the standalone app shares its chDB store:
   * chDB allows one data directory per process). The host closes it; without it the module opens the
   * configured store and closes it at shutdown.
   */
  analyticsStore?: AnalyticsStore;
  /** Serve GET /health (the default); a host with its own /health turns it off. */
  healthController?: boolean;
  /**
   * The event store the weekly packs are archived to, on PACK_ARCHIVE_SCHEDULE (none: this process does
   * not archive; the reports still serve what others archived). `lease` elects one archiver among the
   * processes on that store: the store's own lease of that name where it has one (PostgreSQL,
   * KurrentDB), one held in this process otherwise (PGlite, one process per store).
   */
  archive?: { eventStore: EventStore; lease?: LeaderLease };
};

/** HTTP reports → QueryBus → handlers → analytics store (read only). Composed by its own main and by hosts. */
@Module({})
export class QueryServiceModule {
  static register({
    config,
    analyticsStore,
    healthController = true,
    archive,
  }: QueryServiceOptions): DynamicModule {
    return {
      module: QueryServiceModule,
      imports: [CqrsModule.forRoot(), TerminusModule, AuthModule.register(authConfigOf(config))],
      controllers: [
        WeeklyPackController,
        ArchiveController,
        QualityMeetingsController,
        DrillDownController,
        TrendsController,
        ExecutiveReportController,
        FairnessController,
        AlertsController,
        LabelsController,
        ComplaintListController,
        WhoAmIController,
        DashboardController,
        ...(healthController ? [HealthController] : []),
      ],
      providers: [
        { provide: QUERY_SERVICE_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ErrorFilter },
        {
          provide: ANALYTICS_STORE,
          useFactory: () => analyticsStore ?? openConfiguredAnalyticsStore(config),
        },
        { provide: OWNS_ANALYTICS_STORE, useValue: analyticsStore === undefined },
        AnalyticsStoreLifecycle,
        revocationSourceProvider(ANALYTICS_STORE, (analytics: AnalyticsStore) =>
          analyticsRevocationSource(analytics, config.ANALYTICS_DATABASE),
        ),
        DashboardAssets,
        ...QueryHandlers,
        ...(archive
          ? [
              {
                provide: WeeklyPackArchiver,
                inject: [ANALYTICS_STORE],
                useFactory: (analytics: AnalyticsStore) =>
                  new WeeklyPackArchiver(
                    analytics,
                    archive.eventStore,
                    archive.lease ?? new InProcessLeases().lease(PACK_ARCHIVE_LEASE),
                    config,
                  ),
              },
            ]
          : []),
      ],
      exports: [ANALYTICS_STORE, QUERY_SERVICE_CONFIG],
    };
  }
}
