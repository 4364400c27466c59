import { DateTime } from 'luxon';
import { defaultTaxonomy } from '@app/complaints';
import {
  type ExecutiveReport,
  executiveReport,
  type ExecutiveReportRequest,
  TOP_CAUSES,
} from '@app/analytics/kpi/executive';
import {
  type IsoWeek,
  parseIsoWeek,
  parseReportPeriod,
  previousPeriod,
  type ReportPeriod,
} from '@app/analytics/kpi/shared';
import {
  type CorrectiveActionEffect,
  type WeeklyPack,
  weeklyPack,
  type WeeklyPackRequest,
} from '@app/analytics/kpi/weekly-pack';
import { formatDay, monthsBefore, parseDay } from '../../apps/seeder/src/generator/calendar';
import { type DataSetSpec, type GeneratedReportData } from './generated-report-data';
import {
  type Figures,
  type Invariants,
  type Source,
  TIME_ADDITIVE_METRICS,
  UNKEYED_METRICS,
  addsUp,
  causeKey,
  drillDownsHold,
  executiveDrillFigures,
  executiveFigures,
  executiveHolds,
  listAll,
  listsShareOut,
  packDrillFigures,
  packFigures,
  packHolds,
  unkeyed,
} from './report-invariants';

/**
 * The invariants of `report-invariants.ts` applied to one generated data set, step by step, where a
 * probe says to look: a window of weeks, a report period, a business line (its org units), an org-unit
 * scope and a sample of the keyed drill-downs. Every step reads the public report and drill-down
 * functions only.
 */
export const ZONE = 'Asia/Shanghai';
export const LINES = defaultTaxonomy()
  .businessLines()
  .map((line) => line.businessLine);

/**
 * Where to look: indices into the data set's weeks, periods, lines, org units and keyed figures, and
 * which report the org units of the line are added up in.
 */
export type Probe = {
  week: number;
  period: number;
  line: number;
  units: 'pack' | 'executive';
  scope: number[];
  keyed: number[];
};

const firstDayOf = (spec: DataSetSpec) =>
  DateTime.fromISO(formatDay(monthsBefore(parseDay(spec.end), spec.months)), { zone: ZONE });

/** The ISO weeks overlapping the data set, in the reporting zone. */
export const weeksOf = (spec: DataSetSpec): IsoWeek[] => {
  const end = DateTime.fromISO(spec.end, { zone: ZONE });
  const weeks: IsoWeek[] = [];
  for (let at = firstDayOf(spec).startOf('week'); at < end; at = at.plus({ weeks: 1 }))
    weeks.push(parseIsoWeek(at.toFormat("kkkk-'W'WW"), ZONE));
  return weeks;
};

/** The months and quarters overlapping the data set. */
export const periodsOf = (spec: DataSetSpec): string[] => {
  const last = DateTime.fromISO(spec.end, { zone: ZONE }).minus({ days: 1 });
  const periods = new Set<string>();
  for (let at = firstDayOf(spec).startOf('month'); at <= last; at = at.plus({ months: 1 })) {
    periods.add(at.toFormat('yyyy-MM'));
    periods.add(`${at.year}-Q${at.quarter}`);
  }
  return [...periods];
};

/** Text order as ClickHouse sorts (by bytes; the ids are ASCII). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The latest 20 verified actions, as the pack lists them. */
const latestEffects = (effects: CorrectiveActionEffect[]) =>
  [...effects]
    .sort((a, b) => byText(b.verifiedAt, a.verifiedAt) || byText(a.actionId, b.actionId))
    .slice(0, 20);

const withoutFilters = <T extends { filters: unknown }>(report: T) => ({ ...report, filters: null });

type Packs = Map<string, { all: WeeklyPack; lines: Map<string, WeeklyPack> }>;

/** One data set, where to look in it, and what has been asked so far. */
class Look {
  readonly source: Source;
  readonly weeks: IsoWeek[];
  readonly window: IsoWeek[];
  readonly week: IsoWeek;
  readonly period: ReportPeriod;
  readonly line: string;
  readonly packs: Packs = new Map();
  report!: ExecutiveReport;
  readonly byLine = new Map<string, ExecutiveReport>();

