import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The current state of each complaint, one row per complaint once FINAL collapses its versions:
 * `version` is the stream revision of the last event applied, so a replayed event never wins over a
 * later one. The customer appears only as `customer_key`, a keyed hash of their reference.
 */
export const complaintsMigration: Migration = {
  version: 2,
  name: 'complaints',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.complaints (
      complaint_id String,
      version UInt32 COMMENT 'stream revision of the last event applied',
      global_position UInt64 COMMENT 'global position of the last event applied',
      updated_at ${INSTANT},
      acceptance_number String,
      business_line LowCardinality(String),
      channel LowCardinality(String),
      org_unit LowCardinality(String) COMMENT 'receiving org unit',
      received_by String COMMENT 'job number of the staff member who received it',
      handler String COMMENT 'job number that owns it: the receiver, then the handler it was last dispatched to',
      customer_key String COMMENT 'HMAC-SHA256 of the customer reference (repeat customers, no identity)',
      category LowCardinality(Nullable(String)),
      severity LowCardinality(Nullable(String)),
      responsibility LowCardinality(Nullable(String)),
      form LowCardinality(Nullable(String)),
      incident_id Nullable(String) COMMENT 'sudden incident the complaint belongs to',
      classified_at ${NULLABLE_INSTANT},
      abnormal UInt8,
      merged_into Nullable(String),
      duplicate_count UInt16 COMMENT 'duplicates merged into this complaint',
      registered_at ${INSTANT},
      acknowledged_at ${NULLABLE_INSTANT},
      reply_mode LowCardinality(Nullable(String)),
      reply_deadline ${NULLABLE_INSTANT} COMMENT 'the deadline in force',
      first_reply_at ${NULLABLE_INSTANT} COMMENT 'first interim or final reply of the current handling cycle',
      interim_reply_count UInt16,
      last_interim_reply_at ${NULLABLE_INSTANT},
      final_reply_at ${NULLABLE_INSTANT},
      deadline_met Nullable(UInt8) COMMENT 'final reply within the deadline in force; null before it',
      dispatch_count UInt16,
      overdue_dispatch_count UInt16,
      escalation_level UInt8 COMMENT 'highest level reached',
      escalated UInt8,
      investigated_at ${NULLABLE_INSTANT},
      resolution_status LowCardinality(Nullable(String)),
      resolution_amount Nullable(Decimal(18, 2)),
      follow_up_count UInt16,
      followed_up_at ${NULLABLE_INSTANT},
      follow_up_result LowCardinality(Nullable(String)),
      follow_up_timeliness LowCardinality(Nullable(String)),
      follow_up_attitude LowCardinality(Nullable(String)),
      follow_up_would_reuse LowCardinality(Nullable(String)),
      status LowCardinality(String),
      closed_at ${NULLABLE_INSTANT},
      close_outcome LowCardinality(Nullable(String)),
      reopened_at ${NULLABLE_INSTANT},
      reopen_count UInt16,
      withdrawn_at ${NULLABLE_INSTANT}
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY complaint_id`,
  ],
};
