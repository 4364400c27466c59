import { type AnalyticsStore, type QueryParams } from '../analytics-store.port';
import { FOLLOW_UP_ANSWER_VALUES, type FollowUpQuestion } from './follow-up-answers';
import { OVERDUE_AGE_BUCKETS, type OverdueAgeBucket } from './kpi-definitions';
import { type Bounds, type MemberSetId, memberSet, PERIOD } from './kpi-sets';

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

/**
 * Counts many member sets in one statement (UNION ALL; the engine runs the branches side by side). All
 * branches share `params`, which must bind the org-unit scope (`scopeParams`): a caller that forgets it
 * gets an error from the engine, never every org unit; names are code constants, checked before they
 * become string literals.
 */
export async function countMemberSets(
  store: AnalyticsStore,
  db: string,
  requests: readonly CountRequest[],
  params: QueryParams,
): Promise<SetCounts> {
  const branches = requests.map(({ name, set, bounds = PERIOD, bucketBy }) => {
    if (!NAME.test(name) || (bucketBy !== undefined && !NAME.test(bucketBy)))
      throw new Error(`count name '${name}' is not a plain name`);
    const key = bucketBy
      ? `toString(arrayCount(b -> b <= at, {${bucketBy}:Array(DateTime64(3, 'UTC'))}))`
      : 'key';
    return `SELECT '${name}' AS name, ${key} AS bucket, count() AS members, uniqExact(complaint_id) AS complaints
            FROM (${memberSet(set, db, bounds)}) GROUP BY bucket`;
  });
  const rows = await store.query<{ name: string; bucket: string; members: string; complaints: string }>(
    branches.join('\nUNION ALL\n'),
    params,
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