  constructor(
    readonly check: Invariants,
    readonly data: GeneratedReportData,
    readonly probe: Probe,
  ) {
    this.source = { store: data.analytics, database: data.database };
    this.weeks = weeksOf(data.spec);
    const at = probe.week % this.weeks.length;
    this.window = this.weeks.slice(Math.max(0, at - 2), at + 1);
    this.week = this.weeks[at]!;
    const periods = periodsOf(data.spec);
    this.period = parseReportPeriod(periods[probe.period % periods.length]!, ZONE);
    this.line = LINES[probe.line % LINES.length]!;
  }

  pack(request: Omit<WeeklyPackRequest, 'timeZone'>, on = this.source): Promise<WeeklyPack> {
    return weeklyPack(on.store, on.database, { ...request, timeZone: ZONE });
  }

  executive(request: Omit<ExecutiveReportRequest, 'timeZone'>, on = this.source): Promise<ExecutiveReport> {
    return executiveReport(on.store, on.database, { ...request, timeZone: ZONE });
  }
}

/** The lines add up, week by week; each pack's parts agree; the lines' verified actions are the whole's. */
const linesAddUpWeekByWeek = async (look: Look) => {
  const { check } = look;
  for (const { id } of look.window) {
    const all = await look.pack({ week: id });
    const lines = new Map<string, WeeklyPack>();
    for (const businessLine of LINES) lines.set(businessLine, await look.pack({ week: id, businessLine }));
    packHolds(check, `${id}, every line`, all);
    for (const [businessLine, each] of lines) packHolds(check, `${id}, ${businessLine}`, each);
    addsUp(
      check,
      `${id}, the lines`,
      packFigures(all),
      [...lines.values()].map((each) => packFigures(each)),
    );
    check.same(
      `${id}, the lines' verified corrective actions`,
      latestEffects([...lines.values()].flatMap((each) => each.correctiveActions.effects)),
      all.correctiveActions.effects,
    );
    look.packs.set(id, { all, lines });
  }
};

/** A week's figures inside the packs of the weeks after it (their history) are those asked alone. */
const weeksInsideLaterPacks = (look: Look) => {
  const { check, packs } = look;
  look.window.forEach(({ id }, index) => {
    const { all } = packs.get(id)!;
    for (const { week: earlier, count } of all.volume.previous4Weeks) {
      const asked = packs.get(earlier);
      if (asked) check.same(`${earlier}'s volume inside ${id}'s pack`, count, asked.all.volume.count);
    }
    if (index === 0) return;
    const before = packs.get(look.window[index - 1]!.id)!.all;
    const counts: Figures = new Map(before.rootCausePareto.map((row) => [causeKey(row), row.count]));
    const previous: Figures = new Map(all.rootCausePareto.map((row) => [causeKey(row), row.previousWeek]));
    for (const [key, count] of counts)
      if (count > 0)
        check.same(`${before.week.id}'s cause ${key} inside ${id}'s pack`, previous.get(key), count);
    for (const [key, count] of previous)
      check.same(`${id}'s previous week of cause ${key}`, count, counts.get(key) ?? 0);
  });
};

/** The executive period: the lines add up for every period compared, each report's parts agree. */
const linesAddUpOverThePeriod = async (look: Look) => {
  const { check, period } = look;
  look.report = await look.executive({ period: period.id });
  for (const businessLine of LINES)
    look.byLine.set(businessLine, await look.executive({ period: period.id, businessLine }));
  executiveHolds(check, `${period.id}, every line`, look.report);
  for (const [businessLine, each] of look.byLine)
    executiveHolds(check, `${period.id}, ${businessLine}`, each);
  addsUp(
    check,
    `${period.id}, the lines`,
    executiveFigures(look.report),
    [...look.byLine.values()].map((each) => executiveFigures(each)),
  );
};

