/**
 * Rows as the tables hold them and as queries give them back (see the port): instants as ISO-8601 UTC
 * strings with milliseconds, UInt64 as decimal strings, flags as 0 / 1. A row read back from ClickHouse
 * is therefore equal to the row a projection produced, and can be folded further.
 */
export type Instant = string;
export type Flag = 0 | 1;

export type ComplaintEventRow = {
  event_id: string;
  global_position: string;
  stream_id: string;
  stream_revision: number;
  complaint_id: string;
  type: string;
  schema_version: number;
  occurred_at: Instant;
  recorded_at: Instant;
  actor_id: string | null;
  business_line: string;
  channel: string;
  org_unit: string;
  category: string | null;
  severity: string | null;
  escalation_level: number | null;
  deadline_at: Instant | null;
  on_time: Flag | null;
  amount: number | null;
};

export type ComplaintRow = {
  complaint_id: string;
  version: number;
  global_position: string;
  updated_at: Instant;
  acceptance_number: string;
  business_line: string;
  channel: string;
  org_unit: string;
  received_by: string;
  handler: string;
  customer_key: string;
  category: string | null;
  severity: string | null;
  responsibility: string | null;
  form: string | null;
  incident_id: string | null;
  classified_at: Instant | null;
  abnormal: Flag;
  merged_into: string | null;
  duplicate_count: number;
  registered_at: Instant;
  acknowledged_at: Instant | null;
  reply_mode: string | null;
  reply_deadline: Instant | null;
  first_reply_at: Instant | null;
  interim_reply_count: number;
  last_interim_reply_at: Instant | null;
  final_reply_at: Instant | null;
  deadline_met: Flag | null;
  dispatch_count: number;
  overdue_dispatch_count: number;
  escalation_level: number;
  escalated: Flag;
  investigated_at: Instant | null;
  resolution_status: string | null;
  resolution_amount: number | null;
  follow_up_count: number;
  followed_up_at: Instant | null;
  follow_up_result: string | null;
  follow_up_timeliness: string | null;
  follow_up_attitude: string | null;
  follow_up_would_reuse: string | null;
  status: string;
  closed_at: Instant | null;
  close_outcome: string | null;
  reopened_at: Instant | null;
  reopen_count: number;
  withdrawn_at: Instant | null;
  source_system: string;
  source_external_id: string;
  /** Parallel lists: each open dispatch and who holds it (a job number or a department). */
  open_dispatch_ids: string[];
  open_dispatch_assignees: string[];
  dispatched_units: string[];
  cause_codes: string[];
  appeal_pending: Flag;
};

export type ComplaintCauseRow = {
  complaint_id: string;
  cause_id: string;
  version: number;
  global_position: string;
  business_line: string;
  family: string;
  cause_code: string;
  responsible_unit: string;
  staff_job_number: string | null;
  attributed_at: Instant;
  active: Flag;
  deactivated_at: Instant | null;
  appeal_filed_at: Instant | null;
  appeal_outcome: string | null;
  appeal_decided_at: Instant | null;
  /** The complaint's severity when the consequence was first decided. */
  consequence_severity: string | null;
  /** As first decided, before any appeal. */
  decided_consequence: string | null;
  decided_points: number | null;
  consequence_decided_by: string | null;
  consequence_decided_at: Instant | null;
  /** In force: as decided, or as an upheld appeal lowered it. */
  consequence: string | null;
  consequence_points: number | null;
  appeal_decided_by: string | null;
};

export type FollowUpRow = {
  complaint_id: string;
  stream_revision: number;
  event_id: string;
  global_position: string;
  business_line: string;
  channel: string;
  org_unit: string;
  handler: string;
  method: string;
  level: string;
  result_satisfaction: string;
  timeliness: string;
  attitude_satisfaction: string;
  would_reuse: string;
  recorded_at: Instant;
};

export type CorrectiveActionRow = {
  action_id: string;
  version: number;
  global_position: string;
  updated_at: Instant;
  business_line: string;
  meeting_date: Instant;
  cause_codes: string[];
  org_units: string[];
  owner: string;
  due_at: Instant;
  status: string;
  proposed_at: Instant;
  started_at: Instant | null;
  completed_at: Instant | null;
  completed_overdue: Flag | null;
  verified_at: Instant | null;
  verified_by: string | null;
  effective: Flag | null;
  /** The quality meeting and decision that proposed it (none for an action proposed on its own). */
  meeting_id: string | null;
  decision_id: string | null;
};

