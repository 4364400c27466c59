import { type Bounds, type MemberSetId, REPEAT_WINDOW_DAYS } from '@app/analytics/kpi/shared';
import { type PgParams } from './postgres-params';

/**
 * The member sets of `libs/analytics/src/kpi/shared/kpi-sets.ts` in PostgreSQL: the same definitions, the same
 * columns (`complaint_id`, `key`, `at`), so that the same TypeScript turns the counts into the pack. The
 * tables hold one row per key already (the loader keeps what `FINAL` shows), so no deduplication is
 * needed here. Period bounds and filters are bound through `PgParams` under the names the ClickHouse
 * statements use (`start`, `end`, `businessLine`, `orgUnit`…); only the checked schema is written in.
 *
 * Written as a PostgreSQL engineer would for these indexes: correlated look-ups by primary key where
 * ClickHouse joins whole sets, and the two disjoint halves of the overdue rule as a UNION ALL so that
 * each uses its own index.
 */
type SetSql = (s: string, bounds: Bounds, p: PgParams) => string;

const instant = (p: PgParams, name: string) => p.ref(name, 'timestamptz');
const inPeriod = (column: string, bounds: Bounds, p: PgParams) =>
  `${column} >= ${instant(p, bounds.start)} AND ${column} < ${instant(p, bounds.end)}`;

const businessLine = (p: PgParams) =>
  `(${p.ref('businessLine', 'text')} IS NULL OR business_line = ${p.ref('businessLine', 'text')})`;
const orgUnit = (p: PgParams) =>
  `(${p.ref('orgUnit', 'text')} IS NULL OR org_unit = ${p.ref('orgUnit', 'text')})`;

/** Counted complaints: of the filtered line (and org unit unless `anyOrgUnit`), not merged, not abnormal. */
export const countedComplaints = (s: string, p: PgParams, { anyOrgUnit = false } = {}) =>
  `(SELECT * FROM ${s}.complaints
    WHERE merged_into IS NULL AND abnormal = 0 AND ${businessLine(p)}${anyOrgUnit ? '' : ` AND ${orgUnit(p)}`})`;

const registeredIn = (s: string, bounds: Bounds, p: PgParams, key: string, where = '') =>
  `SELECT complaint_id, ${key} AS key, registered_at AS at
   FROM ${countedComplaints(s, p)} AS c
   WHERE ${inPeriod('registered_at', bounds, p)}${where ? ` AND ${where}` : ''}`;

const breakdown = (column: string) => `coalesce(${column}, 'unclassified')`;

const eventsOfCounted = (s: string, bounds: Bounds, p: PgParams, type: string, key: string) =>
  `SELECT complaint_id, ${key} AS key, occurred_at AS at
   FROM ${s}.complaint_events
   WHERE type = '${type}' AND ${inPeriod('occurred_at', bounds, p)}
     AND complaint_id IN (SELECT complaint_id FROM ${countedComplaints(s, p)} AS c)`;

/**
 * Complaints closed in the period (dated by their last closure in it) with the closure KPIs' flags:
 * `fcr` (immediate reply, never dispatched, escalated or reopened) and `reopened` (reopened after that
 * closure, up to now), the last reopening looked up by key for each closed complaint.
 */
const closures = (s: string, bounds: Bounds, p: PgParams) =>
  `(SELECT c.complaint_id, k.closed_at,
           c.reply_mode = 'immediate' AND c.dispatch_count = 0 AND c.escalated = 0 AND c.reopen_count = 0 AS fcr,
           r.last_reopen > k.closed_at AS reopened
    FROM (SELECT complaint_id, max(occurred_at) AS closed_at
          FROM ${s}.complaint_events
          WHERE type = 'ComplaintClosed' AND ${inPeriod('occurred_at', bounds, p)}
          GROUP BY complaint_id) AS k
    JOIN ${countedComplaints(s, p)} AS c ON c.complaint_id = k.complaint_id
    LEFT JOIN LATERAL (SELECT max(e.occurred_at) AS last_reopen
                       FROM ${s}.complaint_events AS e
                       WHERE e.complaint_id = k.complaint_id AND e.type = 'ComplaintReopened') AS r ON true)`;

/** Whole days from registration to the end, counted as ClickHouse's `dateDiff('second', …)` does. */
const ageInDays = (end: string) =>
  `div(floor(extract(epoch FROM ${end}))::bigint - floor(extract(epoch FROM registered_at))::bigint, 86400)`;
const AGE_BUCKET = `CASE WHEN age <= 2 THEN '0-2' WHEN age <= 7 THEN '3-7' WHEN age <= 14 THEN '8-14'
                         WHEN age <= 30 THEN '15-30' ELSE '31+' END`;
const LIFECYCLE = `('ComplaintRegistered', 'ComplaintAcknowledged', 'InterimReplySent', 'FinalReplySent',
  'ComplaintClosed', 'ComplaintReopened', 'ComplaintWithdrawn', 'ComplaintMergedInto')`;
const RUNNING = `('ComplaintAcknowledged', 'InterimReplySent')`;

/**
 * Overdue at the end of the period: a complaint unchanged since then is in its current state (status
 * 'acknowledged' keeps a reply deadline running); one changed since is judged by its last lifecycle
 * event before the end, in stream order, looked up backwards on the primary key.
 */
