import { type OverdueAgeBucket } from './kpi-definitions';
import { actionInScope, inScope } from './org-unit-scope';

/**
 * Each KPI of `kpi-definitions.ts`, written once as the set of things it counts. A set's SQL returns one
 * row per member — `complaint_id`, `key` (its breakdown key, '' when the KPI has none) and `at` (the
 * instant that places it in a period) — so that the pack counts a set and the drill-down pages through
 * the very same rows: a figure and the list behind it cannot disagree.
 *
 * Sets read deduplicated state (`FINAL`) and bind every value: the period bounds (placeholders named by
 * `Bounds`, `start` / `end` unless told otherwise), `businessLine` and `orgUnit` (`Nullable(String)`, null
 * = all) and the org-unit scope (`scoped`, `orgUnits`: see `org-unit-scope.ts`; `scopeParams` binds
 * them). Only the database name, checked by the caller, is written into the text.
 */
export type Bounds = { start: string; end: string };

export const PERIOD: Bounds = { start: 'start', end: 'end' };

export const MEMBER_SETS = [
  'volume',
  'abnormal',
  'breakdowns.channel',
  'breakdowns.category',
  'breakdowns.severity',
  'breakdowns.responsibility',
  'breakdowns.orgUnit',
  'finalReplies',
  'interimReplies',
  'overdueOpen',
  'escalated',
  'closed',
  'firstContactResolution',
  'reopened',
  'repeatCustomer',
  'followUps',
  'followUpAnswers',
  'rootCauses',
] as const;
export type MemberSetId = (typeof MEMBER_SETS)[number];

const instant = (name: string) => `{${name}:DateTime64(3, 'UTC')}`;
const inPeriod = (column: string, bounds: Bounds) =>
  `${column} >= ${instant(bounds.start)} AND ${column} < ${instant(bounds.end)}`;

const BUSINESS_LINE = `({businessLine:Nullable(String)} IS NULL OR business_line = {businessLine:Nullable(String)})`;
const ORG_UNIT = `({orgUnit:Nullable(String)} IS NULL OR org_unit = {orgUnit:Nullable(String)})`;

/** A complaint row in the report's line and org unit and in the caller's scope (all bound). */
export const COMPLAINT_FILTERS = `${BUSINESS_LINE} AND ${ORG_UNIT} AND ${inScope()}`;

/** A corrective-action row in the report's line, naming the org unit, in the caller's scope (all bound). */
export const ACTION_FILTERS = `${BUSINESS_LINE}
  AND ({orgUnit:Nullable(String)} IS NULL OR has(org_units, {orgUnit:Nullable(String)}))
  AND ${actionInScope()}`;

/**
 * `FINAL` over a table partitioned by a column no version of a key ever changes: `where` may only test
 * such columns (the partition column, the sorting key, immutable facts) and runs before FINAL, so the
 * read prunes partitions and key ranges; every version of a key shares a partition, so FINAL need not
 * merge across partitions.
 */
export const finalWhere = (db: string, table: string, where = '1') =>
  `(SELECT * FROM ${db}.${table} FINAL WHERE ${where}
    SETTINGS do_not_merge_across_partitions_select_final = 1)`;

/**
 * Counted complaints (current state): of the filtered line (and org unit unless `anyOrgUnit`) within the
 * scope (always: a scope is the data a report may see), not merged into another (the surviving complaint
 * counts once), not abnormal. The mutable tests run after FINAL, so none sees a superseded version;
 * `where` narrows the read before it (registration dates, ids).
 */
export const countedComplaints = (db: string, { anyOrgUnit = false, where = '1' } = {}) =>
  `(SELECT * FROM ${finalWhere(db, 'complaints', where)}
    WHERE merged_into IS NULL AND abnormal = 0 AND ${BUSINESS_LINE} AND ${inScope()}${anyOrgUnit ? '' : ` AND ${ORG_UNIT}`})`;

/** Event rows are immutable (a redelivered event is an identical copy): any filter may run before FINAL. */
const eventsWhere = (db: string, where: string) => finalWhere(db, 'complaint_events', where);

/** Follow-up rows are immutable too, partitioned by the month recorded. */
const followUpsIn = (db: string, bounds: Bounds) =>
  finalWhere(db, 'follow_ups', inPeriod('recorded_at', bounds));

/** Counted complaints among the ids a subquery returns: read by key, not scanned. */
const countedAmong = (db: string, ids: string) =>
  `(SELECT complaint_id FROM ${countedComplaints(db, { where: `complaint_id IN (${ids})` })})`;

const registeredIn = (db: string, bounds: Bounds, key: string, where = '') =>
  `SELECT complaint_id, ${key} AS key, registered_at AS at
   FROM ${countedComplaints(db, { where: inPeriod('registered_at', bounds) })}${where ? ` WHERE ${where}` : ''}`;

