import {
  type ComplaintCauseRow,
  type ComplaintRow,
  type Flag,
  type Instant,
  type KpiMemberRow,
} from './analytics-rows';
import { type ComplaintFacts } from './event-facts';
import { type EventIdentity } from './projection-context';

/**
 * The KPI member rows of one complaint (`kpi_members`): each thing a KPI set counts, already shaped —
 * its registration, each final and interim reply, each closure, each follow-up, each active cause, and
 * each interval of period ends at which it was overdue and open — dated by the instant that places it in
 * a period (`at`) and stamped with the complaint's current state (counted or not, line, org unit,
 * classification, escalation, the closure flags). A report reads the rows of a period by their sorting
 * key instead of folding every complaint's state; the drill-down lists the very same rows.
 *
 * The rows are a pure function of the complaint's state: after each event the projector computes them
 * again and writes only what changed — a changed row as a new version, a row that is gone as a
 * tombstone (`is_deleted`) — so replays, redeliveries and rebuilds give the same rows.
 */
export type KpiMemberKind =
  | 'registered'
  | 'final_reply'
  | 'interim_reply'
  | 'closure'
  | 'follow_up'
  | 'cause'
  | 'lifecycle'
  | 'overdue';

/** The end of an interval still open: the last instant DateTime64(3) holds. */
export const OPEN_UNTIL: Instant = '2299-12-31T00:00:00.000Z';

/** Lifecycle events: the last one before an instant says whether a reply is owed then. */
const LIFECYCLE: ReadonlySet<string> = new Set([
  'ComplaintRegistered',
  'ComplaintAcknowledged',
  'InterimReplySent',
  'FinalReplySent',
  'ComplaintClosed',
  'ComplaintReopened',
  'ComplaintWithdrawn',
  'ComplaintMergedInto',
]);

/** The identity of a row: what the table sorts and replaces by. */
export const memberKey = (row: Pick<KpiMemberRow, 'kind' | 'at' | 'until' | 'complaint_id' | 'member'>) =>
  `${row.kind}\u0000${row.at}\u0000${row.until}\u0000${row.complaint_id}\u0000${row.member}`;

type Current = Pick<
  KpiMemberRow,
  | 'business_line'
  | 'org_unit'
  | 'customer_key'
  | 'registered_at'
  | 'abnormal'
  | 'merged'
  | 'channel'
  | 'category'
  | 'severity'
  | 'responsibility'
  | 'escalation_level'
  | 'escalated'
  | 'fcr'
  | 'reopened_at'
>;

const flag = (value: boolean): Flag => (value ? 1 : 0);

const currentOf = (c: ComplaintRow): Current => ({
  business_line: c.business_line,
  org_unit: c.org_unit,
  customer_key: c.customer_key,
  registered_at: c.registered_at,
  abnormal: c.abnormal,
  merged: flag(c.merged_into !== null),
  channel: c.channel,
  category: c.category,
  severity: c.severity,
  responsibility: c.responsibility,
  escalation_level: c.escalation_level,
  escalated: c.escalated,
  // Acknowledged with an immediate reply and never dispatched, escalated or reopened (up to now).
  fcr: flag(
    c.reply_mode === 'immediate' && c.dispatch_count === 0 && c.escalated === 0 && c.reopen_count === 0,
  ),
  reopened_at: c.reopened_at,
});

/** A lifecycle row carries none of the complaint's state: it is kept only to fold the overdue intervals. */
const NEUTRAL: Current = {
  business_line: '',
  org_unit: '',
  customer_key: '',
  registered_at: '1970-01-01T00:00:00.000Z',
  abnormal: 0,
  merged: 0,
  channel: '',
  category: null,
  severity: null,
  responsibility: null,
  escalation_level: 0,
  escalated: 0,
  fcr: 0,
  reopened_at: null,
};

