import { type AnalyticsStore, type QueryParamValue, type QueryParams } from '../../analytics-store.port';
import { FOLLOW_UP_ANSWER_VALUES, type FollowUpQuestion } from './follow-up-answers';
import { OVERDUE_AGE_BUCKETS, type OverdueAgeBucket } from './kpi-definitions';
import {
  type Bounds,
  CLOSURE_SETS,
  closures,
  instant,
  kindRows,
  type MemberSetId,
  memberSet,
  PERIOD,
  rowSet,
} from './kpi-sets';

export type Change = { difference: number; relative: number | null };
export type Rate = { numerator: number; denominator: number; rate: number | null };
export type Count<K extends string = string> = { key: K; count: number };

export const num = (value: string | number | null | undefined): number => Number(value ?? 0);
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;
export const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: ratio(numerator, denominator),
});
export const change = (current: number, base: number): Change => ({
  difference: current - base,
  relative: ratio(current - base, base),
});

/**
 * One count to take: member set `set` over `bounds` (placeholder names; the period by default), counted
 * per key — or, with `bucketBy` naming a bound `Array(DateTime64)` of ascending instants, per bucket: the
 * key is how many of those instants are at or before the member's `at` (1 = from the first instant on).
 */
export type CountRequest = { name: string; set: MemberSetId; bounds?: Bounds; bucketBy?: string };

/** Members and distinct complaints per key. */
export type KeyCounts = Map<string, { members: number; complaints: number }>;
export type SetCounts = Map<string, KeyCounts>;

const NAME = /^[A-Za-z][A-Za-z0-9.:_-]*$/;

const bucketOf = (bucketBy: string | undefined, key: string) =>
  bucketBy ? `toString(arrayCount(b -> b <= at, {${bucketBy}:Array(DateTime64(3, 'UTC'))}))` : key;

const asDate = (value: unknown): number => new Date(value as string | Date).getTime();

/**
 * Counts many member sets in one statement (UNION ALL; the engine runs the branches side by side). The
 * sets that are rows of one kind (`rowSet`) are read in one pass per kind over the span of their periods,
 * each row counted under every request whose period holds its instant and whose test it passes: the
 * very rows each set's own SQL gives. The closure sets of one period share one pass too. All branches
 * share `params`, which must bind the org-unit scope (`scopeParams`): a caller that forgets it gets an
 * error from the engine, never every org unit; names are code constants, checked before they become
 * string literals.
 */
export async function countMemberSets(
  store: AnalyticsStore,
  db: string,
  requests: readonly CountRequest[],
  params: QueryParams,
): Promise<SetCounts> {
  for (const { name, bucketBy } of requests)
    if (!NAME.test(name) || (bucketBy !== undefined && !NAME.test(bucketBy)))
      throw new Error(`count name '${name}' is not a plain name`);
  const bound: Record<string, QueryParamValue> = { ...params };
  const branches: string[] = [];
  const byKind = new Map<string, CountRequest[]>();
  const byPeriod = new Map<string, CountRequest[]>();
  for (const request of requests) {
    const bounds = request.bounds ?? PERIOD;
    const rows = rowSet(request.set);
    if (rows) byKind.set(rows.kind, [...(byKind.get(rows.kind) ?? []), request]);
    else if (CLOSURE_SETS[request.set] !== undefined && request.bucketBy === undefined) {
      const period = `${bounds.start}\u0000${bounds.end}`;
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), request]);
    } else
      branches.push(
        `SELECT '${request.name}' AS name, ${bucketOf(request.bucketBy, 'key')} AS bucket, count() AS members,
                uniqExact(complaint_id) AS complaints
         FROM (${memberSet(request.set, db, bounds)}) GROUP BY bucket`,
      );
  }
  let span = 0;
  for (const [kind, ofKind] of byKind) {
    const from = `span${span}From`;
    const to = `span${span++}To`;
    const periods = ofKind.map(({ bounds = PERIOD }) => bounds);
    bound[from] = new Date(Math.min(...periods.map(({ start }) => asDate(params[start]))));
    bound[to] = new Date(Math.max(...periods.map(({ end }) => asDate(params[end]))));
    const tuples = ofKind.map(({ name, set, bounds = PERIOD, bucketBy }) => {
      const { where, key } = rowSet(set)!;
      return `tuple('${name}', toUInt8(ifNull(at >= ${instant(bounds.start)} AND at < ${instant(bounds.end)}
                     AND (${where}), 0)), ${bucketOf(bucketBy, key)})`;
    });
    branches.push(
      `SELECT tupleElement(m, 1) AS name, tupleElement(m, 3) AS bucket, count() AS members,
              uniqExact(complaint_id) AS complaints
       FROM (SELECT complaint_id, arrayJoin(arrayFilter(t -> tupleElement(t, 2) = 1, [${tuples.join(', ')}])) AS m
             FROM ${kindRows(db, kind, instant(from), instant(to))})
       GROUP BY name, bucket`,
    );
  }
  for (const ofPeriod of byPeriod.values()) {
    const tuples = ofPeriod.map(
      ({ name, set }) => `tuple('${name}', toUInt8(ifNull(${CLOSURE_SETS[set]!}, 0)))`,
    );
    branches.push(
      `SELECT tupleElement(m, 1) AS name, '' AS bucket, count() AS members, uniqExact(complaint_id) AS complaints
       FROM (SELECT complaint_id, arrayJoin(arrayFilter(t -> tupleElement(t, 2) = 1, [${tuples.join(', ')}])) AS m
             FROM ${closures(db, ofPeriod[0].bounds ?? PERIOD)})
       GROUP BY name`,
    );
  }
  const rows = await store.query<{ name: string; bucket: string; members: string; complaints: string }>(
    branches.join('\nUNION ALL\n'),
    bound,
  );
  const counts: SetCounts = new Map(requests.map(({ name }) => [name, new Map()]));
  for (const row of rows)
    counts.get(row.name)?.set(row.bucket, { members: num(row.members), complaints: num(row.complaints) });
  return counts;
}

