import { platformLoggerModule } from '@app/platform';
import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type AnalyticsStore } from '@app/analytics';
import { type EventStore, type LeaseProvider } from '@app/event-store';
import { storeBeneath } from '@app/privacy';
import { CommandServiceModule } from '../../command-service/src/command-service.module';
import { type CommandServiceConfig } from '../../command-service/src/config/command-service.config';
import { ProjectorModule, type ProjectorConfig } from '../../projector/src/projector.module';
import { type QueryServiceConfig } from '../../query-service/src/config/query-service.config';
import { PACK_ARCHIVE_LEASE, QueryServiceModule } from '../../query-service/src/query-service.module';

export type StandaloneOptions = {
  commandConfig: CommandServiceConfig;
  projectorConfig: ProjectorConfig;
  queryConfig: QueryServiceConfig;
  /**
   * The one embedded store: PGlite allows a single process, so both modules share this instance. Opened
   * with `openPersonalDataEventStore`, the command service sees personal data and the projector the
   * ciphertext beneath.
   */
  eventStore: EventStore;
  /** The one chDB store (one data directory per process), shared by the projector and the reports. */
  analyticsStore: AnalyticsStore;
  logging?: boolean;
};

/** Closes the shared stores last: application shutdown runs after the projector stopped its feed. */
class SharedStoresLifecycle implements OnApplicationShutdown {
  constructor(private readonly stores: { close(): Promise<void> }[]) {}

  async onApplicationShutdown(): Promise<void> {
    for (const store of this.stores) await store.close();
  }
}

/** The store's own lease where it elects one (PostgreSQL, KurrentDB); the module's in-process one otherwise. */
const archiveLease = (store: EventStore) =>
  typeof (store as Partial<LeaseProvider>).lease === 'function'
    ? (store as EventStore & LeaseProvider).lease(PACK_ARCHIVE_LEASE)
    : undefined;

/**
 * The embedded default in one process: the command service appends to the store, the projector follows
 * the same store directly (no Kafka) into chDB, and the reports read that chDB. The host opens both
 * stores; the module closes them.
 */
@Module({})
export class StandaloneModule {
  static register({
    commandConfig,
    projectorConfig,
    queryConfig,
    eventStore,
    analyticsStore,
    logging = true,
  }: StandaloneOptions): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        ...(logging ? [platformLoggerModule(commandConfig.LOG_LEVEL)] : []),
        CommandServiceModule.register({ config: commandConfig, eventStore }),
        // The projector follows the ciphertext, as it does through Kafka: it never needs personal data.
        ProjectorModule.register({
          config: projectorConfig,
          eventStore: storeBeneath(eventStore),
          analyticsStore,
          controllers: false,
        }),
        // Archived packs are events without personal data: written beneath the encrypting layer.
        QueryServiceModule.register({
          config: queryConfig,
          analyticsStore,
          healthController: false,
          archive: { eventStore: storeBeneath(eventStore), lease: archiveLease(storeBeneath(eventStore)) },
        }),
      ],
      providers: [
        { provide: SharedStoresLifecycle, useValue: new SharedStoresLifecycle([analyticsStore, eventStore]) },
      ],
    };
  }
}
