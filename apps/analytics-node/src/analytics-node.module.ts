import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { platformLoggerModule } from '@app/platform';
import { type AnalyticsStore } from '@app/analytics';
import { type EventStore, type LeaseProvider } from '@app/event-store';
import { type ProjectorConfig, ProjectorModule } from '../../projector/src/projector.module';
import {
  PACK_ARCHIVE_LEASE,
  type QueryServiceConfig,
  QueryServiceModule,
} from '../../query-service/src/query-service.module';

export type AnalyticsNodeOptions = {
  projectorConfig: ProjectorConfig;
  queryConfig: QueryServiceConfig;
  /** The one analytics store of the process (chDB: one data directory per process), closed last. */
  analyticsStore: AnalyticsStore;
  /** Where the logs go: standard output, unless a test gives a file. */
  logDestination?: DestinationStream;
  /**
   * The shared event store the weekly packs are archived to (`archivesWeeklyPacks`): of all the
   * analytics nodes given it, the holder of its `weekly-pack-archive` lease archives. Closed last.
   */
  archiveStore?: EventStore & LeaseProvider;
};

/**
 * Whether an analytics node archives the weekly packs: when the schedule is on and the event store is
 * one several processes share (PostgreSQL, KurrentDB; the embedded PGlite is its writer's alone). The
 * archives are events without personal data, written to the store as the one-process app does.
 */
export const archivesWeeklyPacks = (
  projectorConfig: ProjectorConfig,
  queryConfig: QueryServiceConfig,
): boolean => queryConfig.PACK_ARCHIVE_SCHEDULE !== 'off' && projectorConfig.EVENT_STORE !== 'pglite';

/** Closes the shared stores at application shutdown, after the projector has stopped its feed. */
class SharedStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly stores: { close(): Promise<void> }[]) {}

  async onApplicationShutdown(): Promise<void> {
    for (const store of this.stores) await store.close();
  }
}

/**
 * The process that owns an analytics data directory: the projector's consumer-group members
 * (PROJECTOR_GROUP_MEMBERS) write it and the query service's reports and dashboard read it, with the
 * projector's /health and /metrics. chDB allows one process per data directory, so on one machine
 * this is where the group and the reports live; with a ClickHouse server they may run apart as well.
 */
@Module({})
export class AnalyticsNodeModule {
  static register({
    projectorConfig,
    queryConfig,
    analyticsStore,
    logDestination,
    archiveStore,
  }: AnalyticsNodeOptions): DynamicModule {
    return {
      module: AnalyticsNodeModule,
      imports: [
        platformLoggerModule(projectorConfig.LOG_LEVEL, logDestination),
        ProjectorModule.register({ config: projectorConfig, analyticsStore }),
        QueryServiceModule.register({
          config: queryConfig,
          analyticsStore,
          healthController: false,
          ...(archiveStore
            ? { archive: { eventStore: archiveStore, lease: archiveStore.lease(PACK_ARCHIVE_LEASE) } }
            : {}),
        }),
      ],
      providers: [
        {
          provide: SharedStoreLifecycle,
          useValue: new SharedStoreLifecycle([analyticsStore, ...(archiveStore ? [archiveStore] : [])]),
        },
      ],
    };
  }
}
