import { isDeepStrictEqual } from 'node:util';
import { type AnalyticsStore } from '@app/analytics';
import {
  DRILL_DOWN_METRICS,
  drillDown,
  type DrillDownMetric,
  type DrillDownRequest,
  MAX_PAGE_SIZE,
} from '@app/analytics/kpi/drill-down';
import { type ExecutiveReport, HEADLINE_KPI_IDS, type RateTrend } from '@app/analytics/kpi/executive';
import { type Rate } from '@app/analytics/kpi/shared';
import { type WeeklyPack } from '@app/analytics/kpi/weekly-pack';

/**
 * Invariants every report must keep, whatever the data, checked against the public report and
 * drill-down functions only (never the tables): additive figures add up across business lines and org
 * units, every figure equals the length of its drill-down list, rates lie where their definitions put
 * them, and a report's parts agree with each other. `Invariants` counts every figure it compares and
 * throws at the first one that breaks, naming it.
 */
export class InvariantViolation extends Error {
  override name = 'InvariantViolation';
}

const shown = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (v === undefined ? null : v));

export class Invariants {
  figures = 0;

  same(what: string, actual: unknown, expected: unknown): void {
    this.figures += 1;
    if (!isDeepStrictEqual(actual, expected))
      throw new InvariantViolation(`${what}: got ${shown(actual)}, expected ${shown(expected)}`);
  }

  holds(what: string, condition: boolean, detail: unknown = undefined): void {
    this.figures += 1;
    if (!condition)
      throw new InvariantViolation(`${what}${detail === undefined ? '' : `: ${shown(detail)}`}`);
  }
}

/** Additive figures of a report by name; a name missing from one report counts 0 there. */
export type Figures = Map<string, number>;

/** A root cause's drill-down key: `family/causeCode/responsibleUnit`. */
export const causeKey = (row: { family: string; causeCode: string; responsibleUnit: string }) =>
  `${row.family}/${row.causeCode}/${row.responsibleUnit}`;

const RATES = ['timeliness', 'escalation', 'firstContactResolution', 'reopen', 'repeatCustomer'] as const;

/**
 * Every additive figure of a pack: counts, the numerator and denominator of every rate, each breakdown
 * key, overdue bucket, escalation level, follow-up answer, root-cause count (and its previous week's),
 * the volume of the four weeks before, and the corrective-action counts (left out with
 * `correctiveActions: false`: an action naming several org units counts in each).
 */
export const packFigures = (pack: WeeklyPack, { correctiveActions = true } = {}): Figures => {
  const figures: Figures = new Map();
  const put = (name: string, value: number) => figures.set(name, value);
  put('volume', pack.volume.count);
  put('abnormal', pack.volume.abnormal);
  for (const { week, count } of pack.volume.previous4Weeks) put(`volume of ${week}`, count);
  for (const [dimension, counts] of Object.entries(pack.breakdowns))
    for (const { key, count } of counts) put(`breakdowns.${dimension} ${key}`, count);
  for (const id of [...RATES, 'followUpRate'] as const) {
    put(`${id}.numerator`, pack[id].numerator);
    put(`${id}.denominator`, pack[id].denominator);
  }
  put('interimReplies', pack.timeliness.interimReplies);
  put('overdueOpen', pack.overdueOpen.total);
  for (const { key, count } of pack.overdueOpen.byAge) put(`overdueOpen ${key}`, count);
  for (const { level, count } of pack.escalation.byHighestLevel) put(`escalation level ${level}`, count);
  put('followUps', pack.satisfaction.followUps);
  for (const [question, answers] of Object.entries(pack.satisfaction.answers))
    for (const { answer, count } of answers) put(`satisfaction ${question}:${answer}`, count);
  for (const row of pack.rootCausePareto) {
    const key = causeKey(row);
    put(`rootCause ${key}`, row.count);
    put(`rootCause ${key} previous week`, row.previousWeek);
  }
  if (correctiveActions) {
    const { due, overdue, completed, completedLate } = pack.correctiveActions;
    Object.entries({ due, overdue, completed, completedLate }).forEach(([name, value]) =>
      put(`correctiveActions.${name}`, value),
    );
  }
  return figures;
};

