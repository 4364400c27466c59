import { INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/** How far each projector has read the global feed (`projector` names it); the highest position wins under FINAL. */
export const projectionCheckpointsMigration: Migration = {
  version: 7,
  name: 'projection_checkpoints',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.projection_checkpoints (
      projector LowCardinality(String),
      position UInt64,
      updated_at ${INSTANT} DEFAULT now64(3)
    )
    ENGINE = ReplacingMergeTree(position)
    ORDER BY projector`,
  ],
};
