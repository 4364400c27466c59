import { type Taxonomy } from '@app/complaints';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  formatDay,
  localDayOf,
  localMidnight,
  monthsBefore,
  nextMonday,
  parseDay,
  seasonalFactor,
  weekdayFactor,
} from './calendar';
import { type LineProfile, categoryForCause, lineProfile } from './line-profiles';
import { correctiveActionIdFor } from './ids';
import { Rng, Weighted, seedFrom, zipfWeights } from './random';

export type GeneratorOptions = {
  /** Complaint streams to make, duplicates included. */
  complaints: number;
  seed: number;
  /** The first day after the data set (YYYY-MM-DD, reporting time zone): nothing happens from its midnight on. */
  end: string;
  /** Months before `end` that the data set covers; 12 by default. */
  months?: number;
};

/** Extra arrivals of one cause in one org unit: a sudden incident (days) or a problem building up (weeks). */
export type Surge = {
  kind: 'incident' | 'chronic';
  incidentId?: string;
  line: number;
  unit: number;
  causeCode: string;
  category: string;
  firstDay: number;
  lastDay: number;
  /** Extra weight per day, in the same units as a day's base weight. */
  weights: ReadonlyMap<number, number>;
};

/** A corrective action decided at the weekly meeting after a surge, and when each of its steps happens. */
export type ActionPlan = {
  actionId: string;
  line: number;
  units: number[];
  causeCode: string;
  meetingAt: number;
  startAt: number;
  dueAt: number;
  completeAt: number;
  verifyAt: number;
  effective: boolean;
  /** The cause's share in its units once the action is complete (1 = unchanged). */
  factorAfter: number;
};

export type DayPlan = {
  day: number;
  count: number;
  /** Arrivals of each surge that day, by surge index; the rest are ordinary. */
  surgeCounts: [number, number][];
  lineWeights: number[];
};

export type World = {
  seed: number;
  complaints: number;
  firstDay: number;
  endDay: number;
  /** Local midnight of the end day: no command is decided at or after it. */
  horizon: number;
  /** Identifies this data set: (seed, size, range). Stream ids derive from it. */
  datasetKey: string;
  profiles: LineProfile[];
  surges: Surge[];
  actions: ActionPlan[];
  days: DayPlan[];
};

/** Shares of all complaints made by one surge. */
const INCIDENT_SHARE = 0.005;
const CHRONIC_SHARE = 0.0025;
/** A surge stays visible in a small data set, without swamping a tiny one. */
const MIN_SURGE_COMPLAINTS = 12;
const INCIDENT_SHAPE = [0.7, 1.3, 1.0, 0.6, 0.4];
const RAMP_DAYS = 42;

/** The line mix is skewed too: preset order, Zipf s = 1 (postal ≈ 44 %, tobacco ≈ 9 %). */
const LINE_SKEW = 1.0;

export const planWorld = (options: GeneratorOptions, taxonomy: Taxonomy): World => {
  const { complaints, seed } = options;
  if (!Number.isInteger(complaints) || complaints < 0)
    throw new Error('complaints must be a whole number ≥ 0');
  const months = options.months ?? 12;
  if (!Number.isInteger(months) || months < 1) throw new Error('months must be a whole number ≥ 1');
  const endDay = parseDay(options.end);
  const firstDay = monthsBefore(endDay, months);
  const profiles = taxonomy.businessLines().map((line, i) => lineProfile(line, i + 1, seed));
  const lineMix = zipfWeights(profiles.length, LINE_SKEW);
  const rng = new Rng(seedFrom(seed, 'world'));
  const datasetKey = `${seed}|${complaints}|${formatDay(firstDay)}|${formatDay(endDay)}`;

  const planned = planSurges(rng, profiles, lineMix, firstDay, endDay, months);
  const actions = planned.map((surge, index) => planAction(rng, surge, index, datasetKey));
  const surges = planned.map((surge, index) => withTail(surge, actions[index]!));
  const base = new Map<number, { weight: number; lineWeights: number[] }>();
  let baseTotal = 0;
  for (let day = firstDay; day < endDay; day++) {
    const lineWeights = profiles.map((p, i) => lineMix[i]! * seasonalFactor(day, p.businessLine));
    const weight = weekdayFactor(day) * lineWeights.reduce((a, b) => a + b, 0) * rng.between(0.88, 1.12);
    base.set(day, { weight, lineWeights });
    baseTotal += weight;
  }
  const minimumShare = Math.min(MIN_SURGE_COMPLAINTS / Math.max(1, complaints), 0.02);
  const surgeShares = surges.map((s) =>
    Math.max(s.kind === 'incident' ? INCIDENT_SHARE : CHRONIC_SHARE, minimumShare),
  );
  const allShares = Math.min(
    0.5,
    surgeShares.reduce((a, b) => a + b, 0),
  );
  const scaled = surges.map((surge, i) => scaleSurge(surge, (surgeShares[i]! * baseTotal) / (1 - allShares)));
  return {
    seed,
    complaints,
    firstDay,
    endDay,
    horizon: localMidnight(endDay),
    datasetKey,
    profiles,
    surges: scaled,
    actions,
    days: allocate(complaints, base, scaled, firstDay, endDay),
  };
};

