import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The archived weekly packs, served as they were recorded in the event log (`WeeklyPackArchived`): one
 * row per line, week and org unit ('' for the whole line). The figures are the frozen pack as JSON; a
 * rebuild replays the same event, so it writes the same row.
 */
export const weeklyPackArchivesMigration: Migration = {
  version: 15,
  name: 'weekly_pack_archives',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.weekly_pack_archives (
      archive_id String,
      version UInt32 COMMENT 'stream revision of the event',
      global_position UInt64,
      business_line LowCardinality(String),
      week LowCardinality(String),
      org_unit String COMMENT 'empty for the whole business line',
      time_zone LowCardinality(String),
      definitions_version String,
      generated_at ${INSTANT},
      figures String COMMENT 'the pack as JSON'
    )
    ENGINE = ReplacingMergeTree(version)
    ORDER BY (business_line, week, org_unit)`,
  ],
};