const COMPARED = ['current', 'previousPeriod', 'yearAgo'] as const;

/**
 * Every additive figure of an executive report, for each period compared: the headline counts and the
 * numerator and denominator of every headline rate, each point of the volume series and the
 * corrective-action counts (see `packFigures`). The top causes are a top 10, not additive: they are
 * checked through the drill-down instead.
 */
export const executiveFigures = (report: ExecutiveReport, { correctiveActions = true } = {}): Figures => {
  const figures: Figures = new Map();
  for (const id of HEADLINE_KPI_IDS) {
    const trend = report.kpis[id];
    for (const which of COMPARED) {
      if (trend.unit === 'count') figures.set(`${id} ${which}`, trend[which]);
      else {
        figures.set(`${id}.numerator ${which}`, trend[which].numerator);
        figures.set(`${id}.denominator ${which}`, trend[which].denominator);
      }
    }
  }
  for (const which of ['current', 'yearAgo'] as const)
    for (const point of report.volumeSeries[which])
      figures.set(`volume of ${point.id} (${which})`, point.count);
  if (correctiveActions) {
    const actions = report.correctiveActions;
    for (const [status, count] of Object.entries(actions.byStatus))
      figures.set(`correctiveActions ${status}`, count);
    figures.set('correctiveActions overdue', actions.overdue);
    figures.set('correctiveActions completed', actions.completedInPeriod.total);
    figures.set('correctiveActions completed late', actions.completedInPeriod.late);
    figures.set('correctiveActions verified effective', actions.verifiedInPeriod.effective);
    figures.set('correctiveActions verified not effective', actions.verifiedInPeriod.notEffective);
  }
  return figures;
};

/** Each figure of the whole equals the sum of that figure over the parts. */
export const addsUp = (check: Invariants, what: string, whole: Figures, parts: Figures[]): void => {
  const names = new Set([...whole.keys(), ...parts.flatMap((part) => [...part.keys()])]);
  for (const name of [...names].sort()) {
    const sum = parts.reduce((total, part) => total + (part.get(name) ?? 0), 0);
    check.same(`${what}: ${name} adds up`, whole.get(name) ?? 0, sum);
  }
};

const isCount = (value: number) => Number.isInteger(value) && value >= 0;

