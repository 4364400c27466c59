import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type EventStore } from '@app/event-store';
import { CommandServiceModule } from '../../command-service/src/command-service.module';
import { type CommandServiceConfig } from '../../command-service/src/config/command-service.config';
import { ProjectorModule, type ProjectorConfig } from '../../projector/src/projector.module';

export type StandaloneOptions = {
  commandConfig: CommandServiceConfig;
  projectorConfig: ProjectorConfig;
  /** The one embedded store: PGlite allows a single process, so both modules share this instance. */
  eventStore: EventStore;
  logging?: boolean;
};

/** Closes the shared store last: application shutdown runs after the projector stopped its feed. */
class SharedEventStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The embedded default in one process: the command service appends to the store, the projector follows
 * the same store directly (no Kafka) into chDB. The host opens the event store; the module closes it.
 */
@Module({})
export class StandaloneModule {
  static register({
    commandConfig,
    projectorConfig,
    eventStore,
    logging = true,
  }: StandaloneOptions): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        ...(logging
          ? [LoggerModule.forRoot({ pinoHttp: { level: commandConfig.LOG_LEVEL, autoLogging: false } })]
          : []),
        CommandServiceModule.register({ config: commandConfig, eventStore }),
        ProjectorModule.register({ config: projectorConfig, eventStore, controllers: false }),
      ],
      providers: [
        { provide: SharedEventStoreLifecycle, useValue: new SharedEventStoreLifecycle(eventStore) },
      ],
    };
  }
}
