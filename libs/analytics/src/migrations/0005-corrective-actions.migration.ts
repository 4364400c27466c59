import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/** The current state of each corrective measure (措施); its description and notes stay out. */
export const correctiveActionsMigration: Migration = {
  version: 5,
  name: 'corrective_actions',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.corrective_actions (
      action_id String,
      version UInt32 COMMENT 'stream revision of the last event applied',
      global_position UInt64,
      updated_at ${INSTANT},
      business_line LowCardinality(String),
      meeting_date ${INSTANT},
      cause_codes Array(LowCardinality(String)),
      org_units Array(String),
      owner String,
      due_at ${INSTANT},
      status LowCardinality(String),
      proposed_at ${INSTANT},
      started_at ${NULLABLE_INSTANT},
      completed_at ${NULLABLE_INSTANT},
      completed_overdue Nullable(UInt8),
      verified_at ${NULLABLE_INSTANT},
      verified_by Nullable(String),
      effective Nullable(UInt8)
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY action_id`,
  ],
};
