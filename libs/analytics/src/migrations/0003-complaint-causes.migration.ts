import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * One row per attributed root cause. A later attribution that drops a cause, or an upheld appeal,
 * writes a new version with `active = 0`: counts of causes use `active = 1`.
 */
export const complaintCausesMigration: Migration = {
  version: 3,
  name: 'complaint_causes',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.complaint_causes (
      complaint_id String,
      cause_id String,
      version UInt32 COMMENT 'stream revision of the event that wrote this version',
      global_position UInt64,
      business_line LowCardinality(String),
      family LowCardinality(String),
      cause_code LowCardinality(String),
      responsible_unit LowCardinality(String),
      staff_job_number Nullable(String),
      attributed_at ${INSTANT},
      active UInt8 COMMENT '0 once replaced by a later attribution or struck out by an upheld appeal',
      deactivated_at ${NULLABLE_INSTANT},
      appeal_filed_at ${NULLABLE_INSTANT},
      appeal_outcome LowCardinality(Nullable(String)) COMMENT 'upheld or rejected; null while none was decided',
      appeal_decided_at ${NULLABLE_INSTANT}
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY (complaint_id, cause_id)`,
  ],
};
