import {
  type FactoryProvider,
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { type EventStore } from '@app/event-store';
import { PersonalDataEventStore, openPersonalDataEventStore } from '@app/privacy';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';

export const EVENT_STORE = Symbol('EVENT_STORE');
/** The same store as EVENT_STORE when it protects personal data (its keys, eraser…), otherwise null. */
export const PERSONAL_DATA_STORE = Symbol('PERSONAL_DATA_STORE');

/**
 * The configured store, with personal data encrypted on append and decrypted on read; the key store
 * lives beside the events. The relay and the projector open the same store without this layer: they
 * read and publish ciphertext.
 */
export const eventStoreProvider: FactoryProvider<Promise<EventStore>> = {
  provide: EVENT_STORE,
  inject: [COMMAND_SERVICE_CONFIG],
  useFactory: (config: CommandServiceConfig) => openPersonalDataEventStore(config),
};

/** Closes the store's connections when the application shuts down. */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The store providers: the module's own store (opened and closed here), or the one a host lends
 * (the standalone process, which opens it with the same personal-data layer and closes it itself).
 */
export const storeProviders = (lent?: EventStore): Provider[] => [
  ...(lent === undefined
    ? [eventStoreProvider, EventStoreLifecycle]
    : [{ provide: EVENT_STORE, useValue: lent }]),
  {
    provide: PERSONAL_DATA_STORE,
    inject: [EVENT_STORE],
    useFactory: (store: EventStore) => (store instanceof PersonalDataEventStore ? store : null),
  },
];