/** Total members of a count (every key), or of one key. */
export const membersOf = (counts: SetCounts, name: string, key?: string): number => {
  const byKey = counts.get(name);
  if (!byKey) return 0;
  if (key !== undefined) return byKey.get(key)?.members ?? 0;
  let total = 0;
  for (const { members } of byKey.values()) total += members;
  return total;
};

/** Keys of a count by members, largest first, then by key. */
export const countsByKey = (counts: SetCounts, name: string): Count[] =>
  [...(counts.get(name) ?? new Map<string, { members: number }>()).entries()]
    .map(([key, { members }]) => ({ key, count: members }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

/** The KPIs every report period shares (week, month, quarter…): the pack's rates and their parts. */
export type PeriodKpis = {
  volume: number;
  abnormal: number;
  timeliness: Rate & { interimReplies: number };
  overdueOpen: { total: number; byAge: Count<OverdueAgeBucket>[] };
  escalation: Rate & { byHighestLevel: { level: number; count: number }[] };
  firstContactResolution: Rate;
  reopen: Rate;
  repeatCustomer: Rate;
  satisfaction: {
    followUps: number;
    answers: Record<FollowUpQuestion, { answer: string; count: number; share: number | null }[]>;
  };
  followUpRate: Rate;
};

const PERIOD_SETS = [
  'volume',
  'abnormal',
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
] as const satisfies readonly MemberSetId[];

/**
 * The counts `periodKpis` needs, each named `${prefix}${set}` over `bounds`: several periods can be
 * counted in one statement with different prefixes and bound names.
 */
export const periodKpiRequests = (prefix = '', bounds: Bounds = PERIOD): CountRequest[] =>
  PERIOD_SETS.map((set) => ({ name: `${prefix}${set}`, set, bounds }));

/** Builds the shared KPIs from the counts of `periodKpiRequests(prefix)`. */
export const periodKpis = (counts: SetCounts, prefix = ''): PeriodKpis => {
  const of = (set: (typeof PERIOD_SETS)[number], key?: string) => membersOf(counts, `${prefix}${set}`, key);
  const volume = of('volume');
  const closed = of('closed');
  const followUps = of('followUps');
  const byAge = OVERDUE_AGE_BUCKETS.map((key) => ({ key, count: of('overdueOpen', key) }));
  const byHighestLevel = countsByKey(counts, `${prefix}escalated`)
    .map(({ key, count }) => ({ level: Number(key), count }))
    .sort((a, b) => a.level - b.level);
  const answersTo = (question: FollowUpQuestion) =>
    FOLLOW_UP_ANSWER_VALUES[question].map((answer) => {
      const count = of('followUpAnswers', `${question}:${answer}`);
      return { answer, count, share: ratio(count, followUps) };
    });
  return {
    volume,
    abnormal: of('abnormal'),
    timeliness: {
      ...rate(of('finalReplies', 'onTime'), of('finalReplies')),
      interimReplies: of('interimReplies'),
    },
    overdueOpen: { total: byAge.reduce((sum, each) => sum + each.count, 0), byAge },
    escalation: { ...rate(of('escalated'), volume), byHighestLevel },
    firstContactResolution: rate(of('firstContactResolution'), closed),
    reopen: rate(of('reopened'), closed),
    repeatCustomer: rate(of('repeatCustomer'), volume),
    satisfaction: {
      followUps,
      answers: {
        result: answersTo('result'),
        timeliness: answersTo('timeliness'),
        attitude: answersTo('attitude'),
        wouldReuse: answersTo('wouldReuse'),
      },
    },
    followUpRate: rate(followUps, closed),
  };
};
