import { type Migration } from './migration';

/**
 * What searching and working complaints needs from their current state (`GET /complaints`, worklists):
 * the upstream system's own id of a complaint, its open dispatches and who holds them, the departments
 * it was ever dispatched to (which, with the receiving unit, make its scope, as on the command side), its
 * active cause codes and whether a cause's appeal is pending.
 *
 * Look-ups by acceptance number or upstream id read one granule through a bloom-filter skip index, then
 * the complaint's versions by its sorting key (`complaint_id`); neither value ever changes for a key, so
 * the index may be read before FINAL. Rows projected before this migration keep the defaults until
 * their complaint's next event (causes, appeals) or a rebuild (source, dispatches): `npm run rebuild`.
 */
const COLUMNS = [
  `source_system LowCardinality(String) DEFAULT '' COMMENT 'upstream system that sent it; empty when registered here'`,
  `source_external_id String DEFAULT '' COMMENT 'its id in that system'`,
  `open_dispatch_ids Array(String) DEFAULT [] COMMENT 'dispatches not returned yet'`,
  `open_dispatch_assignees Array(String) DEFAULT [] COMMENT 'who holds each open dispatch: a job number or a department'`,
  `dispatched_units Array(String) DEFAULT [] COMMENT 'departments it was ever dispatched to (its scope, with org_unit)'`,
  `cause_codes Array(String) DEFAULT [] COMMENT 'active root-cause codes'`,
  `appeal_pending UInt8 DEFAULT 0 COMMENT 'a staff appeal against one of its causes awaits a decision'`,
];

const INDEXES = [
  ['complaints_acceptance_number', 'acceptance_number'],
  ['complaints_source_external_id', 'source_external_id'],
] as const;

export const complaintSearchMigration: Migration = {
  version: 11,
  name: 'complaint_search_columns',
  up: (db) => [
    ...COLUMNS.map((column) => `ALTER TABLE ${db}.complaints ADD COLUMN IF NOT EXISTS ${column}`),
    ...INDEXES.map(
      ([name, column]) =>
        `ALTER TABLE ${db}.complaints ADD INDEX IF NOT EXISTS ${name} ${column} TYPE bloom_filter(0.001) GRANULARITY 1`,
    ),
    ...INDEXES.map(([name]) => `ALTER TABLE ${db}.complaints MATERIALIZE INDEX ${name}`),
  ],
};
