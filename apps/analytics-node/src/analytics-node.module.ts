import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type DestinationStream } from 'pino';
import { platformLoggerModule } from '@app/platform';
import { type AnalyticsStore } from '@app/analytics';
import { type ProjectorConfig, ProjectorModule } from '../../projector/src/projector.module';
import { type QueryServiceConfig, QueryServiceModule } from '../../query-service/src/query-service.module';

export type AnalyticsNodeOptions = {
  projectorConfig: ProjectorConfig;
  queryConfig: QueryServiceConfig;
  /** The one analytics store of the process (chDB: one data directory per process), closed last. */
  analyticsStore: AnalyticsStore;
  /** Where the logs go: standard output, unless a test gives a file. */
  logDestination?: DestinationStream;
};

/** Closes the shared store at application shutdown, after the projector has stopped its feed. */
class SharedStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: AnalyticsStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
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
  }: AnalyticsNodeOptions): DynamicModule {
    return {
      module: AnalyticsNodeModule,
      imports: [
        platformLoggerModule(projectorConfig.LOG_LEVEL, logDestination),
        ProjectorModule.register({ config: projectorConfig, analyticsStore }),
        QueryServiceModule.register({ config: queryConfig, analyticsStore, healthController: false }),
      ],
      providers: [{ provide: SharedStoreLifecycle, useValue: new SharedStoreLifecycle(analyticsStore) }],
    };
  }
}
