import {
  type ComplaintForm,
  type CustomerDetails,
  type DecisionContext,
  type MergeComplaint,
  type Responsibility,
  type Severity,
  complaintStream,
  decideMerge,
} from '@app/complaints';
import { HOUR_MS, localDayOf } from './calendar';
import { BeyondHorizon, ComplaintLife, type ComplaintProfile } from './complaint-life';
import { ComplaintStream } from './decided-stream';
import { acceptanceNumberOn, complaintIdFor } from './ids';
import { CLERKS_PER_UNIT, categoryForCause, staff } from './line-profiles';
import { Rng, drawIndex, seedFrom } from './random';
import { type World, causeFactor } from './world';

/** One arrival of the day: when, and the surge it belongs to if any. */
export type Arrival = { at: number; surge?: number };

/** Placeholder names (the Chinese "John Doe"s): generated customers are never real people. */
const PLACEHOLDER_NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十'];

const SHARE_MERGED = 0.03;
const SHARE_WITHDRAWN = 0.045;
const ON_THE_SPOT_CHANNELS = /^(counter|front-desk|hotline-)/;

/**
 * Customers come back: most complain once, a few often. Three in ten complaints come from a
 * heavy-tailed minority of the pool; the very top of it are the chronic complainants whose complaints
 * are sometimes abnormal.
 */
const customerOf = (
  world: World,
  rng: Rng,
): { index: number; frequent: boolean; details: CustomerDetails } => {
  const pool = Math.max(20, Math.round(world.complaints * 0.7));
  const index = rng.chance(0.3) ? Math.floor(pool * Math.pow(rng.next(), 3)) : Math.floor(pool * rng.next());
  const reference = `CUST-${String(index).padStart(6, '0')}`;
  return {
    index,
    frequent: index < Math.max(1, pool * 0.002),
    details: {
      reference,
      name: PLACEHOLDER_NAMES[index % PLACEHOLDER_NAMES.length]!,
      contact: { phone: `+86 10 5555 ${String(index % 10_000).padStart(4, '0')}` },
    },
  };
};

const responsibilityFor = (rng: Rng, family: string | undefined): Responsibility => {
  if (family === 'customer') return rng.chance(0.85) ? 'not-at-fault' : 'undetermined';
  const r = rng.next();
  return r < 0.72 ? 'at-fault' : r < 0.92 ? 'undetermined' : 'not-at-fault';
};

const formFor = (causeCode: string, family: string | undefined): ComplaintForm =>
  family === 'staff' && (causeCode === 'staff-attitude' || causeCode === 'unfair-treatment')
    ? 'attitude'
    : 'quality';

/** What an arrival is about: its line and unit by the day's mix, its cause by rank and corrective actions. */
const drawProfile = (
  world: World,
  rng: Rng,
  arrival: Arrival,
  dayLineWeights: number[],
): ComplaintProfile => {
  const surge = arrival.surge === undefined ? undefined : world.surges[arrival.surge];
  const lineIndex = surge?.line ?? drawIndex(dayLineWeights, rng);
  const line = world.profiles[lineIndex]!;
  const unit = surge?.unit ?? line.unitPicker.draw(rng);
  const customer = customerOf(world, rng);
  const abnormal = !surge && rng.chance(customer.frequent ? 0.4 : 0.015);
  const causeCode =
    surge?.causeCode ??
    (abnormal && rng.chance(0.7) && line.families.has('unreasonable-demand')
      ? 'unreasonable-demand'
      : line.causes[
          drawIndex(
            line.causes.map(
              (code, i) => line.causeWeights[i]! * causeFactor(world, lineIndex, unit, code, arrival.at),
            ),
            rng,
          )
        ]!);
  const family = line.families.get(causeCode);
  const severity: Severity = surge?.incidentId
    ? rng.chance(0.5)
      ? 'sudden-incident'
      : 'serious'
    : rng.chance(0.2)
      ? 'serious'
      : 'minor';
  return {
    line,
    unit,
    channel: line.channels.draw(rng),
    category:
      surge?.category ?? (rng.chance(0.5) ? categoryForCause(line, causeCode) : line.categories.draw(rng)),
    severity,
    responsibility: surge ? 'at-fault' : responsibilityFor(rng, family),
    form: formFor(causeCode, family),
    causeCode,
    ...(surge?.incidentId ? { incidentId: surge.incidentId } : {}),
    customer: customer.details,
    clerk: staff.clerk(line, unit, rng.int(0, CLERKS_PER_UNIT - 1)),
    receivedAt: arrival.at,
    abnormal,
  };
};

const newLife = (world: World, context: DecisionContext, rng: Rng, n: number, profile: ComplaintProfile) => {
  const complaintId = complaintIdFor(world.datasetKey, n);
  const stream = new ComplaintStream(complaintId, complaintStream(complaintId), world.seed, context);
  const life = new ComplaintLife(rng, stream, profile, context.policy, world.horizon);
  life.register(
    acceptanceNumberOn(complaintId, localDayOf(profile.receivedAt)),
    profile.line.categoryLabels.get(profile.category) ?? profile.category,
  );
  return life;
};

/** Stops a life quietly at the horizon; anything else (a refused command) is a generator bug. */
const untilHorizon = (step: () => void): void => {
  try {
    step();
  } catch (error) {
    if (!(error instanceof BeyondHorizon)) throw error;
  }
};

