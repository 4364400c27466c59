/** The tables the migrations create; projections emit rows under the same names. */
export const ANALYTICS_TABLES = {
  complaintEvents: 'complaint_events',
  complaints: 'complaints',
  complaintCauses: 'complaint_causes',
  followUps: 'follow_ups',
  correctiveActions: 'corrective_actions',
  rejectedEvents: 'rejected_events',
  projectionCheckpoints: 'projection_checkpoints',
  revokedTokens: 'revoked_tokens',
  kpiMembers: 'kpi_members',
  openComplaints: 'open_complaints',
  alerts: 'alerts',
  alertAcknowledgements: 'alert_acknowledgements',
  alertDeadLetters: 'alert_dead_letters',
  weeklyPackArchives: 'weekly_pack_archives',
  qualityMeetings: 'quality_meetings',
  qualityMeetingItems: 'quality_meeting_items',
  schemaMigrations: 'schema_migrations',
} as const;

export type AnalyticsTable = (typeof ANALYTICS_TABLES)[keyof typeof ANALYTICS_TABLES];

/** Instants: millisecond precision, always UTC; reporting time zones are applied when querying. */
export const INSTANT = "DateTime64(3, 'UTC')";
export const NULLABLE_INSTANT = `Nullable(${INSTANT})`;
