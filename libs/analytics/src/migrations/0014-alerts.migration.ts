import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The alert list the dashboard reads, projected from the `alert-<id>` streams: what was raised (codes,
 * counts, ids, the org units that may see it), its acknowledgement, and the webhooks that refused it.
 * Rebuilt from the log like every table, acknowledgements included.
 */
export const alertsMigration: Migration = {
  version: 14,
  name: 'alerts',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.alerts (
      alert_id String,
      rule LowCardinality(String),
      key String,
      period String,
      business_line LowCardinality(String),
      org_units Array(String),
      figures String,
      link String,
      raised_at ${INSTANT},
      global_position UInt64
    )
    ENGINE = ReplacingMergeTree
    ORDER BY alert_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.alert_acknowledgements (
      alert_id String,
      acknowledged_by String,
      role LowCardinality(String),
      acknowledged_at ${INSTANT},
      global_position UInt64
    )
    ENGINE = ReplacingMergeTree
    ORDER BY alert_id`,
    `CREATE TABLE IF NOT EXISTS ${db}.alert_dead_letters (
      alert_id String,
      webhook_id String,
      attempts UInt8,
      reason String,
      failed_at ${INSTANT},
      global_position UInt64
    )
    ENGINE = ReplacingMergeTree
    ORDER BY (alert_id, webhook_id)`,
  ],
};
