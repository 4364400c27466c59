import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/** Events the projector could not map, with the reason; `rejected_at` is stamped by the database. */
export const rejectedEventsMigration: Migration = {
  version: 6,
  name: 'rejected_events',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.rejected_events (
      event_id String,
      global_position UInt64,
      stream_id String,
      stream_revision UInt32,
      type LowCardinality(String),
      schema_version UInt16,
      recorded_at ${INSTANT},
      reason String,
      rejected_at ${INSTANT} DEFAULT now64(3)
    )
    ENGINE = ReplacingMergeTree
    ORDER BY event_id`,
  ],
};
