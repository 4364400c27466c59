import type { CheckpointProvider } from './checkpoint-store.port';
import type { EventStore } from './event-store.port';
import type { LeaseProvider } from './leader-lease.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { PgliteEventStore } from './pglite/pglite-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

export type EventStoreConfig =
  /** `dataDir` may be `memory://` for an in-memory store. */
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; connectionString: string; schema?: string }
  | { kind: 'kurrentdb'; connectionString: string };

/**
 * Opens the configured event store, with its schema created where the engine needs one. Its followers'
 * checkpoints live on the same engine (`store.checkpoints()`), and so do the leases that elect a leader among
 * their replicas (`store.lease(name)`).
 */
export async function createEventStore(
  config: EventStoreConfig,
): Promise<EventStore & CheckpointProvider & LeaseProvider> {
  switch (config.kind) {
    case 'pglite':
      return PgliteEventStore.open({ dataDir: config.dataDir });
    case 'postgres':
      return PostgresEventStore.connect({ connectionString: config.connectionString, schema: config.schema });
    case 'kurrentdb':
      return KurrentDbEventStore.connect(config.connectionString);
    default:
      return unknownKind(config);
  }
}

function unknownKind(config: never): never {
  throw new Error(`Unknown event store kind: ${JSON.stringify(config)}`);
}