const breakdown = (column: string) => `toString(ifNull(${column}, 'unclassified'))`;

const eventsOfCounted = (db: string, bounds: Bounds, type: string, key: string) => {
  const where = `type = '${type}' AND ${inPeriod('occurred_at', bounds)}`;
  return `SELECT complaint_id, ${key} AS key, occurred_at AS at
   FROM ${eventsWhere(db, where)}
   WHERE complaint_id IN ${countedAmong(db, `SELECT complaint_id FROM ${db}.complaint_events WHERE ${where}`)}`;
};

/**
 * Complaints closed in the period, with the flags the closure KPIs test: `fcr` (immediate reply at
 * acknowledgement, never dispatched, escalated or reopened) and `reopened` (reopened after the last
 * closure in the period, up to now: the row keeps the last reopening). One row per complaint, dated by
 * that closure.
 */
const closures = (db: string, bounds: Bounds) => {
  const closedIn = `type = 'ComplaintClosed' AND ${inPeriod('occurred_at', bounds)}`;
  return `(SELECT c.complaint_id AS complaint_id, k.closed_at AS closed_at,
           c.reply_mode = 'immediate' AND c.dispatch_count = 0 AND c.escalated = 0 AND c.reopen_count = 0 AS fcr,
           ifNull(c.reopened_at > k.closed_at, 0) AS reopened
    FROM (
      SELECT complaint_id, max(occurred_at) AS closed_at
      FROM ${eventsWhere(db, closedIn)}
      GROUP BY complaint_id
    ) AS k
    INNER JOIN ${countedComplaints(db, {
      where: `complaint_id IN (SELECT complaint_id FROM ${db}.complaint_events WHERE ${closedIn})`,
    })} AS c ON c.complaint_id = k.complaint_id)`;
};

/** Age buckets of overdue open complaints, by whole days from registration to the end of the period. */
const AGE_BUCKET = `multiIf(age <= 2, '0-2', age <= 7, '3-7', age <= 14, '8-14', age <= 30, '15-30', '31+')`;
export type { OverdueAgeBucket };

/**
 * Lifecycle events that decide whether a reply is still owed at an instant; only an acknowledgement or an
 * interim reply leaves a reply deadline running.
 */
const LIFECYCLE = `['ComplaintRegistered', 'ComplaintAcknowledged', 'InterimReplySent', 'FinalReplySent',
  'ComplaintClosed', 'ComplaintReopened', 'ComplaintWithdrawn', 'ComplaintMergedInto']`;
const RUNNING = `['ComplaintAcknowledged', 'InterimReplySent']`;

/**
 * A customer's earlier counted complaint of the same category and business line within this many days
 * makes a repeat (see `repeatCustomer` below).
 */
export const REPEAT_WINDOW_DAYS = 30;