/** A rate's parts are counts, its rate their ratio (none without a denominator), in [0, 1] if `bounded`. */
const rateHolds = (
  check: Invariants,
  what: string,
  { numerator, denominator, rate }: Rate,
  bounded: boolean,
) => {
  check.holds(`${what}: numerator and denominator are counts`, isCount(numerator) && isCount(denominator), {
    numerator,
    denominator,
  });
  if (bounded)
    check.holds(`${what}: numerator ≤ denominator, so the rate lies in [0, 1]`, numerator <= denominator, {
      numerator,
      denominator,
    });
  check.same(
    `${what}: rate = numerator ÷ denominator`,
    rate,
    denominator === 0 ? null : numerator / denominator,
  );
};

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The pack's own parts agree: rates, shares, breakdowns, buckets and comparisons. */
export const packHolds = (check: Invariants, what: string, pack: WeeklyPack): void => {
  const volume = pack.volume.count;
  for (const id of RATES) rateHolds(check, `${what} ${id}`, pack[id], true);
  // Follow-ups of the week ÷ closures of the week: a follow-up of an earlier week's closure counts too.
  rateHolds(check, `${what} followUpRate`, pack.followUpRate, false);
  check.same(`${what} escalation.denominator = volume`, pack.escalation.denominator, volume);
  check.same(`${what} repeatCustomer.denominator = volume`, pack.repeatCustomer.denominator, volume);
  const closed = pack.firstContactResolution.denominator;
  check.same(`${what} reopen.denominator = closed`, pack.reopen.denominator, closed);
  check.same(`${what} followUpRate.denominator = closed`, pack.followUpRate.denominator, closed);
  check.same(
    `${what} followUpRate.numerator = follow-ups`,
    pack.followUpRate.numerator,
    pack.satisfaction.followUps,
  );
  for (const [dimension, counts] of Object.entries(pack.breakdowns))
    check.same(
      `${what} breakdowns.${dimension} add up to the volume`,
      sum(counts.map((c) => c.count)),
      volume,
    );
  check.same(
    `${what} overdueOpen buckets add up`,
    sum(pack.overdueOpen.byAge.map((b) => b.count)),
    pack.overdueOpen.total,
  );
  check.same(
    `${what} escalation levels add up`,
    sum(pack.escalation.byHighestLevel.map((l) => l.count)),
    pack.escalation.numerator,
  );
  const followUps = pack.satisfaction.followUps;
  for (const [question, answers] of Object.entries(pack.satisfaction.answers)) {
    check.same(
      `${what} satisfaction ${question}: answers add up to the follow-ups`,
      sum(answers.map((a) => a.count)),
      followUps,
    );
    for (const { answer, count, share } of answers)
      check.same(
        `${what} satisfaction ${question}:${answer} share`,
        share,
        followUps === 0 ? null : count / followUps,
      );
  }
  const total = sum(pack.rootCausePareto.map((row) => row.count));
  let cumulative = 0;
  pack.rootCausePareto.forEach((row, index) => {
    cumulative += row.count;
    const name = `${what} rootCause ${causeKey(row)}`;
    check.same(`${name} share`, row.share, total === 0 ? null : row.count / total);
    check.same(`${name} cumulative share`, row.cumulativeShare, total === 0 ? null : cumulative / total);
    check.same(`${name} change vs previous week`, row.changeVsPreviousWeek, row.count - row.previousWeek);
    if (index > 0)
      check.holds(`${name}: ranked by count`, pack.rootCausePareto[index - 1]!.count >= row.count);
  });
  const history = pack.volume.previous4Weeks.map((week) => week.count);
  check.same(`${what} volume.previousWeek`, pack.volume.previousWeek, history[0]);
  check.same(`${what} volume.meanOfPrevious4Weeks`, pack.volume.meanOfPrevious4Weeks, sum(history) / 4);
  check.same(`${what} volume change`, pack.volume.changeVsPreviousWeek.difference, volume - history[0]!);
  const actions = pack.correctiveActions;
  check.holds(
    `${what} correctiveActions: completed late ≤ completed`,
    actions.completedLate <= actions.completed,
  );
  for (const effect of actions.effects) {
    check.same(
      `${what} action ${effect.actionId} weekly mean before`,
      effect.before.weeklyMean,
      effect.before.count / 4,
    );
    check.same(
      `${what} action ${effect.actionId} weekly mean after`,
      effect.after.weeklyMean,
      effect.after.count / 4,
    );
  }
};

/** The executive report's own parts agree, for each period compared. */
export const executiveHolds = (check: Invariants, what: string, report: ExecutiveReport): void => {
  const k = report.kpis;
  for (const which of COMPARED) {
    const at = `${what} (${which})`;
    const volume = k.volume[which];
    for (const id of [...RATES, 'satisfied'] as const)
      rateHolds(check, `${at} ${id}`, (k[id] as RateTrend)[which], true);
    rateHolds(check, `${at} followUpRate`, k.followUpRate[which], false);
    check.same(`${at} escalation.denominator = volume`, k.escalation[which].denominator, volume);
    check.same(`${at} repeatCustomer.denominator = volume`, k.repeatCustomer[which].denominator, volume);
    const closed = k.firstContactResolution[which].denominator;
    check.same(`${at} reopen.denominator = closed`, k.reopen[which].denominator, closed);
    check.same(`${at} followUpRate.denominator = closed`, k.followUpRate[which].denominator, closed);
    check.same(
      `${at} followUpRate.numerator = follow-ups`,
      k.followUpRate[which].numerator,
      k.followUps[which],
    );
    check.same(
      `${at} satisfied.denominator = follow-ups`,
      k.satisfied[which].denominator,
      k.followUps[which],
    );
  }
  check.same(
    `${what} volume series adds up`,
    sum(report.volumeSeries.current.map((p) => p.count)),
    k.volume.current,
  );
  check.same(
    `${what} volume series a year ago adds up`,
    sum(report.volumeSeries.yearAgo.map((p) => p.count)),
    k.volume.yearAgo,
  );
  report.topCauses.forEach((cause, index) => {
    check.holds(
      `${what} top cause ${cause.causeCode}: share in (0, 1]`,
      cause.share !== null && cause.share > 0 && cause.share <= 1,
      cause.share,
    );
    if (index > 0)
      check.holds(`${what} top causes ranked by count`, report.topCauses[index - 1]!.count >= cause.count);
  });
  const completed = report.correctiveActions.completedInPeriod;
  check.holds(`${what} correctiveActions: completed late ≤ completed`, completed.late <= completed.total);
};

