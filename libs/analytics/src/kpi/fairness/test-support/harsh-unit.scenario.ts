import {
  type ComplaintEvent,
  type ComplaintState,
  DEFAULT_CONSEQUENCE_LADDER,
  type SingleComplaintCommand,
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
} from '@app/complaints';
import { cmd } from '@app/complaints/test-support/complaint-commands';
import { defaultContext } from '@app/complaints/test-support/fixtures';

/**
 * A generated data set for the fairness report: postal complaints whose causes (two cause codes, two
 * severities) are attributed to staff of six units, each unit's two supervisors deciding the
 * consequences. Every unit draws its rung from the same distribution per severity, except `harshUnit`,
 * whose supervisors decide one rung higher than the others would. Some consequences are appealed and some
 * appeals upheld. Every event comes from the domain's decider, seeded: the same seed, the same events.
 */
export const UNITS = ['unit-1', 'unit-2', 'unit-3', 'unit-4', 'unit-5', 'unit-6'] as const;
export const CAUSE_CODES = ['staff-attitude', 'rule-violation'] as const;
export const SEVERITIES = ['minor', 'serious'] as const;
export const LADDER = DEFAULT_CONSEQUENCE_LADDER.map((rung) => rung.level);

/** Probability of each rung (none, notice, warning, points-deducted, referral) by severity. */
const BASE: Record<(typeof SEVERITIES)[number], number[]> = {
  minor: [0.3, 0.3, 0.25, 0.1, 0.05],
  serious: [0.1, 0.25, 0.35, 0.2, 0.1],
};

export const decidersOf = (unit: string): string[] => [1, 2].map((n) => `S${unit.slice(-1)}0${n}`);

/** mulberry32: a small seeded generator, enough for test data. */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = (random: () => number, weights: readonly number[]): number => {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return i;
  }
  return weights.length - 1;
};

export type HarshUnitOptions = { seed: number; harshUnit: string; perCell: number; start?: string };

export const harshUnitScenario = ({
  seed,
  harshUnit,
  perCell,
  start = '2026-03-02T01:00:00.000Z',
}: HarshUnitOptions): ComplaintEvent[] => {
  const random = seeded(seed);
  const context = defaultContext();
  const events: ComplaintEvent[] = [];
  let n = 0;
  for (const unit of UNITS)
    for (const causeCode of CAUSE_CODES)
      for (const severity of SEVERITIES)
        for (let i = 0; i < perCell; i++) {
          n++;
          const complaintId = `f-${String(n).padStart(5, '0')}`;
          const base = Date.parse(start) + n * 60_000;
          const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
          const staff = `E${unit.slice(-1)}${String(i % 7).padStart(2, '0')}`;
          const decider = decidersOf(unit)[i % 2] as string;
          const weights = BASE[severity];
          let rung = pick(random, weights);
          if (unit === harshUnit) rung = Math.min(rung + 1, LADDER.length - 1);
          const level = LADDER[rung] as string;
          const points = level === 'points-deducted' ? 1 + Math.floor(random() * 5) : undefined;
          const appealed = random() < 0.2;
          const upheld = appealed && random() < 0.3 && rung > 0;
          const id = { complaintId };
          const commands: SingleComplaintCommand[] = [
            cmd.register(
              {
                ...id,
                acceptanceNumber: `PO-F-${n}`,
                receivedAt: at(0),
                receivedBy: { jobNumber: staff, orgUnit: unit },
              },
              { now: at(0), actor: staff },
            ),
            cmd.classify({ ...id, severity, category: 'item-delayed' }, { now: at(5) }),
            cmd.acknowledge({ ...id, replyDeadline: undefined }, { now: at(10) }),
            cmd.recordFinding(id, { now: at(20) }),
            cmd.attributeCauses(
              { ...id, causes: [{ causeCode, responsibleUnit: unit, staffJobNumber: staff }] },
              { now: at(30) },
            ),
            cmd.decideConsequence(
              { ...id, causeId: 'C1', level, ...(points === undefined ? {} : { points }) },
              { now: at(40), actor: decider },
            ),
            ...(appealed
              ? [
                  cmd.fileAppeal(
                    { ...id, causeId: 'C1', staffJobNumber: staff },
                    { now: at(50), actor: staff },
                  ),
                  cmd.decideAppeal(
                    { ...id, causeId: 'C1', outcome: upheld ? 'upheld' : 'rejected' },
                    { now: at(60), actor: `S9${unit.slice(-1)}` },
                  ),
                ]
              : []),
          ];
          let state: ComplaintState = initialComplaintState();
          for (const command of commands) {
            const decided = decideComplaint(command, state, context);
            state = decided.reduce(evolveComplaint, state);
            events.push(...decided);
          }
        }
  return events;
};