/**
 * The org units of one line add up to the line, in the week's pack or in the period's report. A
 * corrective action counts under every unit it names: actions add up over units only if each names one.
 */
const orgUnitsAddUp = async (look: Look) => {
  const { check, data, line, week, period } = look;
  const units = data.orgUnitsOf(line);
  const options = {
    correctiveActions: [...data.units.actions.values()].every((action) => action.orgUnits.length === 1),
  };
  if (look.probe.units === 'pack') {
    const unitPacks: WeeklyPack[] = [];
    for (const orgUnit of units) {
      unitPacks.push(await look.pack({ week: week.id, businessLine: line, orgUnit }));
      packHolds(check, `${week.id}, ${orgUnit}`, unitPacks.at(-1)!);
    }
    addsUp(
      check,
      `${week.id}, ${line}'s org units`,
      packFigures(look.packs.get(week.id)!.lines.get(line)!, options),
      unitPacks.map((each) => packFigures(each, options)),
    );
    return;
  }
  const unitReports: ExecutiveReport[] = [];
  for (const orgUnit of units) {
    unitReports.push(await look.executive({ period: period.id, businessLine: line, orgUnit }));
    executiveHolds(check, `${period.id}, ${orgUnit}`, unitReports.at(-1)!);
  }
  addsUp(
    check,
    `${period.id}, ${line}'s org units`,
    executiveFigures(look.byLine.get(line)!, options),
    unitReports.map((each) => executiveFigures(each, options)),
  );
};

/** Every figure of the week equals its list (keyed ones: a sample); the lines' lists share out the whole's. */
const weekEqualsItsLists = async (look: Look) => {
  const { check, source, week, probe } = look;
  const { all, lines } = look.packs.get(week.id)!;
  const figures = packDrillFigures(all);
  const keyed = figures.filter(([, key]) => key !== undefined);
  const sample = keyed.length === 0 ? [] : [...new Set(probe.keyed.map((i) => i % keyed.length))];
  const wholeLists = await drillDownsHold(check, `${week.id}, every line`, source, { period: week }, [
    ...unkeyed(figures),
    ...sample.map((i) => keyed[i]!),
  ]);
  const lineLists: Map<string, string[]>[] = [];
  for (const [businessLine, each] of lines)
    lineLists.push(
      await drillDownsHold(
        check,
        `${week.id}, ${businessLine}`,
        source,
        { period: week, businessLine },
        unkeyed(packDrillFigures(each)),
      ),
    );
  const wholeUnkeyed = new Map(
    [...wholeLists].filter(([name]) => UNKEYED_METRICS.some((metric) => name === `${metric} `)),
  );
  listsShareOut(check, `${week.id}, the lines`, wholeUnkeyed, lineLists);
};

/**
 * The executive period's figures equal their lists, in the period and the one before; each top cause is
 * the lines' counts of it together (a line's own top causes give its count, or tell it has none).
 */
const periodEqualsItsLists = async (look: Look) => {
  const { check, source, period, report } = look;
  await drillDownsHold(check, period.id, source, { period }, executiveDrillFigures(report, 'current'));
  await drillDownsHold(
    check,
    `${period.id}, period before`,
    source,
    { period: previousPeriod(period) },
    executiveDrillFigures(report, 'previousPeriod'),
  );
  for (const cause of report.topCauses) {
    const key = causeKey(cause);
    let members = 0;
    for (const [businessLine, each] of look.byLine) {
      const ranked = each.topCauses.find((other) => causeKey(other) === key);
      if (ranked) members += ranked.count;
      else if (each.topCauses.length === TOP_CAUSES)
        members += (await listAll(source, { metric: 'rootCausePareto', key, period, businessLine })).members;
    }
    check.same(`${period.id} top cause ${key}: the lines' counts add up`, members, cause.count);
  }
};

/**
 * A period is its sub-periods (months, or the weeks of a month clipped to it): figures dated by one
 * instant each add up over them; closures at most (a complaint closed in two parts is one closure of
 * the period); the volume series and the whole weeks asked alone agree; the overdue count at the end of
 * the period is the last part's.
 */
