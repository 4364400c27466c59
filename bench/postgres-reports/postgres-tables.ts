import { assertIdentifier } from '@app/analytics';
import { type Pool } from 'pg';

/**
 * The analytics tables of `libs/analytics/src/migrations` in PostgreSQL, for the benchmark that compares
 * the reports on both engines. Types follow the ClickHouse ones: `DateTime64(3, 'UTC')` → `timestamptz(3)`,
 * `UInt8` → `smallint`, `UInt16` → `integer`, `UInt32` / `UInt64` → `bigint`, `Decimal(18, 2)` →
 * `numeric(18, 2)`, `Array(String)` → `text[]`; strings compare byte-wise (`COLLATE "C"`), as ClickHouse's
 * do, so orderings and `min` agree. Each table's primary key is the ClickHouse `ORDER BY` key: a
 * `ReplacingMergeTree` keeps one row per key (the highest version), which the loader keeps by upserting.
 */
const TEXT = 'text COLLATE "C"';
const INSTANT = 'timestamptz(3)';

const TABLES = (s: string): string[] => [
  `CREATE TABLE ${s}.complaint_events (
    event_id uuid NOT NULL,
    global_position bigint NOT NULL,
    stream_id ${TEXT} NOT NULL,
    stream_revision bigint NOT NULL,
    complaint_id ${TEXT} NOT NULL,
    type ${TEXT} NOT NULL,
    schema_version integer NOT NULL,
    occurred_at ${INSTANT} NOT NULL,
    recorded_at ${INSTANT} NOT NULL,
    actor_id ${TEXT},
    business_line ${TEXT} NOT NULL,
    channel ${TEXT} NOT NULL,
    org_unit ${TEXT} NOT NULL,
    category ${TEXT},
    severity ${TEXT},
    escalation_level smallint,
    deadline_at ${INSTANT},
    on_time smallint,
    amount numeric(18, 2),
    PRIMARY KEY (complaint_id, stream_revision)
  )`,
  `CREATE TABLE ${s}.complaints (
    complaint_id ${TEXT} NOT NULL PRIMARY KEY,
    version bigint NOT NULL,
    global_position bigint NOT NULL,
    updated_at ${INSTANT} NOT NULL,
    acceptance_number ${TEXT} NOT NULL,
    business_line ${TEXT} NOT NULL,
    channel ${TEXT} NOT NULL,
    org_unit ${TEXT} NOT NULL,
    received_by ${TEXT} NOT NULL,
    handler ${TEXT} NOT NULL,
    customer_key ${TEXT} NOT NULL,
    category ${TEXT},
    severity ${TEXT},
    responsibility ${TEXT},
    form ${TEXT},
    incident_id ${TEXT},
    classified_at ${INSTANT},
    abnormal smallint NOT NULL,
    merged_into ${TEXT},
    duplicate_count integer NOT NULL,
    registered_at ${INSTANT} NOT NULL,
    acknowledged_at ${INSTANT},
    reply_mode ${TEXT},
    reply_deadline ${INSTANT},
    first_reply_at ${INSTANT},
    interim_reply_count integer NOT NULL,
    last_interim_reply_at ${INSTANT},
    final_reply_at ${INSTANT},
    deadline_met smallint,
    dispatch_count integer NOT NULL,
    overdue_dispatch_count integer NOT NULL,
    escalation_level smallint NOT NULL,
    escalated smallint NOT NULL,
    investigated_at ${INSTANT},
    resolution_status ${TEXT},
    resolution_amount numeric(18, 2),
    follow_up_count integer NOT NULL,
    followed_up_at ${INSTANT},
    follow_up_result ${TEXT},
    follow_up_timeliness ${TEXT},
    follow_up_attitude ${TEXT},
    follow_up_would_reuse ${TEXT},
    status ${TEXT} NOT NULL,
    closed_at ${INSTANT},
    close_outcome ${TEXT},
    reopened_at ${INSTANT},
    reopen_count integer NOT NULL,
    withdrawn_at ${INSTANT},
    source_system ${TEXT} NOT NULL,
    source_external_id ${TEXT} NOT NULL,
    open_dispatch_ids text[] COLLATE "C" NOT NULL,
    open_dispatch_assignees text[] COLLATE "C" NOT NULL,
    dispatched_units text[] COLLATE "C" NOT NULL,
    cause_codes text[] COLLATE "C" NOT NULL,
    appeal_pending smallint NOT NULL
  )`,
  `CREATE TABLE ${s}.complaint_causes (
    complaint_id ${TEXT} NOT NULL,
    cause_id ${TEXT} NOT NULL,
    version bigint NOT NULL,
    global_position bigint NOT NULL,
    business_line ${TEXT} NOT NULL,
    family ${TEXT} NOT NULL,
    cause_code ${TEXT} NOT NULL,
    responsible_unit ${TEXT} NOT NULL,
    staff_job_number ${TEXT},
    attributed_at ${INSTANT} NOT NULL,
    active smallint NOT NULL,
    deactivated_at ${INSTANT},
    appeal_filed_at ${INSTANT},
    appeal_outcome ${TEXT},
    appeal_decided_at ${INSTANT},
    consequence_severity ${TEXT},
    decided_consequence ${TEXT},
    decided_points integer,
    consequence_decided_by ${TEXT},
    consequence_decided_at ${INSTANT},
    consequence ${TEXT},
    consequence_points integer,
    appeal_decided_by ${TEXT},
    PRIMARY KEY (complaint_id, cause_id)
  )`,
  `CREATE TABLE ${s}.follow_ups (
    complaint_id ${TEXT} NOT NULL,
    stream_revision bigint NOT NULL,
    event_id uuid NOT NULL,
    global_position bigint NOT NULL,
    business_line ${TEXT} NOT NULL,
    channel ${TEXT} NOT NULL,
    org_unit ${TEXT} NOT NULL,
    handler ${TEXT} NOT NULL,
    method ${TEXT} NOT NULL,
    level ${TEXT} NOT NULL,
    result_satisfaction ${TEXT} NOT NULL,
    timeliness ${TEXT} NOT NULL,
    attitude_satisfaction ${TEXT} NOT NULL,
    would_reuse ${TEXT} NOT NULL,
    recorded_at ${INSTANT} NOT NULL,
    PRIMARY KEY (complaint_id, stream_revision)
  )`,
  `CREATE TABLE ${s}.corrective_actions (
    action_id ${TEXT} NOT NULL PRIMARY KEY,
    version bigint NOT NULL,
    global_position bigint NOT NULL,
    updated_at ${INSTANT} NOT NULL,
    business_line ${TEXT} NOT NULL,
    meeting_date ${INSTANT} NOT NULL,
    cause_codes text[] COLLATE "C" NOT NULL,
    org_units text[] COLLATE "C" NOT NULL,
    owner ${TEXT} NOT NULL,
    due_at ${INSTANT} NOT NULL,
    status ${TEXT} NOT NULL,
    proposed_at ${INSTANT} NOT NULL,
    started_at ${INSTANT},
    completed_at ${INSTANT},
    completed_overdue smallint,
    verified_at ${INSTANT},
    verified_by ${TEXT},
    effective smallint,
    meeting_id ${TEXT},
    decision_id ${TEXT}
  )`,
  `CREATE TABLE ${s}.rejected_events (
    event_id ${TEXT} NOT NULL PRIMARY KEY,
    global_position bigint NOT NULL,
    stream_id ${TEXT} NOT NULL,
    stream_revision bigint NOT NULL,
    type ${TEXT} NOT NULL,
    schema_version integer NOT NULL,
    recorded_at ${INSTANT} NOT NULL,
    reason text NOT NULL,
    rejected_at ${INSTANT} NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE ${s}.revoked_tokens (
    token_id ${TEXT} NOT NULL PRIMARY KEY,
    expires_at ${INSTANT} NOT NULL,
    revoked_at ${INSTANT} NOT NULL,
    global_position bigint NOT NULL
  )`,
  `CREATE TABLE ${s}.projection_checkpoints (
    projector ${TEXT} NOT NULL PRIMARY KEY,
    position bigint NOT NULL,
    updated_at ${INSTANT} NOT NULL DEFAULT now()
  )`,
];

