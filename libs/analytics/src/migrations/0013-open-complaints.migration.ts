import { type Migration } from './migration';

/**
 * The complaints still being worked, for the worklists and their badges: the same rows as `complaints`
 * (every column, each version the projector writes, written just before it), with `is_deleted` set on
 * the version that closes, withdraws or merges a complaint, so that `FINAL` drops it — and a reopening,
 * a newer version, brings it back.
 *
 * What keeps the table small is ClickHouse's clean-up merge of a ReplacingMergeTree with `is_deleted`:
 * once a month's partition has had no insert for `min_age_to_force_merge_seconds`, it is merged whole
 * and the closed complaints' rows leave it. Partitioned by the month of registration (every version of
 * a complaint shares it), the months whose complaints are settled go quiet and shrink to their few
 * still-open complaints, while new inserts land in the recent months; a worklist reads a few thousand
 * rows at a million complaints instead of the whole `complaints` table under FINAL. Clean-up only
 * removes rows; until it runs, FINAL gives the same answer.
 *
 * A later migration that adds a column to `complaints` adds it here too (the projector writes the same
 * row to both). The complaints projected before this migration are copied from `complaints`, open ones
 * only.
 */
export const openComplaintsMigration: Migration = {
  version: 13,
  name: 'open_complaints',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.open_complaints
     ENGINE = ReplacingMergeTree(version, is_deleted)
     PARTITION BY toYYYYMM(registered_at)
     ORDER BY complaint_id
     SETTINGS allow_experimental_replacing_merge_with_cleanup = 1,
              enable_replacing_merge_with_cleanup_for_min_age_to_force_merge = 1,
              min_age_to_force_merge_seconds = 60,
              min_age_to_force_merge_on_partition_only = 1
     EMPTY AS SELECT *, toUInt8(0) AS is_deleted FROM ${db}.complaints`,
    `INSERT INTO ${db}.open_complaints
     SELECT *, toUInt8(0) AS is_deleted FROM ${db}.complaints FINAL
     WHERE status NOT IN ('closed', 'withdrawn', 'merged')
     SETTINGS do_not_merge_across_partitions_select_final = 1`,
  ],
};