const periodIsItsParts = async (look: Look) => {
  const { check, source, period, report } = look;
  const parts = report.volumeSeries.current.map((part) => ({
    ...part,
    period: { start: new Date(part.start), end: new Date(part.end) },
  }));
  for (const metric of TIME_ADDITIVE_METRICS) {
    const whole = (await listAll(source, { metric, period })).members;
    let together = 0;
    for (const part of parts) {
      const members = (await listAll(source, { metric, period: part.period })).members;
      together += members;
      if (metric === 'volume') check.same(`${period.id} volume series ${part.id}`, part.count, members);
    }
    check.same(`${period.id} ${metric}: its sub-periods add up`, together, whole);
  }
  for (const metric of ['closed', 'reopen'] as const) {
    const whole = (await listAll(source, { metric, period })).members;
    let together = 0;
    for (const part of parts) together += (await listAll(source, { metric, period: part.period })).members;
    check.holds(`${period.id} ${metric}: at most its sub-periods' sum`, whole <= together, {
      whole,
      together,
    });
  }
  for (const part of parts) {
    const asked = look.packs.get(part.id)?.all;
    if (asked && asked.week.start === part.start && asked.week.end === part.end)
      check.same(`${part.id}'s volume inside ${period.id}`, part.count, asked.volume.count);
  }
  check.same(
    `${period.id} overdue open at its end = the last part's`,
    (await listAll(source, { metric: 'overdueOpen', period: parts.at(-1)!.period })).members,
    report.kpis.overdueOpen.current,
  );
};

/** A scoped report (pack, executive report, lists) equals the unscoped one over only the scope's data. */
const scopeIsItsData = async (look: Look) => {
  const { check, data, source, week, period } = look;
  const units = [...new Set([...data.units.complaints.values()].map((c) => c.orgUnit))].sort();
  const scope = [...new Set(look.probe.scope.map((i) => units[i % units.length]!))].sort();
  const restricted: Source = { ...source, database: await data.restrictedTo(scope) };
  const named = scope.join(', ');
  check.same(
    `${week.id} pack scoped to ${named}`,
    withoutFilters(await look.pack({ week: week.id, scope })),
    withoutFilters(await look.pack({ week: week.id }, restricted)),
  );
  check.same(
    `${period.id} report scoped to ${named}`,
    withoutFilters(await look.executive({ period: period.id, scope })),
    withoutFilters(await look.executive({ period: period.id }, restricted)),
  );
  for (const metric of UNKEYED_METRICS)
    check.same(
      `${week.id} ${metric} list scoped to ${named}`,
      await listAll(source, { metric, period: week, scope }),
      await listAll(restricted, { metric, period: week }),
    );
};

/** The same packs and report after `npm run rebuild`'s replay of the whole log. */
const sameAfterRebuild = async (look: Look) => {
  const before = { packs: look.window.map(({ id }) => look.packs.get(id)!.all), report: look.report };
  await look.data.rebuild();
  const after = { packs: [] as WeeklyPack[], report: await look.executive({ period: look.period.id }) };
  for (const { id } of look.window) after.packs.push(await look.pack({ week: id }));
  const asked = `${look.window.map((week) => week.id).join(', ')} and ${look.period.id}`;
  look.check.same(`${asked} after a rebuild`, after, before);
};

/** Every invariant on one data set, cheapest and broadest first; throws at the first figure that breaks. */
export const checkDataSet = async (check: Invariants, data: GeneratedReportData, probe: Probe) => {
  const look = new Look(check, data, probe);
  await linesAddUpWeekByWeek(look);
  weeksInsideLaterPacks(look);
  await linesAddUpOverThePeriod(look);
  await orgUnitsAddUp(look);
  await weekEqualsItsLists(look);
  await periodEqualsItsLists(look);
  await periodIsItsParts(look);
  await scopeIsItsData(look);
  await sameAfterRebuild(look);
};
