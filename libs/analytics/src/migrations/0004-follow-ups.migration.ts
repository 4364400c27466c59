import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/** One row per follow-up visit (回访) with its four answers; the free-text comment stays out. */
export const followUpsMigration: Migration = {
  version: 4,
  name: 'follow_ups',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.follow_ups (
      complaint_id String,
      stream_revision UInt32,
      event_id UUID,
      global_position UInt64,
      business_line LowCardinality(String),
      channel LowCardinality(String),
      org_unit LowCardinality(String),
      handler String,
      method LowCardinality(String),
      level LowCardinality(String),
      result_satisfaction LowCardinality(String),
      timeliness LowCardinality(String),
      attitude_satisfaction LowCardinality(String),
      would_reuse LowCardinality(String),
      recorded_at ${INSTANT}
    )
    ENGINE = ReplacingMergeTree
    ORDER BY (complaint_id, stream_revision)`,
  ],
};
