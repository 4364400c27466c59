import { type OverdueAgeBucket } from './kpi-definitions';
import { actionInScope, inScope } from './org-unit-scope';

/**
 * Each KPI of `kpi-definitions.ts`, written once as the set of things it counts. A set's SQL returns one
 * row per member — `complaint_id`, `key` (its breakdown key, '' when the KPI has none) and `at` (the
 * instant that places it in a period) — so that the pack counts a set and the drill-down pages through
 * the very same rows: a figure and the list behind it cannot disagree.
 *
 * Sets read the projector-kept members of `kpi_members` (`projections/kpi-member-rows.ts`): the rows of
 * a period by a range of its sorting key, deduplicated (`FINAL` over that range only), the complaint's
 * current state stamped on each, so no report folds every complaint's state. They bind every value: the period bounds (placeholders named by
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

export const instant = (name: string) => `{${name}:DateTime64(3, 'UTC')}`;

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

/**
 * The rows of one kind of `kpi_members` (`projections/kpi-member-rows.ts`) whose `at` lies in `[from,
 * to)`, under FINAL: `at` is part of the key, so the filter runs before FINAL on a range of the sorting
 * key, and FINAL merges only those rows (never across partitions: `at` decides the partition). `where`
 * may add tests on columns a key's versions share (the key, `registered_at`).
 */
const members = (db: string, kind: string, from: string, to: string, where = '1') =>
  finalWhere(db, 'kpi_members', `kind = '${kind}' AND at >= ${from} AND at < ${to} AND ${where}`);

/** Members of a period whose complaint counts now (not merged, not abnormal, the filters, the scope). */
const COUNTED = `merged = 0 AND abnormal = 0 AND ${COMPLAINT_FILTERS}`;

const ofPeriod = (db: string, kind: string, bounds: Bounds) =>
  members(db, kind, instant(bounds.start), instant(bounds.end));

const breakdown = (column: string) => `toString(ifNull(${column}, 'unclassified'))`;

/**
 * Complaints closed in the period, each once, dated by its last closure in the period, with the flags
 * the closure KPIs test: `fcr` (immediate reply at acknowledgement, never dispatched, escalated or
 * reopened, up to now) and `reopened` (reopened after that closure, up to now).
 */
const closures = (db: string, bounds: Bounds) =>
  `(SELECT complaint_id, max(at) AS closed_at, any(fcr) = 1 AS fcr,
           ifNull(any(reopened_at) > max(at), 0) AS reopened
    FROM ${ofPeriod(db, 'closure', bounds)} WHERE ${COUNTED}
    GROUP BY complaint_id)`;

/** Age buckets of overdue open complaints, by whole days from registration to the end of the period. */
const AGE_BUCKET = `multiIf(age <= 2, '0-2', age <= 7, '3-7', age <= 14, '8-14', age <= 30, '15-30', '31+')`;
export type { OverdueAgeBucket };

/** Far enough back for any overdue interval's start: the intervals are read by `until`, then `at`. */
const EPOCH = `toDateTime64('1970-01-01 00:00:00', 3, 'UTC')`;

/**
 * A customer's earlier counted complaint of the same category and business line within this many days
 * makes a repeat (see `repeatCustomer` below).
 */
export const REPEAT_WINDOW_DAYS = 30;

/**
 * The sets that are rows of one kind of member, dated by their own instant, kept by a test on the row
 * and keyed by an expression of it: a period's set is the kind's rows with `at` in the period that pass
 * `where`. Several such sets over several periods can therefore be read in one pass over one kind
 * (`kpi-counts.ts`), and each still equals its drill-down list.
 */
export type RowSet = { kind: string; where: string; key: string };

const ROW_SETS: Partial<Record<MemberSetId, RowSet>> = {
  volume: { kind: 'registered', where: COUNTED, key: `''` },
  abnormal: { kind: 'registered', where: `merged = 0 AND abnormal = 1 AND ${COMPLAINT_FILTERS}`, key: `''` },
  'breakdowns.channel': { kind: 'registered', where: COUNTED, key: 'toString(channel)' },
  'breakdowns.category': { kind: 'registered', where: COUNTED, key: breakdown('category') },
  'breakdowns.severity': { kind: 'registered', where: COUNTED, key: breakdown('severity') },
  'breakdowns.responsibility': { kind: 'registered', where: COUNTED, key: breakdown('responsibility') },
  'breakdowns.orgUnit': { kind: 'registered', where: COUNTED, key: 'toString(org_unit)' },
  // on_time is the FinalReplySent fact: replied no later than the deadline in force when it was sent.
  finalReplies: { kind: 'final_reply', where: COUNTED, key: `if(on_time = 1, 'onTime', 'late')` },
  interimReplies: { kind: 'interim_reply', where: COUNTED, key: `''` },
  escalated: { kind: 'registered', where: `${COUNTED} AND escalated = 1`, key: 'toString(escalation_level)' },
  followUps: { kind: 'follow_up', where: COUNTED, key: `''` },
  // One row per active cause: key `family/causeCode/responsibleUnit`, dated by its complaint's registration.
  rootCauses: { kind: 'cause', where: COUNTED, key: 'cause_key' },
};

/** The set as rows of one kind, or undefined when it is not one (closures, overdue, repeats, answers). */
export const rowSet = (id: MemberSetId): RowSet | undefined => ROW_SETS[id];

