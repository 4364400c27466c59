export * from './analytics-store.port';
export * from './shared/identifiers';
export { SESSION_SETTINGS } from './shared/clickhouse-settings';
export * from './chdb/chdb-session.registry';
export * from './chdb/chdb-analytics-store';
export * from './clickhouse/clickhouse-analytics-store';
export * from './migrations/analytics-tables';
export * from './migrations/migration';
export * from './migrations/analytics-migrations';
export * from './migrations/migrate';
export * from './migrations/reset-database';
export * from './projections/analytics-rows';
export * from './projections/projection-context';
export * from './projections/stream-state';
// The customer pseudonym the projections store is privacy's (one definition, used by the erasure too).
export { hmacCustomerKey } from '@app/privacy/pseudonyms/customer-key';
export {
  projectEvent,
  projectBatch,
  type Projection,
  type BatchProjection,
} from './projections/project-event';
export * from './read-model/read-stream-states';
export * from './read-model/write-rows';
export * from './read-model/projection-checkpoints';
export * from './read-model/revoked-tokens';
export * from './analytics-store.config';