/** A report's source: an analytics store and the database the projector writes. */
export type Source = { store: AnalyticsStore; database: string };

export type Listed = { members: number; total: number; ids: string[] };

/** The whole drill-down list of a figure, page after page. */
export const listAll = async (
  source: Source,
  request: Omit<DrillDownRequest, 'page' | 'pageSize'>,
): Promise<Listed> => {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await drillDown(source.store, source.database, {
      ...request,
      page,
      pageSize: MAX_PAGE_SIZE,
    });
    ids.push(...result.complaintIds);
    if (page >= result.pages) return { members: result.members, total: result.total, ids };
  }
};

/** A drill-down figure: the metric, its key (if any), and the figure the report shows for it. */
export type DrillFigure = [metric: DrillDownMetric, key: string | undefined, figure: number];

/** Drill-down metrics that count complaints (each once), not events or causes. */
const COMPLAINT_SETS = new Set<string>([
  'volume',
  'abnormal',
  'breakdowns.channel',
  'breakdowns.category',
  'breakdowns.severity',
  'breakdowns.responsibility',
  'breakdowns.orgUnit',
  'overdueOpen',
  'escalated',
  'closed',
  'firstContactResolution',
  'reopened',
  'repeatCustomer',
]);
const countsComplaints = (metric: DrillDownMetric) => COMPLAINT_SETS.has(DRILL_DOWN_METRICS[metric].set);

/** Metrics with a list of their own without a key: the lists that lines and units share out. */
export const UNKEYED_METRICS = (Object.keys(DRILL_DOWN_METRICS) as DrillDownMetric[]).filter(
  (metric) => DRILL_DOWN_METRICS[metric].key !== 'required',
);

/** Every figure of a pack that has a drill-down, with the figure the pack shows. */
export const packDrillFigures = (pack: WeeklyPack): DrillFigure[] => [
  ['volume', undefined, pack.volume.count],
  ['abnormal', undefined, pack.volume.abnormal],
  ['timeliness.replies', undefined, pack.timeliness.denominator],
  ['timeliness.onTime', undefined, pack.timeliness.numerator],
  ['timeliness.late', undefined, pack.timeliness.denominator - pack.timeliness.numerator],
  ['interimReplies', undefined, pack.timeliness.interimReplies],
  ['overdueOpen', undefined, pack.overdueOpen.total],
  ['escalation', undefined, pack.escalation.numerator],
  ['closed', undefined, pack.firstContactResolution.denominator],
  ['firstContactResolution', undefined, pack.firstContactResolution.numerator],
  ['reopen', undefined, pack.reopen.numerator],
  ['repeatCustomer', undefined, pack.repeatCustomer.numerator],
  ['followUps', undefined, pack.satisfaction.followUps],
  ['rootCausePareto', undefined, sum(pack.rootCausePareto.map((row) => row.count))],
  ...Object.entries(pack.breakdowns).flatMap(([dimension, counts]) =>
    counts.map(({ key, count }): DrillFigure => [`breakdowns.${dimension}` as DrillDownMetric, key, count]),
  ),
  ...pack.overdueOpen.byAge.map(({ key, count }): DrillFigure => ['overdueOpen', key, count]),
  ...pack.escalation.byHighestLevel.map(({ level, count }): DrillFigure => [
    'escalation',
    String(level),
    count,
  ]),
  ...Object.entries(pack.satisfaction.answers).flatMap(([question, answers]) =>
    answers.map(({ answer, count }): DrillFigure => ['satisfaction', `${question}:${answer}`, count]),
  ),
  ...pack.rootCausePareto.map((row): DrillFigure => ['rootCausePareto', causeKey(row), row.count]),
];

