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

/**
 * The complaint's member rows after an event: the rows it had (`previous`, without the derived ones),
 * plus the event's own, with the current state stamped on every reported row, the active causes and the
 * overdue intervals derived again. Sorted by key.
 */
export const evolveMembers = (
  previous: readonly KpiMemberRow[],
  complaint: ComplaintRow,
  causes: readonly ComplaintCauseRow[],
  facts: ComplaintFacts,
  event: EventIdentity,
): KpiMemberRow[] => {
  const id = complaint.complaint_id;
  const own = new Map<string, KpiMemberRow>();
  for (const each of previous)
    if (each.kind !== 'overdue' && each.kind !== 'cause') own.set(memberKey(each), each);
  for (const each of eventMembers(facts, event, id)) own.set(memberKey(each), each);
  const current = currentOf(complaint);
  const stamp = (each: KpiMemberRow): KpiMemberRow =>
    each.kind === 'lifecycle' ? each : { ...each, ...current };
  const lifecycle = [...own.values()].filter((each) => each.kind === 'lifecycle');
  const derived: KpiMemberRow[] = [
    ...causes
      .filter((cause) => cause.active === 1)
      .map((cause) =>
        row('cause', id, complaint.registered_at, cause.cause_id, {
          cause_key: `${cause.family}/${cause.cause_code}/${cause.responsible_unit}`,
        }),
      ),
    ...overdueIntervals(lifecycle).map(({ from, until, member }) => ({
      ...row('overdue', id, from, member),
      until,
    })),
  ];
  return [...own.values(), ...derived]
    .map(stamp)
    .sort((a, b) => (memberKey(a) < memberKey(b) ? -1 : memberKey(a) > memberKey(b) ? 1 : 0));
};

const sameFacts = (a: KpiMemberRow, b: KpiMemberRow): boolean => {
  for (const column of Object.keys(a) as (keyof KpiMemberRow)[]) {
    if (column === 'version') continue;
    if (a[column] !== b[column]) return false;
  }
  return true;
};

/**
 * The member rows a state keeps after a change and the rows to write for it: each new or changed row as
 * version `version`, each row gone as a tombstone of that version; the rows kept carry the version they
 * were written with, as the table holds them.
 */
export const changeMembers = (
  before: readonly KpiMemberRow[],
  after: readonly KpiMemberRow[],
  version: number,
): { members: KpiMemberRow[]; written: KpiMemberRow[] } => {
  const written = memberChanges(before, after, version);
  const was = new Map(before.map((each) => [memberKey(each), each.version]));
  const rewritten = new Set(written.map(memberKey));
  return {
    members: after.map((each) => {
      const key = memberKey(each);
      return { ...each, version: rewritten.has(key) ? version : (was.get(key) ?? version) };
    }),
    written,
  };
};

/**
 * The rows to write for a change from `before` to `after`: each new or changed row as version
 * `version`, each row gone as a tombstone of that version.
 */
export const memberChanges = (
  before: readonly KpiMemberRow[],
  after: readonly KpiMemberRow[],
  version: number,
): KpiMemberRow[] => {
  const was = new Map(before.map((each) => [memberKey(each), each]));
  const is = new Set<string>();
  const out: KpiMemberRow[] = [];
  for (const each of after) {
    const key = memberKey(each);
    is.add(key);
    const old = was.get(key);
    if (!old || !sameFacts(old, { ...each, is_deleted: 0 })) out.push({ ...each, version, is_deleted: 0 });
  }
  for (const [key, old] of was) if (!is.has(key)) out.push({ ...old, version, is_deleted: 1 });
  return out;
};