/** How much a cause's share in a unit is held down by the corrective actions against it, at `at`. */
export const causeFactor = (
  world: World,
  line: number,
  unit: number,
  causeCode: string,
  at: number,
): number => {
  let factor = 1;
  for (const action of world.actions) {
    if (action.line !== line || action.causeCode !== causeCode || !action.units.includes(unit)) continue;
    if (at >= action.completeAt) factor *= action.factorAfter;
    else if (at > action.startAt)
      factor *= 1 + ((action.factorAfter - 1) * (at - action.startAt)) / (action.completeAt - action.startAt);
  }
  return factor;
};

/**
 * Incidents every ~2.5 months and build-ups every ~2 months, spread over the range, each at least nine
 * weeks after its start (so there is a "before") and eight weeks before its end (so there is an "after").
 */
const planSurges = (
  rng: Rng,
  profiles: LineProfile[],
  lineMix: number[],
  firstDay: number,
  endDay: number,
  months: number,
): Surge[] => {
  const linePicker = new Weighted(
    profiles.map((_, i) => i),
    lineMix,
  );
  const used = new Set<string>();
  const target = (): { line: number; unit: number; causeCode: string } => {
    for (let attempt = 0; ; attempt++) {
      const line = linePicker.draw(rng);
      const profile = profiles[line]!;
      const unit = rng.int(0, Math.min(2, profile.units.length - 1));
      const candidates = profile.causes.slice(0, 6).filter((c) => profile.families.get(c) !== 'customer');
      const causeCode = rng.pick(candidates.length > 0 ? candidates : profile.causes);
      const key = `${line}|${unit}|${causeCode}`;
      if (!used.has(key) || attempt > 20) {
        used.add(key);
        return { line, unit, causeCode };
      }
    }
  };
  const spread = (count: number, from: number, to: number): number[] => {
    if (count <= 0 || to <= from) return [];
    const slot = (to - from) / count;
    return Array.from({ length: count }, (_, k) => Math.floor(from + slot * k + rng.between(0, slot)));
  };
  const surges: Surge[] = [];
  const incidents = spread(Math.max(1, Math.round(months / 2.5)), firstDay + 63, endDay - 56);
  incidents.forEach((start, k) => {
    const { line, unit, causeCode } = target();
    const length = rng.int(2, INCIDENT_SHAPE.length);
    const weights = new Map(INCIDENT_SHAPE.slice(0, length).map((w, i) => [start + i, w] as const));
    surges.push({
      kind: 'incident',
      incidentId: `INC-${formatDay(start).replaceAll('-', '')}-${String(k + 1).padStart(2, '0')}`,
      line,
      unit,
      causeCode,
      category: categoryForCause(profiles[line]!, causeCode),
      firstDay: start,
      lastDay: start + length - 1,
      weights,
    });
  });
  const meetings = spread(Math.max(1, Math.round(months / 2)), firstDay + 70, endDay - 63).map(nextMonday);
  for (const meeting of meetings) {
    const { line, unit, causeCode } = target();
    const weights = new Map<number, number>();
    // The build-up only; the tail after the meeting is added once the action's dates are known.
    for (let day = meeting - RAMP_DAYS; day < meeting; day++)
      weights.set(day, (0.15 + (0.85 * (day - meeting + RAMP_DAYS)) / RAMP_DAYS) * weekdayFactor(day));
    surges.push({
      kind: 'chronic',
      line,
      unit,
      causeCode,
      category: categoryForCause(profiles[line]!, causeCode),
      firstDay: meeting - RAMP_DAYS,
      lastDay: meeting - 1,
      weights,
    });
  }
  return surges;
};

