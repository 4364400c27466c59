import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type FactoryProvider, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, createEventStore } from '@app/event-store';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';

export const EVENT_STORE = Symbol('EVENT_STORE');

export const eventStoreProvider: FactoryProvider<Promise<EventStore>> = {
  provide: EVENT_STORE,
  inject: [COMMAND_SERVICE_CONFIG],
  useFactory: async (config: CommandServiceConfig) => {
    switch (config.EVENT_STORE) {
      case 'pglite': {
        const dataDir = join(config.DATA_DIR, 'event-store');
        mkdirSync(dataDir, { recursive: true });
        return createEventStore({ kind: 'pglite', dataDir });
      }
      case 'postgres':
        return createEventStore({
          kind: 'postgres',
          connectionString: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
        });
      case 'kurrentdb':
        if (!config.KURRENTDB_URL) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
        return createEventStore({ kind: 'kurrentdb', connectionString: config.KURRENTDB_URL });
    }
  },
};

/** Closes the store's connections when the application shuts down. */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