const overdueOpen: SetSql = (s, bounds, p) => {
  const end = instant(p, bounds.end);
  return `SELECT complaint_id, ${AGE_BUCKET} AS key, at
  FROM (
    SELECT complaint_id, registered_at AS at, ${ageInDays(end)} AS age
    FROM ${countedComplaints(s, p)} AS c
    WHERE registered_at < ${end} AND updated_at < ${end}
      AND status = 'acknowledged' AND reply_deadline < ${end}
    UNION ALL
    SELECT complaint_id, registered_at AS at, ${ageInDays(end)} AS age
    FROM ${countedComplaints(s, p)} AS c
    WHERE registered_at < ${end} AND updated_at >= ${end}
      AND EXISTS (
        SELECT 1
        FROM (SELECT e.type, e.deadline_at
              FROM ${s}.complaint_events AS e
              WHERE e.complaint_id = c.complaint_id AND e.occurred_at < ${end} AND e.type IN ${LIFECYCLE}
              ORDER BY e.stream_revision DESC
              LIMIT 1) AS last
        WHERE last.type IN ${RUNNING} AND last.deadline_at < ${end})
  ) AS o`;
};

const countedFollowUpIn = (s: string, bounds: Bounds, p: PgParams) =>
  `${inPeriod('f.recorded_at', bounds, p)}
   AND f.complaint_id IN (SELECT complaint_id FROM ${countedComplaints(s, p)} AS c)`;

const SETS: Record<MemberSetId, SetSql> = {
  volume: (s, bounds, p) => registeredIn(s, bounds, p, `''`),
  abnormal: (s, bounds, p) =>
    `SELECT complaint_id, '' AS key, registered_at AS at
     FROM ${s}.complaints
     WHERE merged_into IS NULL AND abnormal = 1 AND ${businessLine(p)} AND ${orgUnit(p)}
       AND ${inPeriod('registered_at', bounds, p)}`,
  'breakdowns.channel': (s, bounds, p) => registeredIn(s, bounds, p, 'channel'),
  'breakdowns.category': (s, bounds, p) => registeredIn(s, bounds, p, breakdown('category')),
  'breakdowns.severity': (s, bounds, p) => registeredIn(s, bounds, p, breakdown('severity')),
  'breakdowns.responsibility': (s, bounds, p) => registeredIn(s, bounds, p, breakdown('responsibility')),
  'breakdowns.orgUnit': (s, bounds, p) => registeredIn(s, bounds, p, 'org_unit'),
  finalReplies: (s, bounds, p) =>
    eventsOfCounted(s, bounds, p, 'FinalReplySent', `CASE WHEN on_time = 1 THEN 'onTime' ELSE 'late' END`),
  interimReplies: (s, bounds, p) => eventsOfCounted(s, bounds, p, 'InterimReplySent', `''`),
  overdueOpen,
  escalated: (s, bounds, p) => registeredIn(s, bounds, p, 'escalation_level::text', 'escalated = 1'),
  closed: (s, bounds, p) =>
    `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(s, bounds, p)} AS k`,
  firstContactResolution: (s, bounds, p) =>
    `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(s, bounds, p)} AS k WHERE fcr`,
  reopened: (s, bounds, p) =>
    `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(s, bounds, p)} AS k WHERE reopened`,
  // A customer's earlier counted complaint of the same category and business line (any receiving unit)
  // within the window (in hours: exact instants whatever the session's zone), found through the
  // (customer_key, business_line, category, registered_at) index.
  repeatCustomer: (s, bounds, p) =>
    `SELECT n.complaint_id, '' AS key, n.registered_at AS at
     FROM ${countedComplaints(s, p)} AS n
     WHERE ${inPeriod('n.registered_at', bounds, p)} AND n.category IS NOT NULL
       AND EXISTS (
         SELECT 1 FROM ${countedComplaints(s, p, { anyOrgUnit: true })} AS e
         WHERE e.customer_key = n.customer_key AND e.business_line = n.business_line
           AND e.category = n.category
           AND e.complaint_id <> n.complaint_id
           AND e.registered_at < n.registered_at
           AND e.registered_at >= n.registered_at - make_interval(hours => 24 * ${p.value(REPEAT_WINDOW_DAYS, 'integer')}))`,
  followUps: (s, bounds, p) =>
    `SELECT f.complaint_id, '' AS key, f.recorded_at AS at
     FROM ${s}.follow_ups AS f WHERE ${countedFollowUpIn(s, bounds, p)}`,
  // One row per follow-up and question: key `question:answer`.
  followUpAnswers: (s, bounds, p) =>
    `SELECT f.complaint_id, a.key, f.recorded_at AS at
     FROM ${s}.follow_ups AS f
     CROSS JOIN LATERAL (VALUES ('result:' || f.result_satisfaction), ('timeliness:' || f.timeliness),
                                ('attitude:' || f.attitude_satisfaction), ('wouldReuse:' || f.would_reuse)) AS a (key)
     WHERE ${countedFollowUpIn(s, bounds, p)}`,
  // One row per active cause: key `family/causeCode/responsibleUnit`, dated by its complaint's registration.
  rootCauses: (s, bounds, p) =>
    `SELECT k.complaint_id, k.family || '/' || k.cause_code || '/' || k.responsible_unit AS key,
            c.registered_at AS at
     FROM ${s}.complaint_causes AS k
     JOIN ${countedComplaints(s, p)} AS c ON c.complaint_id = k.complaint_id
     WHERE k.active = 1 AND ${inPeriod('c.registered_at', bounds, p)}`,
};

/** The SQL of one KPI's member set over the period named by `bounds`; `s` is a checked, quoted schema. */
export const pgMemberSet = (id: MemberSetId, s: string, bounds: Bounds, p: PgParams): string =>
  SETS[id](s, bounds, p);