const NO_FACTS = {
  on_time: null,
  running: 0,
  deadline_at: null,
  result: null,
  timeliness: null,
  attitude: null,
  would_reuse: null,
  cause_key: '',
} satisfies Partial<KpiMemberRow>;

const row = (
  kind: KpiMemberKind,
  complaintId: string,
  at: Instant,
  member: string,
  facts: Partial<KpiMemberRow> = {},
): KpiMemberRow => ({
  kind,
  at,
  until: at,
  complaint_id: complaintId,
  member,
  version: 0,
  is_deleted: 0,
  ...NEUTRAL,
  ...NO_FACTS,
  ...facts,
});

/** The event's own member rows (its facts never change), before the complaint's state is stamped on. */
const eventMembers = (facts: ComplaintFacts, event: EventIdentity, complaintId: string): KpiMemberRow[] => {
  const member = String(event.streamRevision);
  const at = event.occurredAt;
  const out: KpiMemberRow[] = [];
  switch (facts.type) {
    case 'ComplaintRegistered':
      out.push(row('registered', complaintId, facts.data.receivedAt, ''));
      break;
    case 'FinalReplySent':
      out.push(row('final_reply', complaintId, at, member, { on_time: flag(facts.data.onTime) }));
      break;
    case 'InterimReplySent':
      out.push(row('interim_reply', complaintId, at, member));
      break;
    case 'ComplaintClosed':
      out.push(row('closure', complaintId, at, member));
      break;
    case 'FollowUpRecorded': {
      const { answers } = facts.data;
      out.push(
        row('follow_up', complaintId, facts.data.recordedAt, member, {
          result: answers.resultSatisfaction,
          timeliness: answers.timeliness,
          attitude: answers.attitudeSatisfaction,
          would_reuse: answers.wouldReuse,
        }),
      );
      break;
    }
    default:
      break;
  }
  if (LIFECYCLE.has(facts.type)) {
    const deadline =
      facts.type === 'ComplaintAcknowledged'
        ? facts.data.replyDeadline
        : facts.type === 'InterimReplySent'
          ? facts.data.nextDeadline
          : null;
    out.push(
      row('lifecycle', complaintId, at, member, {
        running: flag(facts.type === 'ComplaintAcknowledged' || facts.type === 'InterimReplySent'),
        deadline_at: deadline,
      }),
    );
  }
  return out;
};

const ms = (at: Instant) => Date.parse(at);

/**
 * The intervals of period ends `(at, until]` at which the complaint was overdue and open: at an end
 * instant its state is the lifecycle event of highest revision among those that happened before it; a
 * reply is owed if that event left a deadline running (an acknowledgement or an interim reply), and it
 * is overdue if that deadline is before the end. Exactly the fold the reports did over the event rows.
 */
export const overdueIntervals = (
  lifecycle: readonly KpiMemberRow[],
): { from: Instant; until: Instant; member: string }[] => {
  const times = [...new Set(lifecycle.map((each) => ms(each.at)))].sort((a, b) => a - b);
  const out: { from: Instant; until: Instant; member: string }[] = [];
  let best: KpiMemberRow | undefined;
  for (let k = 0; k < times.length; k++) {
    for (const each of lifecycle)
      if (ms(each.at) === times[k] && (!best || Number(each.member) > Number(best.member))) best = each;
    if (!best || best.running !== 1 || best.deadline_at === null) continue;
    const from = Math.max(times[k], ms(best.deadline_at));
    const until = k + 1 < times.length ? times[k + 1] : ms(OPEN_UNTIL);
    if (from < until)
      out.push({
        from: new Date(from).toISOString(),
        until: new Date(until).toISOString(),
        member: best.member,
      });
  }
  return out;
};

const CURRENT_COLUMNS = Object.keys(NEUTRAL) as (keyof Current)[];

const sameCurrent = (row: KpiMemberRow, current: Current): boolean =>
  CURRENT_COLUMNS.every((column) => row[column] === current[column]);