const at = (day: number, hour: number, rng: Rng): number =>
  localMidnight(day) + hour * HOUR_MS + rng.int(0, 59) * MINUTE_MS;

/**
 * The weekly quality meeting after the surge (a Monday afternoon) decides the action; it starts within
 * days, is due in two to five weeks, is mostly done on time, and is verified four to six weeks after.
 */
const planAction = (rng: Rng, surge: Surge, index: number, datasetKey: string): ActionPlan => {
  const meetingDay = surge.kind === 'incident' ? nextMonday(surge.lastDay + 1) : surge.lastDay + 1;
  const meetingAt = at(meetingDay, 14, rng);
  const startAt = at(meetingDay + rng.int(1, 5), 9, rng);
  const dueAt = at(meetingDay + rng.int(14, 35), 18, rng);
  const completeAt = rng.chance(0.75)
    ? startAt + Math.max(2 * DAY_MS, (dueAt - startAt) * rng.between(0.5, 0.95))
    : dueAt + rng.between(1, 14) * DAY_MS;
  const effective = rng.chance(0.85);
  const units = [surge.unit];
  return {
    actionId: correctiveActionIdFor(datasetKey, index),
    line: surge.line,
    units,
    causeCode: surge.causeCode,
    meetingAt,
    startAt,
    dueAt,
    completeAt,
    verifyAt: completeAt + rng.between(28, 42) * DAY_MS,
    effective,
    factorAfter: effective ? rng.between(0.2, 0.4) : rng.between(0.8, 0.95),
  };
};

/**
 * A build-up does not stop at the meeting: it holds until the action starts and fades out as the action
 * is carried out. Incidents are over by the meeting.
 */
const withTail = (surge: Surge, action: ActionPlan): Surge => {
  if (surge.kind !== 'chronic') return surge;
  const weights = new Map(surge.weights);
  const startDay = localDayOf(action.startAt);
  const completeDay = localDayOf(action.completeAt);
  for (let day = surge.lastDay + 1; day < completeDay; day++) {
    const level = day <= startDay ? 1 : 1 - (day - startDay) / Math.max(1, completeDay - startDay);
    weights.set(day, level * weekdayFactor(day));
  }
  return { ...surge, weights, lastDay: Math.max(surge.lastDay, completeDay - 1) };
};

/** Spreads a surge's total extra weight over its days by its shape. */
const scaleSurge = (surge: Surge, total: number): Surge => {
  const sum = [...surge.weights.values()].reduce((a, b) => a + b, 0);
  const weights = new Map([...surge.weights].map(([day, w]) => [day, (w * total) / sum] as const));
  return { ...surge, weights };
};

/**
 * Exactly `complaints` arrivals over the days, in proportion to each day's weight (base plus surges),
 * by cumulative rounding: no day drifts, and the total is exact.
 */
const allocate = (
  complaints: number,
  base: ReadonlyMap<number, { weight: number; lineWeights: number[] }>,
  surges: readonly Surge[],
  firstDay: number,
  endDay: number,
): DayPlan[] => {
  const weightOf = (day: number) =>
    base.get(day)!.weight + surges.reduce((sum, s) => sum + (s.weights.get(day) ?? 0), 0);
  let total = 0;
  for (let day = firstDay; day < endDay; day++) total += weightOf(day);
  const days: DayPlan[] = [];
  let cumulative = 0;
  let allocated = 0;
  for (let day = firstDay; day < endDay; day++) {
    const weight = weightOf(day);
    cumulative += weight;
    const upTo = day === endDay - 1 ? complaints : Math.round((complaints * cumulative) / total);
    const count = upTo - allocated;
    allocated = upTo;
    let left = count;
    const surgeCounts: [number, number][] = [];
    surges.forEach((surge, index) => {
      const extra = surge.weights.get(day);
      if (extra === undefined || left <= 0) return;
      const n = Math.min(left, Math.round((count * extra) / weight));
      if (n > 0) surgeCounts.push([index, n]);
      left -= n;
    });
    days.push({ day, count, surgeCounts, lineWeights: base.get(day)!.lineWeights });
  }
  return days;
};
