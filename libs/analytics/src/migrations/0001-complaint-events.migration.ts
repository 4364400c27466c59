import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * One row per complaint event: its identity, when it happened, and the facts worth counting by
 * (business line, channel, org unit, category as of that event). No personal data and no free text.
 * A redelivered event has the same (complaint_id, stream_revision) and collapses under FINAL.
 */
export const complaintEventsMigration: Migration = {
  version: 1,
  name: 'complaint_events',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.complaint_events (
      event_id UUID,
      global_position UInt64,
      stream_id String,
      stream_revision UInt32,
      complaint_id String,
      type LowCardinality(String),
      schema_version UInt16,
      occurred_at ${INSTANT},
      recorded_at ${INSTANT},
      actor_id Nullable(String) COMMENT 'job number or system that issued the command',
      business_line LowCardinality(String),
      channel LowCardinality(String),
      org_unit LowCardinality(String) COMMENT 'receiving org unit',
      category LowCardinality(Nullable(String)),
      severity LowCardinality(Nullable(String)),
      escalation_level Nullable(UInt8) COMMENT 'ComplaintEscalated: the level reached',
      deadline_at ${NULLABLE_INSTANT} COMMENT 'the deadline the event set: acknowledgement, interim reply, dispatch',
      on_time Nullable(UInt8) COMMENT 'FinalReplySent: within the deadline; DispatchReturned: not overdue',
      amount Nullable(Decimal(18, 2)) COMMENT 'ResolutionProposed: total amount offered'
    )
    ENGINE = ReplacingMergeTree
    PARTITION BY toYYYYMM(occurred_at)
    ORDER BY (complaint_id, stream_revision)`,
  ],
};
