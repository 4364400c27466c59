import { NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The accountability consequence of each cause (the fairness report's rows): as the supervisor decided
 * it, and as it stands after an appeal. Causes attributed before consequences existed keep nulls, which
 * is what a rebuild from their events gives too.
 */
export const causeConsequencesMigration: Migration = {
  version: 10,
  name: 'cause_consequences',
  up: (db) => [
    `ALTER TABLE ${db}.complaint_causes
      ADD COLUMN IF NOT EXISTS consequence_severity LowCardinality(Nullable(String))
        COMMENT 'the complaint severity when the consequence was decided',
      ADD COLUMN IF NOT EXISTS decided_consequence LowCardinality(Nullable(String)) COMMENT 'ladder rung as first decided',
      ADD COLUMN IF NOT EXISTS decided_points Nullable(UInt32),
      ADD COLUMN IF NOT EXISTS consequence_decided_by Nullable(String) COMMENT 'job number of the deciding supervisor',
      ADD COLUMN IF NOT EXISTS consequence_decided_at ${NULLABLE_INSTANT},
      ADD COLUMN IF NOT EXISTS consequence LowCardinality(Nullable(String)) COMMENT 'rung in force after any appeal',
      ADD COLUMN IF NOT EXISTS consequence_points Nullable(UInt32),
      ADD COLUMN IF NOT EXISTS appeal_decided_by Nullable(String)`,
  ],
};
