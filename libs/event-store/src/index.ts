export * from './event-store.port';
export { createEventStore, type EventStoreConfig } from './create-event-store.factory';
export { SqlEventStore, type SqlEventStoreOptions } from './sql/sql-event-store';
export type { SqlExecutor, SqlQueryable, SqlRow } from './sql/sql-executor';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { PgPoolExecutor } from './postgres/pg-pool.executor';
export { PgliteEventStore, type PgliteEventStoreOptions } from './pglite/pglite-event-store';
export { PgliteExecutor } from './pglite/pglite.executor';
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