/** The order of the table's sorting key (ISO instants of one format sort as their instants). */
const byKey = (a: KpiMemberRow, b: KpiMemberRow): number =>
  a.kind < b.kind
    ? -1
    : a.kind > b.kind
      ? 1
      : a.at < b.at
        ? -1
        : a.at > b.at
          ? 1
          : a.complaint_id < b.complaint_id
            ? -1
            : a.complaint_id > b.complaint_id
              ? 1
              : a.member < b.member
                ? -1
                : a.member > b.member
                  ? 1
                  : a.until < b.until
                    ? -1
                    : a.until > b.until
                      ? 1
                      : 0;

export const sortMembers = (rows: KpiMemberRow[]): KpiMemberRow[] => rows.sort(byKey);

/**
 * The complaint's member rows after an event, and the rows to write: the event's own rows; every
 * reported row again when the complaint's stamped state changed; the active causes when they changed;
 * the overdue intervals when a lifecycle event came. A written row carries the event's revision as its
 * version, a row gone is written as a tombstone of that version; the rows kept carry the version they
 * were written with, as the table holds them. Sorted by the table's key.
 */
export const changeMembers = (
  previous: readonly KpiMemberRow[],
  complaint: ComplaintRow,
  causes: readonly ComplaintCauseRow[] | undefined,
  facts: ComplaintFacts,
  event: EventIdentity,
): { members: KpiMemberRow[]; written: KpiMemberRow[] } => {
  const id = complaint.complaint_id;
  const version = event.streamRevision;
  const current = currentOf(complaint);
  const registered = previous.find((each) => each.kind === 'registered');
  const restamp = registered !== undefined && !sameCurrent(registered, current);
  const written: KpiMemberRow[] = [];
  const stamped = (each: KpiMemberRow): KpiMemberRow => {
    const row = each.kind === 'lifecycle' ? { ...each, version } : { ...each, ...current, version };
    written.push(row);
    return row;
  };
  let members: KpiMemberRow[] = restamp
    ? previous.map((each) => (each.kind === 'lifecycle' ? each : stamped(each)))
    : [...previous];
  let reshaped = false;
  const own = eventMembers(facts, event, id);
  if (own.length > 0) {
    const keys = new Set(own.map(memberKey));
    members = members.filter((each) => !keys.has(memberKey(each)));
    for (const each of own) members.push(stamped(each));
    reshaped = true;
  }
  /** Replaces the rows of one derived kind by `wanted`: new or changed ones written, gone ones tombstoned. */
  const derive = (kind: KpiMemberKind, wanted: KpiMemberRow[]) => {
    const had = new Map(members.filter((each) => each.kind === kind).map((each) => [memberKey(each), each]));
    const kept: KpiMemberRow[] = [];
    for (const each of wanted) {
      const old = had.get(memberKey(each));
      had.delete(memberKey(each));
      if (old && old.cause_key === each.cause_key && sameCurrent(old, current)) kept.push(old);
      else kept.push(stamped(each));
    }
    for (const gone of had.values()) written.push({ ...gone, version, is_deleted: 1 });
    members = [...members.filter((each) => each.kind !== kind), ...kept];
    reshaped = true;
  };
  if (causes !== undefined)
    derive(
      'cause',
      causes
        .filter((cause) => cause.active === 1)
        .map((cause) =>
          row('cause', id, complaint.registered_at, cause.cause_id, {
            cause_key: `${cause.family}/${cause.cause_code}/${cause.responsible_unit}`,
          }),
        ),
    );
  if (LIFECYCLE.has(facts.type))
    derive(
      'overdue',
      overdueIntervals(members.filter((each) => each.kind === 'lifecycle')).map(
        ({ from, until, member }) => ({
          ...row('overdue', id, from, member),
          until,
        }),
      ),
    );
  return { members: reshaped ? sortMembers(members) : members, written };
};
