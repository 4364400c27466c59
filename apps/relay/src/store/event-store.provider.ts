import type { FactoryProvider } from '@nestjs/common';
import {
  type CheckpointProvider,
  type CheckpointStore,
  type EventStore,
  type LeaderLease,
  type LeaseProvider,
  openConfiguredEventStore,
} from '@app/event-store';
import { RELAY_CONFIG, type RelayConfig } from '../config/relay.config';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
export const RELAY_LEASE = Symbol('RELAY_LEASE');

type RelayEventStore = EventStore & CheckpointProvider & LeaseProvider;

export const eventStoreProvider: FactoryProvider<Promise<RelayEventStore>> = {
  provide: EVENT_STORE,
  inject: [RELAY_CONFIG],
  useFactory: (config: RelayConfig) => openConfiguredEventStore(config),
};

/** The checkpoints live next to the events, on the store's own connections. */
export const checkpointStoreProvider: FactoryProvider<CheckpointStore> = {
  provide: CHECKPOINT_STORE,
  inject: [EVENT_STORE],
  useFactory: (store: RelayEventStore) => store.checkpoints(),
};

/** The lease the relay's replicas compete for, on the store they follow, named like their checkpoint. */
export const relayLeaseProvider: FactoryProvider<LeaderLease> = {
  provide: RELAY_LEASE,
  inject: [EVENT_STORE, RELAY_CONFIG],
  useFactory: (store: RelayEventStore, config: RelayConfig) =>
    store.lease(config.RELAY_CHECKPOINT, { ttlMs: config.RELAY_LEASE_TTL_MS }),
};