/**
 * One member of a KPI set (`kpi-member-rows.ts`): `kind`, `at`, `until`, `complaint_id` and `member`
 * identify it; the complaint's current state is stamped on it; `is_deleted` marks a member gone.
 */
export type KpiMemberRow = {
  kind: string;
  at: Instant;
  until: Instant;
  complaint_id: string;
  member: string;
  version: number;
  is_deleted: Flag;
  business_line: string;
  org_unit: string;
  customer_key: string;
  registered_at: Instant;
  abnormal: Flag;
  merged: Flag;
  channel: string;
  category: string | null;
  severity: string | null;
  responsibility: string | null;
  escalation_level: number;
  escalated: Flag;
  fcr: Flag;
  reopened_at: Instant | null;
  on_time: Flag | null;
  running: Flag;
  deadline_at: Instant | null;
  result: string | null;
  timeliness: string | null;
  attitude: string | null;
  would_reuse: string | null;
  cause_key: string;
};

/** `rejected_at` is left to the table's DEFAULT: a projection reads no clock. */
export type RejectedEventRow = {
  event_id: string;
  global_position: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  recorded_at: Instant;
  reason: string;
};

/** A token revoked before it expires (see the revocation stream): no subject, no roles, only its id. */
export type RevokedTokenRow = {
  token_id: string;
  expires_at: Instant;
  revoked_at: Instant;
  global_position: string;
};

/** An archived weekly pack (`WeeklyPackArchived`), frozen: `figures` is the pack's JSON. */
export type WeeklyPackArchiveRow = {
  archive_id: string;
  version: number;
  global_position: string;
  business_line: string;
  week: string;
  org_unit: string;
  time_zone: string;
  definitions_version: string;
  generated_at: Instant;
  figures: string;
};

/** A quality meeting as held; its findings and decisions are `quality_meeting_items`. */
export type QualityMeetingRow = {
  meeting_id: string;
  version: number;
  global_position: string;
  business_line: string;
  week: string;
  org_units: string[];
  held_at: Instant;
  attendees: string[];
  reviewed_archive_id: string | null;
  chaired_by: string;
};

/** A finding or a decision of a meeting, without its summary. */
export type QualityMeetingItemRow = {
  meeting_id: string;
  item_id: string;
  kind: 'finding' | 'decision';
  version: number;
  global_position: string;
  cause_codes: string[];
  finding_id: string | null;
  action_id: string | null;
  recorded_at: Instant;
};

export type AnalyticsRows = {
  complaint_events: ComplaintEventRow[];
  complaints: ComplaintRow[];
  complaint_causes: ComplaintCauseRow[];
  follow_ups: FollowUpRow[];
  corrective_actions: CorrectiveActionRow[];
  rejected_events: RejectedEventRow[];
  revoked_tokens: RevokedTokenRow[];
  kpi_members: KpiMemberRow[];
  weekly_pack_archives: WeeklyPackArchiveRow[];
  quality_meetings: QualityMeetingRow[];
  quality_meeting_items: QualityMeetingItemRow[];
};

export type ProjectedTable = keyof AnalyticsRows;

/**
 * The order a projector writes a batch in: the state tables, whose `version` marks an event as applied,
 * go last, so that a crash between two inserts is repaired by the redelivery that follows.
 */
export const PROJECTED_TABLES_IN_WRITE_ORDER: readonly ProjectedTable[] = [
  'rejected_events',
  'revoked_tokens',
  'complaint_events',
  'follow_ups',
  'complaint_causes',
  'corrective_actions',
  'weekly_pack_archives',
  'quality_meetings',
  'quality_meeting_items',
  'kpi_members',
  'complaints',
];

export const emptyRows = (): AnalyticsRows => ({
  complaint_events: [],
  complaints: [],
  complaint_causes: [],
  follow_ups: [],
  corrective_actions: [],
  rejected_events: [],
  revoked_tokens: [],
  kpi_members: [],
  weekly_pack_archives: [],
  quality_meetings: [],
  quality_meeting_items: [],
});

/** Appends `more` to `into` (in place) and returns it. */
export const appendRows = (into: AnalyticsRows, more: Partial<AnalyticsRows>): AnalyticsRows => {
  for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
    const rows = more[table];
    if (rows) (into[table] as unknown[]).push(...rows);
  }
  return into;
};
