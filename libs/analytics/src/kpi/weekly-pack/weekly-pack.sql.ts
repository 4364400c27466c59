import { type AnalyticsStore, type QueryParams } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import {
  ACTION_FILTERS,
  actionInScope,
  type Change,
  change,
  type Count,
  countMemberSets,
  countsByKey,
  DEFAULT_REPORTING_TIME_ZONE,
  finalWhere,
  inScope,
  type IsoWeek,
  membersOf,
  num,
  type OrgUnitScope,
  parseIsoWeek,
  periodKpiRequests,
  type PeriodKpis,
  periodKpis,
  previousWeeks,
  type Rate,
  ratio,
  scopeFilter,
  scopeParams,
  splitCauseKey,
} from '../shared';

export type { Change, Count, Rate } from '../shared';

/**
 * The weekly quality-analysis pack: every KPI of `kpi-definitions.ts` counted from its member set
 * (`kpi-sets.ts`) in one statement, plus the state of corrective actions. Every value — week bounds,
 * filters — is a bound `{name:Type}` parameter; only the database name, checked by `assertIdentifier`,
 * is written into the SQL text.
 */
export type WeeklyPackRequest = {
  /** ISO week, `YYYY-Www`. */
  week: string;
  /** IANA zone the week is read in; Asia/Shanghai when omitted. */
  timeZone?: string;
  businessLine?: string;
  /** Receiving org unit. */
  orgUnit?: string;
  /** The receiving org units the pack may read (`org-unit-scope.ts`); every unit when omitted. */
  scope?: OrgUnitScope;
};

export type RootCauseRow = {
  family: string;
  causeCode: string;
  responsibleUnit: string;
  count: number;
  share: number | null;
  cumulativeShare: number | null;
  previousWeek: number;
  changeVsPreviousWeek: number;
};

/** A verified corrective action and its causes' weekly count before it started and after it was completed. */
export type CorrectiveActionEffect = {
  actionId: string;
  causeCodes: string[];
  orgUnits: string[];
  startedAt: string | null;
  completedAt: string | null;
  verifiedAt: string;
  /** The verifier's judgement. */
  effective: boolean;
  before: { count: number; weeklyMean: number };
  after: { count: number; weeklyMean: number };
  change: Change;
};

export type CorrectiveActionsSummary = {
  /** Due in the week (any status). */
  due: number;
  /** Not completed by the end of the week and past their due date then. */
  overdue: number;
  completed: number;
  /** Of those completed in the week, completed after their due date. */
  completedLate: number;
  /** Actions verified by the end of the week, latest first (at most 20). */
  effects: CorrectiveActionEffect[];
};

/** A corrective action as the next meeting reviews it. */
export type MeasureLine = {
  actionId: string;
  causeCodes: string[];
  orgUnits: string[];
  /** Job number. */
  owner: string;
  dueAt: string;
  status: string;
  completedAt: string | null;
  /** The meeting and decision that proposed it, when one did. */
  meetingId: string | null;
  decisionId: string | null;
};

/**
 * What the next meeting opens with: the measures due, overdue and verified since the last meeting of the
 * line (and unit, when the pack names one), to the end of the pack's week; each verified one with its
 * causes before and after (as `correctiveActions.effects`).
 */
export type MeasuresSinceLastMeeting = {
  lastMeeting: { meetingId: string; week: string; heldAt: string } | null;
  /** The window `[from, to)`: from the last meeting (from the beginning when there was none). */
  from: string | null;
  to: string;
  /** Due in the window, whatever their status. */
  due: MeasureLine[];
  /** Past due at `to` and not completed by then. */
  overdue: MeasureLine[];
  /** Verified in the window, latest first (at most 20). */
  verified: CorrectiveActionEffect[];
};