const handlingOdds = (profile: ComplaintProfile) => {
  const referral = /centre|association|regulator/.test(profile.channel) ? 0.15 : 0;
  if (profile.incidentId) return { investigate: 0.95, resolution: 0.5, escalation: 0.45 + referral };
  if (profile.abnormal) return { investigate: 0.6, resolution: 0.05, escalation: 0.05 };
  return {
    investigate: 0.85,
    resolution: profile.responsibility === 'at-fault' ? 0.55 : 0.2,
    escalation: (profile.severity === 'minor' ? 0.07 : 0.3) + referral,
  };
};

/** Reply given: follow-up, close, now and then an appeal, and a repeat complaint reopening it. */
const afterReply = (life: ComplaintLife, rng: Rng, repeat = false): void => {
  const s = () => life.stream.open;
  if (s().status !== 'replied') return;
  let dissatisfied = false;
  if (rng.chance(life.profile.abnormal ? 0.4 : repeat ? 0.6 : 0.72)) {
    life.followUp();
    dissatisfied = lastAnswerDissatisfied(life);
  }
  if (!rng.chance(0.93) || !life.mayClose) return;
  life.close();
  if (s().causes.some((c) => c.staffJobNumber !== undefined) && rng.chance(0.14)) life.appeal();
  if (repeat || !rng.chance(dissatisfied ? 0.3 : life.profile.abnormal ? 0.15 : 0.04)) return;
  life.reopen();
  life.acknowledge(false);
  life.handleDeferred({ investigate: 0.5, resolution: 0.3, escalation: 0.2 });
  afterReply(life, rng, true);
};

const lastAnswerDissatisfied = (life: ComplaintLife): boolean => {
  const last = life.stream.toAppend().events.at(-1);
  const answers = last?.data.answers as { resultSatisfaction?: string } | undefined;
  return answers?.resultSatisfaction === 'dissatisfied';
};

/** Registered to closed (or as far as the horizon allows), by one of the usual paths. */
const live = (life: ComplaintLife, rng: Rng): void => {
  const p = life.profile;
  life.classify();
  if (p.abnormal) life.flagAbnormal();
  if (!p.incidentId && rng.chance(SHARE_WITHDRAWN)) {
    life.acknowledge(false);
    life.withdraw();
    if (rng.chance(0.85)) life.close();
    return;
  }
  const immediate =
    !p.incidentId &&
    p.severity === 'minor' &&
    rng.chance(p.abnormal ? 0.5 : ON_THE_SPOT_CHANNELS.test(p.channel) ? 0.38 : 0.1);
  life.acknowledge(immediate);
  if (!immediate) life.handleDeferred(handlingOdds(p));
  afterReply(life, rng);
};

/**
 * The same customer complains again about the same matter through another channel; the duplicate is
 * merged into the open complaint, which goes on being handled.
 */
const liveWithDuplicate = (
  target: ComplaintLife,
  duplicate: ComplaintLife,
  context: DecisionContext,
  rng: Rng,
): void => {
  target.classify();
  target.acknowledge(false);
  untilHorizon(() => {
    if (rng.chance(0.5)) duplicate.classify();
  });
  const mergeAt = Math.max(target.now, duplicate.now) + rng.between(0.3, 8) * HOUR_MS;
  const command: MergeComplaint = {
    type: 'MergeComplaint',
    data: {
      complaintId: duplicate.stream.complaintId,
      intoComplaintId: target.stream.complaintId,
      reason: '同一客户同一事项重复投诉',
    },
    metadata: duplicate.stepAt(mergeAt, target.profile.clerk),
  };
  target.stepAt(mergeAt);
  const decided = decideMerge(command, duplicate.stream.state, target.stream.state, context);
  duplicate.stream.record(decided.duplicate, command.metadata);
  target.stream.record(decided.target, command.metadata);
  target.handleDeferred(handlingOdds(target.profile));
  afterReply(target, rng);
};

export type CaseResult = { streams: ComplaintStream[]; usedNextArrival: boolean };

/**
 * The complaint of arrival `n` (and, when it gets a duplicate, the complaint of arrival `n + 1`, which
 * it then takes over). Each complaint draws from its own generator, seeded from (seed, n).
 */
export const complaintCase = (
  world: World,
  context: DecisionContext,
  arrival: Arrival,
  n: number,
  dayLineWeights: number[],
  nextArrivalFree: boolean,
): CaseResult => {
  const rng = new Rng(seedFrom(world.seed, 'complaint', n));
  const profile = drawProfile(world, rng, arrival, dayLineWeights);
  const life = newLife(world, context, rng, n, profile);
  const duplicateAt = arrival.at + Math.round((rng.logBetween(0.5, 30) * HOUR_MS) / 1000) * 1000;
  const wantsDuplicate =
    nextArrivalFree &&
    !profile.abnormal &&
    rng.chance(SHARE_MERGED) &&
    duplicateAt + 24 * HOUR_MS < world.horizon;
  if (!wantsDuplicate) {
    untilHorizon(() => live(life, rng));
    return { streams: [life.stream], usedNextArrival: false };
  }
  const channels = profile.line.channels.values.filter((c) => c !== profile.channel);
  const duplicate = newLife(world, context, new Rng(seedFrom(world.seed, 'complaint', n + 1)), n + 1, {
    ...profile,
    channel: channels.length > 0 ? rng.pick(channels) : profile.channel,
    clerk: staff.clerk(profile.line, profile.unit, rng.int(0, CLERKS_PER_UNIT - 1)),
    receivedAt: duplicateAt,
  });
  untilHorizon(() => liveWithDuplicate(life, duplicate, context, rng));
  return { streams: [life.stream, duplicate.stream], usedNextArrival: true };
};
