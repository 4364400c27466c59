import {
  change,
  type CountRequest,
  countsByKey,
  DEFAULT_REPORTING_TIME_ZONE,
  type IsoWeek,
  membersOf,
  num,
  parseIsoWeek,
  PERIOD,
  periodKpiRequests,
  periodKpis,
  previousWeeks,
  type SetCounts,
} from '@app/analytics/kpi/shared';
import {
  BREAKDOWN_DIMENSIONS,
  type CorrectiveActionsSummary,
  EFFECT_WINDOW_WEEKS,
  paretoRows,
  type WeeklyPack,
  type WeeklyPackRequest,
} from '@app/analytics/kpi/weekly-pack';
import { type Pool } from 'pg';
import { type PgParamValue, PgParams } from './postgres-params';
import { pgMemberSet } from './postgres-member-sets';
import { schemaName } from './postgres-tables';

/**
 * The weekly quality-analysis pack of `weekly-pack.sql.ts` computed by PostgreSQL: the same member
 * sets counted in one statement (UNION ALL), the same corrective-action figures, and the same
 * TypeScript turning counts into the `WeeklyPack`. Only the SQL differs, so the two engines answer the
 * very same question.
 */
const NAME = /^[A-Za-z][A-Za-z0-9.:_-]*$/;

/** Members and distinct complaints per key of each request, as `countMemberSets` returns them. */
export async function pgCountMemberSets(
  pool: Pool,
  schema: string,
  requests: readonly CountRequest[],
  named: Readonly<Record<string, PgParamValue>>,
): Promise<SetCounts> {
  const s = schemaName(schema);
  const p = new PgParams(named);
  const branches = requests.map(({ name, set, bounds = PERIOD, bucketBy }) => {
    if (!NAME.test(name) || (bucketBy !== undefined && !NAME.test(bucketBy)))
      throw new Error(`count name '${name}' is not a plain name`);
    // width_bucket: how many of the ascending instants are at or before `at` (ClickHouse's arrayCount).
    const bucket = bucketBy ? `width_bucket(m.at, ${p.ref(bucketBy, 'timestamptz[]')})::text` : 'm.key::text';
    return `SELECT ${p.value(name, 'text')} AS name, ${bucket} COLLATE "C" AS bucket,
                   count(*) AS members, count(DISTINCT m.complaint_id) AS complaints
            FROM (${pgMemberSet(set, s, bounds, p)}) AS m GROUP BY 2`;
  });
  const { rows } = await pool.query<{ name: string; bucket: string; members: string; complaints: string }>(
    branches.join('\nUNION ALL\n'),
    p.values,
  );
  const counts: SetCounts = new Map(requests.map(({ name }) => [name, new Map()]));
  for (const row of rows)
    counts.get(row.name)?.set(row.bucket, { members: num(row.members), complaints: num(row.complaints) });
  return counts;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** Due, overdue and completed actions of the week, and the effect of those verified by its end. */
async function pgCorrectiveActions(
  pool: Pool,
  schema: string,
  named: Readonly<Record<string, PgParamValue>>,
): Promise<CorrectiveActionsSummary> {
  const s = schemaName(schema);
  const actions = (p: PgParams) =>
    `(SELECT * FROM ${s}.corrective_actions
      WHERE (${p.ref('businessLine', 'text')} IS NULL OR business_line = ${p.ref('businessLine', 'text')})
        AND (${p.ref('orgUnit', 'text')} IS NULL OR ${p.ref('orgUnit', 'text')} = ANY (org_units)))`;
  const t = new PgParams(named);
  const [week, end] = [t.ref('start', 'timestamptz'), t.ref('end', 'timestamptz')];
  const totals = pool.query<{ due: string; overdue: string; completed: string; late: string }>(
    `SELECT count(*) FILTER (WHERE due_at >= ${week} AND due_at < ${end}) AS due,
            count(*) FILTER (WHERE proposed_at < ${end} AND due_at < ${end}
                               AND (completed_at IS NULL OR completed_at >= ${end})) AS overdue,
            count(*) FILTER (WHERE completed_at >= ${week} AND completed_at < ${end}) AS completed,
            count(*) FILTER (WHERE completed_at >= ${week} AND completed_at < ${end}
                               AND completed_overdue = 1) AS late
     FROM ${actions(t)} AS a`,
    t.values,
  );
  // A verified action's causes: active causes with one of its cause codes at one of its org units, of its
  // line, dated by their complaint's registration (counted complaints of any receiving unit); counted for
  // each (code, unit) pair through the partial index on active causes, as ClickHouse's ARRAY JOIN pairs them.
  const e = new PgParams({ ...named, window: EFFECT_WINDOW_WEEKS });
  // Weeks as hours: exact instants, as ClickHouse's toIntervalWeek in UTC, whatever the session's zone.
  const window = `make_interval(hours => 168 * ${e.ref('window', 'integer')})`;
  const effects = pool.query<{
    action_id: string;
    cause_codes: string[];
    org_units: string[];
    started_at: Date | null;
    completed_at: Date | null;
    verified_at: Date;
    effective: number | null;
    before: string;
    after: string;
  }>(
    `SELECT a.action_id, a.cause_codes, a.org_units, a.started_at, a.completed_at, a.verified_at, a.effective,
            sum(m.before) AS before, sum(m.after) AS after
     FROM (SELECT * FROM ${actions(e)} AS v
           WHERE verified_at < ${e.ref('end', 'timestamptz')}
           ORDER BY verified_at DESC, action_id LIMIT 20) AS a
     CROSS JOIN LATERAL unnest(a.cause_codes) AS code (cause_code)
     CROSS JOIN LATERAL unnest(a.org_units) AS unit (org_unit)
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE c.registered_at >= a.started_at - ${window}
                                 AND c.registered_at < a.started_at) AS before,
              count(*) FILTER (WHERE c.registered_at >= a.completed_at
                                 AND c.registered_at < a.completed_at + ${window}) AS after
       FROM ${s}.complaint_causes AS k
       JOIN ${s}.complaints AS c ON c.complaint_id = k.complaint_id
       WHERE k.active = 1 AND k.business_line = a.business_line AND k.cause_code = code.cause_code
         AND k.responsible_unit = unit.org_unit AND c.merged_into IS NULL AND c.abnormal = 0) AS m
     GROUP BY a.action_id, a.cause_codes, a.org_units, a.started_at, a.completed_at, a.verified_at, a.effective
     ORDER BY a.verified_at DESC, a.action_id`,
    e.values,
  );
  const [{ rows: sums }, { rows }] = await Promise.all([totals, effects]);
  const [sum] = sums;
  return {
    due: num(sum.due),
    overdue: num(sum.overdue),
    completed: num(sum.completed),
    completedLate: num(sum.late),
    effects: rows.map((row) => {
      const before = num(row.before);
      const after = num(row.after);
      return {
        actionId: row.action_id,
        causeCodes: row.cause_codes,
        orgUnits: row.org_units,
        startedAt: iso(row.started_at),
        completedAt: iso(row.completed_at),
        verifiedAt: row.verified_at.toISOString(),
        effective: num(row.effective) === 1,
        before: { count: before, weeklyMean: before / EFFECT_WINDOW_WEEKS },
        after: { count: after, weeklyMean: after / EFFECT_WINDOW_WEEKS },
        change: change(after / EFFECT_WINDOW_WEEKS, before / EFFECT_WINDOW_WEEKS),
      };
    }),
  };
}

/** The week and its filters as named values, with the extra bounds the pack's comparisons use. */
const weekValues = (week: IsoWeek, request: WeeklyPackRequest): Record<string, PgParamValue> => {
  const history = [...previousWeeks(week, 4)].reverse();
  return {
    start: week.start,
    end: week.end,
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
    historyStart: history[0].start,
    weekStarts: [...history, week].map((each) => each.start),
    previousStart: previousWeeks(week, 1)[0].start,
  };
};

/** The pack's count requests: the period KPIs, weeks w-4 … w, the breakdowns and both weeks' causes. */
const PACK_REQUESTS: CountRequest[] = [
  ...periodKpiRequests(),
  // Volume of weeks w-4 … w: bucket 1 is w-4, 5 the week itself.
  {
    name: 'volumeHistory',
    set: 'volume',
    bounds: { start: 'historyStart', end: 'end' },
    bucketBy: 'weekStarts',
  },
  ...BREAKDOWN_DIMENSIONS.map((dimension) => ({
    name: `breakdowns.${dimension}`,
    set: `breakdowns.${dimension}` as const,
  })),
  { name: 'rootCauses', set: 'rootCauses' },
  { name: 'rootCausesPreviousWeek', set: 'rootCauses', bounds: { start: 'previousStart', end: 'start' } },
];

/** `weeklyPack` over the PostgreSQL tables in `schema`: the same request, the same `WeeklyPack`. */
export async function pgWeeklyPack(
  pool: Pool,
  schema: string,
  request: WeeklyPackRequest,
): Promise<WeeklyPack> {
  const week = parseIsoWeek(request.week, request.timeZone ?? DEFAULT_REPORTING_TIME_ZONE);
  const named = weekValues(week, request);
  const [counts, actions] = await Promise.all([
    pgCountMemberSets(pool, schema, PACK_REQUESTS, named),
    pgCorrectiveActions(pool, schema, named),
  ]);
  const kpis = periodKpis(counts);
  const previous4Weeks = previousWeeks(week, 4).map((each, index) => ({
    week: each.id,
    count: membersOf(counts, 'volumeHistory', String(4 - index)),
  }));
  const mean = previous4Weeks.reduce((sum, each) => sum + each.count, 0) / 4;
  const previousCauses = new Map(
    countsByKey(counts, 'rootCausesPreviousWeek').map(({ key, count }) => [key, count]),
  );
  return {
    // Quality meetings are not in the baseline's tables; the comparison leaves this section out.
    sinceLastMeeting: null,
    week: {
      id: week.id,
      timeZone: week.timeZone,
      start: week.start.toISOString(),
      end: week.end.toISOString(),
    },
    filters: { businessLine: request.businessLine ?? null, orgUnit: request.orgUnit ?? null, scope: null },
    volume: {
      count: kpis.volume,
      abnormal: kpis.abnormal,
      previousWeek: previous4Weeks[0].count,
      changeVsPreviousWeek: change(kpis.volume, previous4Weeks[0].count),
      previous4Weeks,
      meanOfPrevious4Weeks: mean,
      changeVsMeanOfPrevious4Weeks: change(kpis.volume, mean),
    },
    breakdowns: {
      channel: countsByKey(counts, 'breakdowns.channel'),
      category: countsByKey(counts, 'breakdowns.category'),
      severity: countsByKey(counts, 'breakdowns.severity'),
      responsibility: countsByKey(counts, 'breakdowns.responsibility'),
      orgUnit: countsByKey(counts, 'breakdowns.orgUnit'),
    },
    timeliness: kpis.timeliness,
    overdueOpen: kpis.overdueOpen,
    escalation: kpis.escalation,
    firstContactResolution: kpis.firstContactResolution,
    reopen: kpis.reopen,
    repeatCustomer: kpis.repeatCustomer,
    satisfaction: kpis.satisfaction,
    followUpRate: kpis.followUpRate,
    rootCausePareto: paretoRows(countsByKey(counts, 'rootCauses'), previousCauses),
    correctiveActions: actions,
  };
}
