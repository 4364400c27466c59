import { type FactoryProvider, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';

export const EVENT_STORE = Symbol('EVENT_STORE');

export const eventStoreProvider: FactoryProvider<Promise<EventStore>> = {
  provide: EVENT_STORE,
  inject: [COMMAND_SERVICE_CONFIG],
  useFactory: (config: CommandServiceConfig) => openConfiguredEventStore(config),
};

/** Closes the store's connections when the application shuts down. */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