/** The rows of `kind` whose `at` lies in `[from, to)` (instants as SQL expressions), deduplicated. */
export const kindRows = (db: string, kind: string, from: string, to: string) => members(db, kind, from, to);

const ofRowSet = (id: MemberSetId) => (db: string, bounds: Bounds) => {
  const { kind, where, key } = ROW_SETS[id]!;
  return `SELECT complaint_id, ${key} AS key, at FROM ${ofPeriod(db, kind, bounds)} WHERE ${where}`;
};

/**
 * The closure sets: complaints closed in the period (each once, dated by its last closure in it) that
 * pass a test of `closures` (`1`, `fcr`, `reopened`); the three of a period are read in one pass.
 */
export const CLOSURE_SETS: Partial<Record<MemberSetId, string>> = {
  closed: '1',
  firstContactResolution: 'fcr',
  reopened: 'reopened',
};

export { closures };

const ofClosures = (id: MemberSetId) => (db: string, bounds: Bounds) =>
  `SELECT complaint_id, '' AS key, closed_at AS at FROM ${closures(db, bounds)} WHERE ${CLOSURE_SETS[id]!}`;

const SETS: Record<MemberSetId, (db: string, bounds: Bounds) => string> = {
  volume: ofRowSet('volume'),
  abnormal: ofRowSet('abnormal'),
  'breakdowns.channel': ofRowSet('breakdowns.channel'),
  'breakdowns.category': ofRowSet('breakdowns.category'),
  'breakdowns.severity': ofRowSet('breakdowns.severity'),
  'breakdowns.responsibility': ofRowSet('breakdowns.responsibility'),
  'breakdowns.orgUnit': ofRowSet('breakdowns.orgUnit'),
  finalReplies: ofRowSet('finalReplies'),
  interimReplies: ofRowSet('interimReplies'),
  // The state at the end of the period is the last lifecycle event before it, in stream order; the
  // projector keeps, per complaint, the intervals of period ends at which that state left a reply owed
  // past its deadline (`(at, until]`). One interval at most holds a given end.
  overdueOpen: (db, bounds) =>
    `SELECT complaint_id, ${AGE_BUCKET} AS key, registered_at AS at
     FROM (
       SELECT complaint_id, registered_at,
              intDiv(dateDiff('second', registered_at, ${instant(bounds.end)}), 86400) AS age
       FROM ${members(
         db,
         'overdue',
         EPOCH,
         instant(bounds.end),
         `until >= ${instant(bounds.end)} AND registered_at < ${instant(bounds.end)}`,
       )}
       WHERE ${COUNTED}
     )`,
  escalated: ofRowSet('escalated'),
  closed: ofClosures('closed'),
  firstContactResolution: ofClosures('firstContactResolution'),
  reopened: ofClosures('reopened'),
  // A counted complaint registered in the period whose customer had an earlier counted complaint (not
  // abnormal, not merged) of the same category and the same business line (categories such as service
  // attitude exist in every line) within the window; received by any org unit, within the scope.
  repeatCustomer: (db, bounds) =>
    `SELECT s.complaint_id AS complaint_id, '' AS key, any(s.at) AS at
     FROM (SELECT complaint_id, customer_key, business_line, category, at
           FROM ${ofPeriod(db, 'registered', bounds)}
           WHERE ${COUNTED} AND category IS NOT NULL) AS s
     INNER JOIN (SELECT complaint_id, customer_key, business_line, category, at
                 FROM ${members(
                   db,
                   'registered',
                   `${instant(bounds.start)} - toIntervalDay(${REPEAT_WINDOW_DAYS})`,
                   instant(bounds.end),
                 )}
                 WHERE merged = 0 AND abnormal = 0 AND ${BUSINESS_LINE} AND ${inScope()}
                   AND category IS NOT NULL) AS p
       ON p.customer_key = s.customer_key AND p.business_line = s.business_line AND p.category = s.category
     WHERE p.complaint_id != s.complaint_id
       AND p.at < s.at
       AND p.at >= s.at - toIntervalDay(${REPEAT_WINDOW_DAYS})
     GROUP BY s.complaint_id`,
  followUps: ofRowSet('followUps'),
  // One row per follow-up and question: key `question:answer`.
  followUpAnswers: (db, bounds) =>
    `SELECT complaint_id,
            arrayJoin([
              concat('result:', toString(result)),
              concat('timeliness:', toString(timeliness)),
              concat('attitude:', toString(attitude)),
              concat('wouldReuse:', toString(would_reuse))
            ]) AS key,
            at
     FROM ${ofPeriod(db, 'follow_up', bounds)} WHERE ${COUNTED}`,
  rootCauses: ofRowSet('rootCauses'),
};

/** The SQL of one KPI's member set over the period named by `bounds`. `db` must be a checked identifier. */
export const memberSet = (id: MemberSetId, db: string, bounds: Bounds = PERIOD): string =>
  SETS[id](db, bounds);

/** A root-cause key back to its parts: family and cause code are codes, the unit is the rest. */
export const splitCauseKey = (key: string) => {
  const [family, causeCode, ...unit] = key.split('/');
  return { family, causeCode, responsibleUnit: unit.join('/') };
};