/** The figures with a list of their own without a key: the lists that lines and units share out. */
export const unkeyed = (figures: readonly DrillFigure[]): DrillFigure[] =>
  figures.filter(([, key]) => key === undefined);

/** Every figure of one period of an executive report that has a drill-down. */
export const executiveDrillFigures = (
  report: ExecutiveReport,
  which: 'current' | 'previousPeriod',
): DrillFigure[] => {
  const k = report.kpis;
  const figures: DrillFigure[] = [
    ['volume', undefined, k.volume[which]],
    ['abnormal', undefined, k.abnormal[which]],
    ['timeliness.replies', undefined, k.timeliness[which].denominator],
    ['timeliness.onTime', undefined, k.timeliness[which].numerator],
    ['interimReplies', undefined, k.interimReplies[which]],
    ['overdueOpen', undefined, k.overdueOpen[which]],
    ['escalation', undefined, k.escalation[which].numerator],
    ['closed', undefined, k.firstContactResolution[which].denominator],
    ['firstContactResolution', undefined, k.firstContactResolution[which].numerator],
    ['reopen', undefined, k.reopen[which].numerator],
    ['repeatCustomer', undefined, k.repeatCustomer[which].numerator],
    ['followUps', undefined, k.followUps[which]],
    ['satisfaction', 'result:satisfied', k.satisfied[which].numerator],
  ];
  for (const cause of report.topCauses)
    figures.push([
      'rootCausePareto',
      causeKey(cause),
      which === 'current' ? cause.count : cause.previousPeriod,
    ]);
  return figures;
};

/**
 * Each figure equals its drill-down: `members` is the figure, `total` the length of the whole list,
 * the list is sorted and without repeats, and a figure that counts complaints counts each once.
 * Returns the lists by metric and key.
 */
export const drillDownsHold = async (
  check: Invariants,
  what: string,
  source: Source,
  request: Omit<DrillDownRequest, 'page' | 'pageSize' | 'metric' | 'key'>,
  figures: readonly DrillFigure[],
): Promise<Map<string, string[]>> => {
  const lists = new Map<string, string[]>();
  for (const [metric, key, figure] of figures) {
    const name = `${what} drill-down ${metric}${key === undefined ? '' : ` ${key}`}`;
    const listed = await listAll(source, { ...request, metric, key });
    check.same(`${name}: members = the figure`, listed.members, figure);
    check.same(`${name}: total = the length of the list`, listed.total, listed.ids.length);
    check.holds(
      `${name}: sorted, without repeats`,
      listed.ids.every((id, i) => i === 0 || listed.ids[i - 1]! < id),
    );
    if (countsComplaints(metric)) check.same(`${name}: each complaint once`, listed.members, listed.total);
    lists.set(`${metric} ${key ?? ''}`, listed.ids);
  }
  return lists;
};

/** The parts' lists share out the whole's: disjoint, and together exactly the whole. */
export const listsShareOut = (
  check: Invariants,
  what: string,
  whole: Map<string, string[]>,
  parts: Map<string, string[]>[],
): void => {
  for (const [name, ids] of whole) {
    const together = parts.flatMap((part) => part.get(name) ?? []).sort();
    check.same(`${what} ${name}: the parts' lists make the whole's`, together, ids);
  }
};

/** Drill-down metrics whose figure over a period is the sum of the figures over the parts of it. */
export const TIME_ADDITIVE_METRICS: readonly DrillDownMetric[] = [
  'volume',
  'abnormal',
  'timeliness.replies',
  'timeliness.onTime',
  'timeliness.late',
  'interimReplies',
  'escalation',
  'firstContactResolution',
  'repeatCustomer',
  'followUps',
  'rootCausePareto',
];
