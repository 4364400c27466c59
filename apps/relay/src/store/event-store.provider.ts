import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FactoryProvider } from '@nestjs/common';
import {
  type CheckpointProvider,
  type CheckpointStore,
  type EventStore,
  createEventStore,
} from '@app/event-store';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');

export const eventStoreProvider: FactoryProvider<Promise<EventStore & CheckpointProvider>> = {
  provide: EVENT_STORE,
  inject: [RELAY_CONFIG],
  useFactory: async (config: RelayConfig) => {
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

/** The checkpoints live next to the events, on the store's own connections. */
export const checkpointStoreProvider: FactoryProvider<CheckpointStore> = {
  provide: CHECKPOINT_STORE,
  inject: [EVENT_STORE],
  useFactory: (store: EventStore & CheckpointProvider) => store.checkpoints(),
};