export type WeeklyPack = {
  /** Null when the pack names no business line: meetings are held per line. */
  sinceLastMeeting: MeasuresSinceLastMeeting | null;
  week: { id: string; timeZone: string; start: string; end: string };
  /** `scope`: the org units the pack was restricted to, sorted; null when unscoped. */
  filters: { businessLine: string | null; orgUnit: string | null; scope: string[] | null };
  volume: {
    count: number;
    abnormal: number;
    previousWeek: number;
    changeVsPreviousWeek: Change;
    /** Weeks w-1 … w-4, nearest first. */
    previous4Weeks: { week: string; count: number }[];
    meanOfPrevious4Weeks: number;
    changeVsMeanOfPrevious4Weeks: Change;
  };
  breakdowns: Record<BreakdownDimension, Count[]>;
  timeliness: PeriodKpis['timeliness'];
  overdueOpen: PeriodKpis['overdueOpen'];
  escalation: PeriodKpis['escalation'];
  firstContactResolution: Rate;
  reopen: Rate;
  repeatCustomer: Rate;
  satisfaction: PeriodKpis['satisfaction'];
  followUpRate: Rate;
  rootCausePareto: RootCauseRow[];
  correctiveActions: CorrectiveActionsSummary;
};

export const BREAKDOWN_DIMENSIONS = ['channel', 'category', 'severity', 'responsibility', 'orgUnit'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Weeks of the corrective-action comparison: the 4 weeks before it started vs the 4 after it was completed. */
export const EFFECT_WINDOW_WEEKS = 4;

/** Root causes ranked by count, then previous week's count, then code and unit; shares of the week's total. */
export const paretoRows = (current: Count[], previous: Map<string, number>): RootCauseRow[] => {
  const keys = new Set([...current.map(({ key }) => key), ...previous.keys()]);
  const counts = new Map(current.map(({ key, count }) => [key, count]));
  const rows = [...keys].map((key) => ({
    ...splitCauseKey(key),
    count: counts.get(key) ?? 0,
    previousWeek: previous.get(key) ?? 0,
  }));
  rows.sort(
    (a, b) =>
      b.count - a.count ||
      b.previousWeek - a.previousWeek ||
      a.causeCode.localeCompare(b.causeCode) ||
      a.responsibleUnit.localeCompare(b.responsibleUnit),
  );
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  let cumulative = 0;
  return rows.map((row) => {
    cumulative += row.count;
    return {
      ...row,
      share: ratio(row.count, total),
      cumulativeShare: ratio(cumulative, total),
      changeVsPreviousWeek: row.count - row.previousWeek,
    };
  });
};

type VerifiedActionRow = {
  action_id: string;
  business_line: string;
  cause_codes: string[];
  org_units: string[];
  started_at: string | null;
  completed_at: string | null;
  verified_at: string;
  effective: number;
};

/**
 * Each verified action's causes before it started and after it was completed: active causes with one of
 * the action's cause codes whose responsible unit is one of its org units, of the action's business
 * line, dated by their complaint's registration (counted complaints of any receiving unit in scope) —
 * read only for those codes, units and the weeks around the actions.
 */
async function effectsOf(
  store: AnalyticsStore,
  db: string,
  verified: VerifiedActionRow[],
  params: QueryParams,
): Promise<CorrectiveActionEffect[]> {
  const windowMs = EFFECT_WINDOW_WEEKS * 7 * 86_400_000;
  const instants = verified.flatMap((a) => [a.started_at, a.completed_at]).filter((at) => at !== null);
  const causes =
    verified.length === 0 || instants.length === 0
      ? []
      : await store.query<{
          business_line: string;
          cause_code: string;
          responsible_unit: string;
          at: string;
        }>(
          `SELECT k.business_line AS business_line, k.cause_code AS cause_code,
                  k.responsible_unit AS responsible_unit, c.registered_at AS at
           FROM (SELECT complaint_id, business_line, cause_code, responsible_unit
                 FROM ${finalWhere(db, 'complaint_causes', 'cause_code IN {codes:Array(String)} AND responsible_unit IN {units:Array(String)}')}
                 WHERE active = 1) AS k
           INNER JOIN (SELECT complaint_id, registered_at
                       FROM ${finalWhere(
                         db,
                         'complaints',
                         `registered_at >= {from:DateTime64(3, 'UTC')} AND registered_at < {to:DateTime64(3, 'UTC')}
                          AND complaint_id IN (SELECT complaint_id FROM ${db}.complaint_causes
                                               WHERE cause_code IN {codes:Array(String)})`,
                       )}
                       WHERE merged_into IS NULL AND abnormal = 0 AND ${inScope()}) AS c
             ON c.complaint_id = k.complaint_id`,
          {
            codes: [...new Set(verified.flatMap((a) => a.cause_codes))],
            units: [...new Set(verified.flatMap((a) => a.org_units))],
            from: new Date(Math.min(...instants.map((at) => Date.parse(at))) - windowMs),
            to: new Date(Math.max(...instants.map((at) => Date.parse(at))) + windowMs),
            scoped: params.scoped,
            orgUnits: params.orgUnits,
          },
        );
  const countFor = (action: (typeof verified)[number], from: string | null, to: string | null) =>
    from === null || to === null
      ? 0
      : causes.filter(
          (cause) =>
            cause.business_line === action.business_line &&
            action.cause_codes.includes(cause.cause_code) &&
            action.org_units.includes(cause.responsible_unit) &&
            Date.parse(cause.at) >= Date.parse(from) &&
            Date.parse(cause.at) < Date.parse(to),
        ).length;
  const shift = (at: string | null, ms: number) =>
    at === null ? null : new Date(Date.parse(at) + ms).toISOString();
  const effects = verified.map((action) => ({
    ...action,
    before: countFor(action, shift(action.started_at, -windowMs), action.started_at),
    after: countFor(action, action.completed_at, shift(action.completed_at, windowMs)),
  }));
  return effects.map((row) => {
    const { before, after } = row;
    return {
      actionId: row.action_id,
      causeCodes: row.cause_codes,
      orgUnits: row.org_units,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      verifiedAt: row.verified_at,
      effective: num(row.effective) === 1,
      before: { count: before, weeklyMean: before / EFFECT_WINDOW_WEEKS },
      after: { count: after, weeklyMean: after / EFFECT_WINDOW_WEEKS },
      change: change(after / EFFECT_WINDOW_WEEKS, before / EFFECT_WINDOW_WEEKS),
    };
  });
}

async function correctiveActions(
  store: AnalyticsStore,
  db: string,
  params: QueryParams,
): Promise<CorrectiveActionsSummary> {
  const actions = `(SELECT * FROM (SELECT * FROM ${db}.corrective_actions FINAL)
    WHERE ${ACTION_FILTERS})`;
  const week = `{start:DateTime64(3, 'UTC')}`;
  const end = `{end:DateTime64(3, 'UTC')}`;
  const [totals] = await store.query<{ due: string; overdue: string; completed: string; late: string }>(
    `SELECT countIf(due_at >= ${week} AND due_at < ${end}) AS due,
            countIf(proposed_at < ${end} AND due_at < ${end} AND (completed_at IS NULL OR completed_at >= ${end})) AS overdue,
            countIf(completed_at >= ${week} AND completed_at < ${end}) AS completed,
            countIf(completed_at >= ${week} AND completed_at < ${end} AND completed_overdue = 1) AS late
     FROM ${actions}`,
    params,
  );
  const verified = await store.query<VerifiedActionRow>(
    `SELECT action_id, business_line, cause_codes, org_units, started_at, completed_at, verified_at, effective
     FROM ${actions} WHERE verified_at < ${end} ORDER BY verified_at DESC, action_id LIMIT 20`,
    params,
  );
  const effects = await effectsOf(store, db, verified, params);
  return {
    due: num(totals.due),
    overdue: num(totals.overdue),
    completed: num(totals.completed),
    completedLate: num(totals.late),
    effects,
  };
}

async function measuresSinceLastMeeting(
  store: AnalyticsStore,
  db: string,
  params: QueryParams,
  end: Date,
): Promise<MeasuresSinceLastMeeting> {
  const [last] = await store.query<{ meeting_id: string; week: string; held_at: string }>(
    `SELECT meeting_id, week, held_at FROM ${db}.quality_meetings FINAL
     WHERE business_line = {businessLine:String} AND held_at < {end:DateTime64(3, 'UTC')}
       AND ({orgUnit:Nullable(String)} IS NULL OR has(org_units, {orgUnit:Nullable(String)}))
       AND ${actionInScope()}
     ORDER BY held_at DESC, meeting_id LIMIT 1`,
    params,
  );
  const from = last === undefined ? null : new Date(last.held_at);
  const window = { ...params, from: from ?? new Date(0) };
  const actions = `(SELECT * FROM (SELECT * FROM ${db}.corrective_actions FINAL) WHERE ${ACTION_FILTERS})`;
  const to = `{end:DateTime64(3, 'UTC')}`;
  const since = `{from:DateTime64(3, 'UTC')}`;
  const lines = await store.query<{
    action_id: string;
    cause_codes: string[];
    org_units: string[];
    owner: string;
    due_at: string;
    status: string;
    completed_at: string | null;
    meeting_id: string | null;
    decision_id: string | null;
    is_due: number;
    is_overdue: number;
  }>(
    `SELECT action_id, cause_codes, org_units, owner, due_at, status, completed_at, meeting_id, decision_id,
            due_at >= ${since} AND due_at < ${to} AS is_due,
            proposed_at < ${to} AND due_at < ${to} AND (completed_at IS NULL OR completed_at >= ${to}) AS is_overdue
     FROM ${actions}
     WHERE is_due OR is_overdue
     ORDER BY due_at, action_id`,
    window,
  );
  const verified = await store.query<VerifiedActionRow>(
    `SELECT action_id, business_line, cause_codes, org_units, started_at, completed_at, verified_at, effective
     FROM ${actions} WHERE verified_at >= ${since} AND verified_at < ${to}
     ORDER BY verified_at DESC, action_id LIMIT 20`,
    window,
  );
  const line = (row: (typeof lines)[number]): MeasureLine => ({
    actionId: row.action_id,
    causeCodes: row.cause_codes,
    orgUnits: row.org_units,
    owner: row.owner,
    dueAt: new Date(row.due_at).toISOString(),
    status: row.status,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
    meetingId: row.meeting_id,
    decisionId: row.decision_id,
  });
  return {
    lastMeeting:
      last === undefined
        ? null
        : { meetingId: last.meeting_id, week: last.week, heldAt: new Date(last.held_at).toISOString() },
    from: from === null ? null : from.toISOString(),
    to: end.toISOString(),
    due: lines.filter((row) => num(row.is_due) === 1).map(line),
    overdue: lines.filter((row) => num(row.is_overdue) === 1).map(line),
    verified: await effectsOf(store, db, verified, params),
  };
}

/** The week and its filters as bound parameters, with the extra bounds the pack's comparisons use. */
const weekParams = (week: IsoWeek, request: WeeklyPackRequest): QueryParams => {
  const history = [...previousWeeks(week, 4)].reverse();
  return {
    start: week.start,
    end: week.end,
    businessLine: request.businessLine ?? null,
    orgUnit: request.orgUnit ?? null,
    ...scopeParams(request.scope),
    historyStart: history[0].start,
    weekStarts: [...history, week].map((each) => each.start),
    previousStart: previousWeeks(week, 1)[0].start,
  };
};

export async function weeklyPack(
  store: AnalyticsStore,
  database: string,
  request: WeeklyPackRequest,
): Promise<WeeklyPack> {
  const db = assertIdentifier(database);
  const week = parseIsoWeek(request.week, request.timeZone ?? DEFAULT_REPORTING_TIME_ZONE);
  const params = weekParams(week, request);
  const [counts, actions, sinceLastMeeting] = await Promise.all([
    countMemberSets(
      store,
      db,
      [
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
        {
          name: 'rootCausesPreviousWeek',
          set: 'rootCauses',
          bounds: { start: 'previousStart', end: 'start' },
        },
      ],
      params,
    ),
    correctiveActions(store, db, params),
    request.businessLine === undefined
      ? Promise.resolve(null)
      : measuresSinceLastMeeting(store, db, params, week.end),
  ]);
  const kpis = periodKpis(counts);
  const history = [...previousWeeks(week, 4)];
  const previous4Weeks = history.map((each, index) => ({
    week: each.id,
    count: membersOf(counts, 'volumeHistory', String(4 - index)),
  }));
  const mean = previous4Weeks.reduce((sum, each) => sum + each.count, 0) / 4;
  const previousCauses = new Map(
    countsByKey(counts, 'rootCausesPreviousWeek').map(({ key, count }) => [key, count]),
  );
  return {
    sinceLastMeeting,
    week: {
      id: week.id,
      timeZone: week.timeZone,
      start: week.start.toISOString(),
      end: week.end.toISOString(),
    },
    filters: {
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      scope: scopeFilter(request.scope),
    },
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