const SETS: Record<MemberSetId, (db: string, bounds: Bounds) => string> = {
  volume: (db, bounds) => registeredIn(db, bounds, `''`),
  abnormal: (db, bounds) =>
    `SELECT complaint_id, '' AS key, registered_at AS at
     FROM ${finalWhere(db, 'complaints', inPeriod('registered_at', bounds))}
     WHERE merged_into IS NULL AND abnormal = 1 AND ${COMPLAINT_FILTERS}`,
  'breakdowns.channel': (db, bounds) => registeredIn(db, bounds, 'toString(channel)'),
  'breakdowns.category': (db, bounds) => registeredIn(db, bounds, breakdown('category')),
  'breakdowns.severity': (db, bounds) => registeredIn(db, bounds, breakdown('severity')),
  'breakdowns.responsibility': (db, bounds) => registeredIn(db, bounds, breakdown('responsibility')),
  'breakdowns.orgUnit': (db, bounds) => registeredIn(db, bounds, 'toString(org_unit)'),
  // on_time is the FinalReplySent fact: replied no later than the deadline in force when it was sent.
  finalReplies: (db, bounds) =>
    eventsOfCounted(db, bounds, 'FinalReplySent', `if(on_time = 1, 'onTime', 'late')`),
  interimReplies: (db, bounds) => eventsOfCounted(db, bounds, 'InterimReplySent', `''`),
  // The state at the end of the period is the last lifecycle event before it, in stream order. A
  // complaint whose last event happened before the end is in that state still: its current row says
  // whether a deadline is running (status 'acknowledged': acknowledged or interim-replied, no final reply
  // since) and which. Only complaints changed since the end are folded from their events.
  overdueOpen: (db, bounds) =>
    `SELECT complaint_id, ${AGE_BUCKET} AS key, at
     FROM (
       SELECT complaint_id, registered_at AS at,
              intDiv(dateDiff('second', registered_at, ${instant(bounds.end)}), 86400) AS age
       FROM ${countedComplaints(db, { where: `registered_at < ${instant(bounds.end)}` })}
       WHERE ((updated_at < ${instant(bounds.end)} AND status = 'acknowledged'
               AND reply_deadline < ${instant(bounds.end)})
           OR (updated_at >= ${instant(bounds.end)} AND complaint_id IN (
                 SELECT complaint_id
                 FROM ${eventsWhere(
                   db,
                   `occurred_at < ${instant(bounds.end)} AND type IN ${LIFECYCLE}
                    AND complaint_id IN (
                      SELECT complaint_id
                      FROM ${countedComplaints(db, { where: `registered_at < ${instant(bounds.end)}` })}
                      WHERE updated_at >= ${instant(bounds.end)})`,
                 )}
                 GROUP BY complaint_id
                 HAVING argMax(type, stream_revision) IN ${RUNNING}
                    AND argMax(deadline_at, stream_revision) < ${instant(bounds.end)})))
     )`,
  escalated: (db, bounds) => registeredIn(db, bounds, 'toString(escalation_level)', 'escalated = 1'),
  closed: (db, bounds) => `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(db, bounds)}`,
  firstContactResolution: (db, bounds) =>
    `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(db, bounds)} WHERE fcr`,
  reopened: (db, bounds) =>
    `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(db, bounds)} WHERE reopened`,
  // A counted complaint registered in the period whose customer had an earlier counted complaint (not
  // abnormal, not merged) of the same category and the same business line (categories such as service
  // attitude exist in every line) within the window; received by any org unit, within the scope.
  repeatCustomer: (db, bounds) =>
    `SELECT s.complaint_id AS complaint_id, '' AS key, any(s.registered_at) AS at
     FROM (SELECT complaint_id, customer_key, business_line, category, registered_at
           FROM ${countedComplaints(db, { where: inPeriod('registered_at', bounds) })}
           WHERE category IS NOT NULL) AS s
     INNER JOIN (SELECT complaint_id, customer_key, business_line, category, registered_at
                 FROM ${countedComplaints(db, {
                   anyOrgUnit: true,
                   where: `registered_at >= ${instant(bounds.start)} - toIntervalDay(${REPEAT_WINDOW_DAYS})
                           AND registered_at < ${instant(bounds.end)}`,
                 })}
                 WHERE category IS NOT NULL) AS p
       ON p.customer_key = s.customer_key AND p.business_line = s.business_line AND p.category = s.category
     WHERE p.complaint_id != s.complaint_id
       AND p.registered_at < s.registered_at
       AND p.registered_at >= s.registered_at - toIntervalDay(${REPEAT_WINDOW_DAYS})
     GROUP BY s.complaint_id`,
  followUps: (db, bounds) =>
    `SELECT complaint_id, '' AS key, recorded_at AS at FROM ${followUpsIn(db, bounds)}
     WHERE complaint_id IN ${countedAmong(db, `SELECT complaint_id FROM ${followUpsIn(db, bounds)}`)}`,
  // One row per follow-up and question: key `question:answer`.
  followUpAnswers: (db, bounds) =>
    `SELECT complaint_id,
            arrayJoin([
              concat('result:', toString(result_satisfaction)),
              concat('timeliness:', toString(timeliness)),
              concat('attitude:', toString(attitude_satisfaction)),
              concat('wouldReuse:', toString(would_reuse))
            ]) AS key,
            recorded_at AS at
     FROM ${followUpsIn(db, bounds)}
     WHERE complaint_id IN ${countedAmong(db, `SELECT complaint_id FROM ${followUpsIn(db, bounds)}`)}`,
  // One row per active cause: key `family/causeCode/responsibleUnit`, dated by its complaint's registration.
  rootCauses: (db, bounds) =>
    `SELECT k.complaint_id AS complaint_id,
            concat(k.family, '/', k.cause_code, '/', k.responsible_unit) AS key,
            c.registered_at AS at
     FROM (SELECT complaint_id, registered_at
           FROM ${countedComplaints(db, { where: inPeriod('registered_at', bounds) })}) AS c
     INNER JOIN (SELECT complaint_id, family, cause_code, responsible_unit
                 FROM ${finalWhere(
                   db,
                   'complaint_causes',
                   `complaint_id IN (SELECT complaint_id FROM ${db}.complaints
                                     WHERE ${inPeriod('registered_at', bounds)})`,
                 )}
                 WHERE active = 1) AS k
       ON k.complaint_id = c.complaint_id`,
};

/** The SQL of one KPI's member set over the period named by `bounds`. `db` must be a checked identifier. */
export const memberSet = (id: MemberSetId, db: string, bounds: Bounds = PERIOD): string =>
  SETS[id](db, bounds);

/** A root-cause key back to its parts: family and cause code are codes, the unit is the rest. */
export const splitCauseKey = (key: string) => {
  const [family, causeCode, ...unit] = key.split('/');
  return { family, causeCode, responsibleUnit: unit.join('/') };
};
