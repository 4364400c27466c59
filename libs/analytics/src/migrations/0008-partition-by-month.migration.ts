import { type Migration } from './migration';

/**
 * Partitions `complaints` by the month of registration and `follow_ups` by the month recorded, so that
 * a report over a week or a month reads one or two partitions instead of every row. Both columns never
 * change for a key (every version of a complaint row carries the same `registered_at`), so all versions
 * of a key share a partition: reports may filter on them before `FINAL`, and `FINAL` need not merge
 * across partitions.
 *
 * ClickHouse cannot re-partition a table in place: each table is copied into a partitioned twin, which
 * is then swapped in atomically (`EXCHANGE TABLES`, Atomic databases) and the old copy dropped. Only the
 * projector migrates, at start-up, before it writes; a step run twice leaves the rows intact (copies of a
 * version collapse under FINAL), at worst with the old partitioning.
 */
const repartition = (db: string, table: string, partitionBy: string, orderBy: string, version: string) => [
  `CREATE TABLE IF NOT EXISTS ${db}.${table}_by_month AS ${db}.${table}
   ENGINE = ReplacingMergeTree(${version}) PARTITION BY ${partitionBy} ORDER BY ${orderBy}`,
  `INSERT INTO ${db}.${table}_by_month SELECT * FROM ${db}.${table}`,
  `EXCHANGE TABLES ${db}.${table} AND ${db}.${table}_by_month`,
  `DROP TABLE IF EXISTS ${db}.${table}_by_month`,
];

export const partitionByMonthMigration: Migration = {
  version: 8,
  name: 'partition_complaints_and_follow_ups_by_month',
  up: (db) => [
    ...repartition(db, 'complaints', 'toYYYYMM(registered_at)', 'complaint_id', 'version'),
    ...repartition(db, 'follow_ups', 'toYYYYMM(recorded_at)', '(complaint_id, stream_revision)', ''),
  ],
};
