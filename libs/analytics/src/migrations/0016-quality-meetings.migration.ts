import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The quality meetings (质量分析会) and their findings and decisions, without their free text (summaries
 * stay in the event log, as the corrective actions' descriptions do); and on each corrective action the
 * meeting and decision that proposed it, so each side leads to the other.
 */
export const qualityMeetingsMigration: Migration = {
  version: 16,
  name: 'quality_meetings',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.quality_meetings (
      meeting_id String,
      version UInt32 COMMENT 'stream revision of the QualityMeetingHeld event',
      global_position UInt64,
      business_line LowCardinality(String),
      week LowCardinality(String),
      org_units Array(String),
      held_at ${INSTANT},
      attendees Array(String),
      reviewed_archive_id Nullable(String),
      chaired_by String
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY meeting_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.quality_meeting_items (
      meeting_id String,
      item_id String,
      kind LowCardinality(String) COMMENT 'finding or decision',
      version UInt32 COMMENT 'stream revision of the event',
      global_position UInt64,
      cause_codes Array(LowCardinality(String)),
      finding_id Nullable(String) COMMENT 'a decision: the finding it answers',
      action_id Nullable(String) COMMENT 'a decision: the corrective action it proposes',
      recorded_at ${INSTANT}
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY (meeting_id, kind, item_id)`,
    `ALTER TABLE ${db}.corrective_actions
       ADD COLUMN IF NOT EXISTS meeting_id Nullable(String),
       ADD COLUMN IF NOT EXISTS decision_id Nullable(String)`,
  ],
};