/**
 * The secondary indexes the reports' filters want: instants that place a fact in a period, the event
 * types read by period, a customer's earlier complaints of a category, complaints changed since an
 * instant, open complaints by reply deadline, and the corrective-action effects' look-ups (active causes
 * by what an action targets, then their counted complaints' registration), both covering so that they
 * are index-only. Built after a bulk load, which is faster than maintaining them row by row.
 */
const INDEXES = (s: string): string[] => [
  `CREATE INDEX complaint_events_type_occurred_at ON ${s}.complaint_events (type, occurred_at)
     INCLUDE (complaint_id, on_time)`,
  `CREATE INDEX complaints_registered_at ON ${s}.complaints (registered_at)`,
  `CREATE INDEX complaints_updated_at ON ${s}.complaints (updated_at)`,
  `CREATE INDEX complaints_customer_line_category ON ${s}.complaints
     (customer_key, business_line, category, registered_at)`,
  `CREATE INDEX complaints_acknowledged_deadline ON ${s}.complaints (reply_deadline)
     WHERE status = 'acknowledged'`,
  `CREATE INDEX complaints_counted_registered_at ON ${s}.complaints (complaint_id) INCLUDE (registered_at)
     WHERE merged_into IS NULL AND abnormal = 0`,
  `CREATE INDEX complaint_causes_target ON ${s}.complaint_causes (business_line, cause_code, responsible_unit)
     INCLUDE (complaint_id) WHERE active = 1`,
  `CREATE INDEX follow_ups_recorded_at ON ${s}.follow_ups (recorded_at)`,
  `CREATE INDEX corrective_actions_verified_at ON ${s}.corrective_actions (verified_at)`,
];

export const REPORT_TABLES = [
  'complaint_events',
  'complaints',
  'complaint_causes',
  'follow_ups',
  'corrective_actions',
  'rejected_events',
  'revoked_tokens',
  'projection_checkpoints',
] as const;

/** A schema name as SQL: checked, then quoted so that its case is kept. */
export const schemaName = (schema: string): string => `"${assertIdentifier(schema)}"`;

/** Creates the schema and its tables with their primary keys; `createReportIndexes` once loaded. */
export async function createReportTables(pool: Pool, schema: string): Promise<void> {
  const s = schemaName(schema);
  await pool.query(`CREATE SCHEMA ${s}`);
  for (const statement of TABLES(s)) await pool.query(statement);
}

export async function createReportIndexes(pool: Pool, schema: string): Promise<void> {
  for (const statement of INDEXES(schemaName(schema))) await pool.query(statement);
}

/** Fresh statistics and visibility map after a load, so plans and index-only scans are as in steady state. */
export async function vacuumAnalyze(pool: Pool, schema: string): Promise<void> {
  const s = schemaName(schema);
  for (const table of REPORT_TABLES) await pool.query(`VACUUM ANALYZE ${s}.${table}`);
}

export async function dropReportSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${schemaName(schema)} CASCADE`);
}
