import { INSTANT, NULLABLE_INSTANT } from './analytics-tables';
import { type Migration } from './migration';

/**
 * The KPI sets' members, already shaped (`projections/kpi-member-rows.ts`): one row per thing a KPI
 * counts, dated by the instant that places it in a period, with the complaint's current state stamped
 * on it. Sorted by kind and instant, so a report reads a period's rows by key range; partitioned by the
 * month of `at`, a column every version of a key shares (it is part of the key), so reports filter on
 * the key before `FINAL` and `FINAL` never merges across partitions. A member gone is a tombstone
 * (`is_deleted`), dropped by `FINAL`.
 *
 * The projector keeps it from the events (`kpi-member-rows.ts`); for a database projected before this
 * migration, the rows of the complaints it already holds are derived here from its tables, with the
 * same rules (the overdue intervals by the same sweep over the lifecycle events), each row at the
 * complaint's current version. Run twice, the copies collapse under FINAL.
 */
const OPEN_UNTIL = `toDateTime64('2299-12-31 00:00:00', 3, 'UTC')`;
const LIFECYCLE = `('ComplaintRegistered', 'ComplaintAcknowledged', 'InterimReplySent', 'FinalReplySent',
  'ComplaintClosed', 'ComplaintReopened', 'ComplaintWithdrawn', 'ComplaintMergedInto')`;

/** The complaint's current state as every reported row carries it (`c`: its row under FINAL). */
const CURRENT = `c.business_line AS business_line, c.org_unit AS org_unit, c.customer_key AS customer_key,
  c.registered_at AS registered_at, c.abnormal AS abnormal, toUInt8(c.merged_into IS NOT NULL) AS merged,
  c.channel AS channel, c.category AS category, c.severity AS severity, c.responsibility AS responsibility,
  c.escalation_level AS escalation_level, c.escalated AS escalated,
  toUInt8(ifNull(c.reply_mode = 'immediate', 0) AND c.dispatch_count = 0 AND c.escalated = 0
          AND c.reopen_count = 0) AS fcr,
  c.reopened_at AS reopened_at`;

const NO_FACTS = {
  on_time: 'CAST(NULL AS Nullable(UInt8))',
  running: 'toUInt8(0)',
  deadline_at: "CAST(NULL AS Nullable(DateTime64(3, 'UTC')))",
  result: 'CAST(NULL AS Nullable(String))',
  timeliness: 'CAST(NULL AS Nullable(String))',
  attitude: 'CAST(NULL AS Nullable(String))',
  would_reuse: 'CAST(NULL AS Nullable(String))',
  cause_key: "''",
};

const facts = (own: Partial<Record<keyof typeof NO_FACTS, string>>) =>
  Object.entries({ ...NO_FACTS, ...own })
    .map(([column, value]) => `${value} AS ${column}`)
    .join(', ');

const COLUMNS = `kind, at, until, complaint_id, member, version, is_deleted, business_line, org_unit, customer_key,
  registered_at, abnormal, merged, channel, category, severity, responsibility, escalation_level, escalated, fcr,
  reopened_at, on_time, running, deadline_at, result, timeliness, attitude, would_reuse, cause_key`;

const complaints = (db: string) => `(SELECT * FROM ${db}.complaints FINAL) AS c`;
const events = (db: string, where: string) =>
  `(SELECT * FROM ${db}.complaint_events FINAL WHERE ${where}) AS e`;

