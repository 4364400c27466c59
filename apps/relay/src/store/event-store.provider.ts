import type { FactoryProvider } from '@nestjs/common';
import {
  type CheckpointProvider,
  type CheckpointStore,
  type EventStore,
  openConfiguredEventStore,
} from '@app/event-store';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');

export const eventStoreProvider: FactoryProvider<Promise<EventStore & CheckpointProvider>> = {
  provide: EVENT_STORE,
  inject: [RELAY_CONFIG],
  useFactory: (config: RelayConfig) => openConfiguredEventStore(config),
};

/** The checkpoints live next to the events, on the store's own connections. */
export const checkpointStoreProvider: FactoryProvider<CheckpointStore> = {
  provide: CHECKPOINT_STORE,
  inject: [EVENT_STORE],
  useFactory: (store: EventStore & CheckpointProvider) => store.checkpoints(),
};
