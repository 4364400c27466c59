import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The KPI sets' members, already shaped (`projections/kpi-member-rows.ts`): one row per thing a KPI
 * counts, dated by the instant that places it in a period, with the complaint's current state stamped
 * on it. Sorted by kind and instant, so a report reads a period's rows by key range; partitioned by the
 * month of `at`, a column every version of a key shares (it is part of the key), so reports filter on
 * the key before `FINAL` and `FINAL` never merges across partitions. A member gone is a tombstone
 * (`is_deleted`), dropped by `FINAL`.
 *
 * The projector fills it from the events; a database projected before this migration must be rebuilt
 * (`npm run rebuild`) for its reports to count the complaints it already held.
 */
export const kpiMembersMigration: Migration = {
  version: 12,
  name: 'kpi_members',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.kpi_members (
      kind LowCardinality(String) COMMENT 'registered, final_reply, interim_reply, closure, follow_up, cause, lifecycle, overdue',
      at ${INSTANT} COMMENT 'the instant that places the member in a period; overdue: the start of the interval of period ends',
      until ${INSTANT} COMMENT 'overdue: the last period end of the interval; otherwise at',
      complaint_id String,
      member String COMMENT 'the stream revision of the event, the cause id, or empty (registration)',
      version UInt32 COMMENT 'stream revision of the event that wrote this version',
      is_deleted UInt8,
      business_line LowCardinality(String),
      org_unit LowCardinality(String) COMMENT 'receiving org unit',
      customer_key String,
      registered_at ${INSTANT},
      abnormal UInt8,
      merged UInt8,
      channel LowCardinality(String),
      category LowCardinality(Nullable(String)),
      severity LowCardinality(Nullable(String)),
      responsibility LowCardinality(Nullable(String)),
      escalation_level UInt8,
      escalated UInt8,
      fcr UInt8 COMMENT 'immediate reply at acknowledgement, never dispatched, escalated or reopened (up to now)',
      reopened_at ${NULLABLE_INSTANT},
      on_time Nullable(UInt8),
      running UInt8 COMMENT 'lifecycle: the event left a reply deadline running',
      deadline_at ${NULLABLE_INSTANT},
      result LowCardinality(Nullable(String)),
      timeliness LowCardinality(Nullable(String)),
      attitude LowCardinality(Nullable(String)),
      would_reuse LowCardinality(Nullable(String)),
      cause_key String COMMENT 'family/causeCode/responsibleUnit'
    )
    ENGINE = ReplacingMergeTree(version, is_deleted)
    PARTITION BY toYYYYMM(at)
    ORDER BY (kind, at, complaint_id, member, until)`,
  ],
};