/** One kind of rows from the event rows of `types`, dated by the event. */
const fromEvents = (db: string, kind: string, types: string, own: Parameters<typeof facts>[0] = {}) =>
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT '${kind}', e.occurred_at, e.occurred_at, c.complaint_id, toString(e.stream_revision), c.version, 0,
          ${CURRENT}, ${facts(own)}
   FROM ${events(db, `type IN ${types}`)} INNER JOIN ${complaints(db)} ON c.complaint_id = e.complaint_id`;

const backfill = (db: string) => [
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT 'registered', c.registered_at, c.registered_at, c.complaint_id, '', c.version, 0, ${CURRENT}, ${facts({})}
   FROM ${complaints(db)}`,
  fromEvents(db, 'final_reply', `('FinalReplySent')`, { on_time: 'e.on_time' }),
  fromEvents(db, 'interim_reply', `('InterimReplySent')`),
  fromEvents(db, 'closure', `('ComplaintClosed')`),
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT 'follow_up', f.recorded_at, f.recorded_at, c.complaint_id, toString(f.stream_revision), c.version, 0,
          ${CURRENT}, ${facts({
            result: 'f.result_satisfaction',
            timeliness: 'f.timeliness',
            attitude: 'f.attitude_satisfaction',
            would_reuse: 'f.would_reuse',
          })}
   FROM (SELECT * FROM ${db}.follow_ups FINAL) AS f INNER JOIN ${complaints(db)} ON c.complaint_id = f.complaint_id`,
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT 'cause', c.registered_at, c.registered_at, c.complaint_id, k.cause_id, c.version, 0, ${CURRENT},
          ${facts({ cause_key: "concat(k.family, '/', k.cause_code, '/', k.responsible_unit)" })}
   FROM (SELECT * FROM ${db}.complaint_causes FINAL WHERE active = 1) AS k
   INNER JOIN ${complaints(db)} ON c.complaint_id = k.complaint_id`,
  // Lifecycle rows carry no state: they are kept to fold the overdue intervals.
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT 'lifecycle', e.occurred_at, e.occurred_at, e.complaint_id, toString(e.stream_revision), c.version, 0,
          '', '', '', toDateTime64(0, 3, 'UTC'), 0, 0, '', NULL, NULL, NULL, 0, 0, 0, NULL,
          ${facts({
            running: "toUInt8(e.type IN ('ComplaintAcknowledged', 'InterimReplySent'))",
            deadline_at: "if(e.type IN ('ComplaintAcknowledged', 'InterimReplySent'), e.deadline_at, NULL)",
          })}
   FROM ${events(db, `type IN ${LIFECYCLE}`)} INNER JOIN ${complaints(db)} ON c.complaint_id = e.complaint_id`,
  // The sweep of kpi-member-rows.ts: at each distinct instant of a lifecycle event, the state is the
  // event of highest revision among those at or before it; a running deadline makes the period ends
  // (max(instant, deadline), next instant] overdue.
  `INSERT INTO ${db}.kpi_members (${COLUMNS})
   SELECT 'overdue', greatest(s.t, l.deadline_at), s.next_t, c.complaint_id, toString(l.stream_revision),
          c.version, 0, ${CURRENT}, ${facts({})}
   FROM (
     SELECT complaint_id, t,
            max(top) OVER (PARTITION BY complaint_id ORDER BY t
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS best,
            leadInFrame(t, 1, ${OPEN_UNTIL}) OVER (PARTITION BY complaint_id ORDER BY t
                           ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_t
     FROM (SELECT complaint_id, occurred_at AS t, max(stream_revision) AS top
           FROM ${db}.complaint_events FINAL WHERE type IN ${LIFECYCLE}
           GROUP BY complaint_id, occurred_at)
   ) AS s
   INNER JOIN (SELECT complaint_id, stream_revision, deadline_at FROM ${db}.complaint_events FINAL
               WHERE type IN ('ComplaintAcknowledged', 'InterimReplySent') AND deadline_at IS NOT NULL) AS l
     ON l.complaint_id = s.complaint_id AND l.stream_revision = s.best
   INNER JOIN ${complaints(db)} ON c.complaint_id = s.complaint_id
   WHERE greatest(s.t, l.deadline_at) < s.next_t`,
];

export const kpiMembersMigration: Migration = {
  version: 12,
  name: 'kpi_members',
  up: (db) => [
    `CREATE TABLE IF NOT EXISTS ${db}.kpi_members (
      kind LowCardinality(String) COMMENT 'registered, final_reply, interim_reply, closure, follow_up, cause, lifecycle, overdue',
      at ${INSTANT} COMMENT 'the instant that places the member in a period; overdue: the start of the interval of period ends',
      until ${INSTANT} COMMENT 'overdue: the last period end of the interval; otherwise at',
      complaint_id String,
      member String COMMENT 'the stream revision of the event, the cause id, or empty (registration)',
      version UInt32 COMMENT 'stream revision of the event that wrote this version',
      is_deleted UInt8,
      business_line LowCardinality(String),
      org_unit LowCardinality(String) COMMENT 'receiving org unit',
      customer_key String,
      registered_at ${INSTANT},
      abnormal UInt8,
      merged UInt8,
      channel LowCardinality(String),
      category LowCardinality(Nullable(String)),
      severity LowCardinality(Nullable(String)),
      responsibility LowCardinality(Nullable(String)),
      escalation_level UInt8,
      escalated UInt8,
      fcr UInt8 COMMENT 'immediate reply at acknowledgement, never dispatched, escalated or reopened (up to now)',
      reopened_at ${NULLABLE_INSTANT},
      on_time Nullable(UInt8),
      running UInt8 COMMENT 'lifecycle: the event left a reply deadline running',
      deadline_at ${NULLABLE_INSTANT},
      result LowCardinality(Nullable(String)),
      timeliness LowCardinality(Nullable(String)),
      attitude LowCardinality(Nullable(String)),
      would_reuse LowCardinality(Nullable(String)),
      cause_key String COMMENT 'family/causeCode/responsibleUnit'
    )
    ENGINE = ReplacingMergeTree(version, is_deleted)
    PARTITION BY toYYYYMM(at)
    ORDER BY (kind, at, complaint_id, member, until)`,
    ...backfill(db),
  ],
};
