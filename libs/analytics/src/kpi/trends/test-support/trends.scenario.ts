import { type AttributedCause, type ComplaintEvent } from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { CLERK } from '@app/complaints/test-support/fixtures';
import type { RecordedEvent } from '@app/event-store';
import { EventLog } from '../../../test-support/event-log';

/**
 * The hand-built scenario of `trends.int.spec.ts`: 14 ISO weeks, 2026-W02 … 2026-W15, read in
 * Asia/Shanghai (UTC+8, no DST). Mondays: W02 Jan 5, W03 Jan 12, W04 Jan 19, W05 Jan 26, W06 Feb 2,
 * W07 Feb 9, W08 Feb 16, W09 Feb 23, W10 Mar 2, W11 Mar 9, W12 Mar 16, W13 Mar 23, W14 Mar 30,
 * W15 Apr 6 (W05 ends on Sunday Feb 1, W09 on Sunday Mar 1, W14 on Sunday Apr 5).
 *
 * Unless said otherwise a complaint is postal, registered at 10:00 local time, and its causes are
 * attributed three days later (a cause counts on its complaint's registration day, not its own).
 *
 * Counted causes per week (weekday offsets: 0 = Monday … 6 = Sunday):
 *
 * | week | attitude (A) | transport-delay (B) | system-outage (C) | misunderstanding (D) |
 * | ---- | ------------ | ------------------- | ----------------- | -------------------- |
 * | W02  | 1: Wed       | 6                   |                   |                      |
 * | W03  | 1: Tue       | 5                   |                   |                      |
 * | W04  | 1: Thu       | 7                   |                   |                      |
 * | W05  | 2: Mon, Sun  | 6                   |                   |                      |
 * | W06  | 1: Fri       | 6                   |                   |                      |
 * | W07  | 1: Wed       | 5                   |                   |                      |
 * | W08  | 1: Tue       | 7                   |                   |                      |
 * | W09  | 0            | 6                   |                   |                      |
 * | W10  | 1: Thu       | 6                   |                   |                      |
 * | W11  | 1: Fri       | 5                   | 4: Mon–Thu        |                      |
 * | W12  | 7: burst     | 7                   |                   | 1: Fri (replaced A)  |
 * | W13  | 1: Wed       | 8                   |                   |                      |
 * | W14  | 1: Thu (+D)  | 6                   |                   | 1: Thu (with A)      |
 * | W15  | 1: Tue       | 5                   |                   |                      |
 *
 * - A = staff/attitude, received by branch-12. The W12 burst: Mon 01:00 (Sunday 17:00 UTC, so W11 in
 *   UTC), Tue ×2, Wed ×3, Thu. Not counted besides: a duplicate (Tue) merged into the Tuesday burst
 *   complaint, an abnormal complaint (Wed), and a complaint (Fri) whose A cause was replaced by D.
 * - B = service-capacity/transport-delay, received by branch-7; the i-th complaint of a week (from 0)
 *   falls on weekday i mod 7, so 8 in W13 is Mon ×2 and one each Tue … Sun.
 * - C = facilities/system-outage, received by branch-3: 4 in W11 (Mon, Tue, Wed, Thu) after none.
 * - D = customer/misunderstanding, branch-12: the replaced complaint in W12 and, in W14, a complaint with
 *   two causes (A and D) that counts once per cause, once as a complaint.
 * - branch-9: two complaints without causes, W11 Tue and Wed.
 * - telecom (tel-hall-1): three complaints with cause A in W12, Mon, Tue, Wed.
 */

type CauseKind = readonly [family: AttributedCause['family'], causeCode: string, responsibleUnit: string];

export const ATTITUDE = ['staff', 'attitude', 'branch-12'] as const satisfies CauseKind;
export const TRANSPORT_DELAY = ['service-capacity', 'transport-delay', 'hub-2'] as const satisfies CauseKind;
export const SYSTEM_OUTAGE = ['facilities', 'system-outage', 'it-centre'] as const satisfies CauseKind;
export const MISUNDERSTANDING = ['customer', 'misunderstanding', 'branch-12'] as const satisfies CauseKind;

const MONDAYS = {
  W02: '2026-01-05',
  W03: '2026-01-12',
  W04: '2026-01-19',
  W05: '2026-01-26',
  W06: '2026-02-02',
  W07: '2026-02-09',
  W08: '2026-02-16',
  W09: '2026-02-23',
  W10: '2026-03-02',
  W11: '2026-03-09',
  W12: '2026-03-16',
  W13: '2026-03-23',
  W14: '2026-03-30',
  W15: '2026-04-06',
} as const;
type Week = keyof typeof MONDAYS;

const DAY_MS = 86_400_000;

/** The UTC instant of a local Shanghai time `offset` days after the week's Monday. */
const shanghai = (week: Week, offset: number, time = '10:00'): string =>
  new Date(Date.parse(`${MONDAYS[week]}T${time}:00+08:00`) + offset * DAY_MS).toISOString();

const later = (instant: string, days: number): string =>
  new Date(Date.parse(instant) + days * DAY_MS).toISOString();

type Registration = { orgUnit: string; businessLine?: string };

const registered = (complaintId: string, receivedAt: string, at: Registration): ComplaintEvent =>
  ev.registered({
    complaintId,
    acceptanceNumber: `PO-${complaintId}`,
    receivedAt,
    customer: { ...CUSTOMER, reference: `CUST-${complaintId}` },
    channel: 'counter',
    businessLine: at.businessLine ?? 'postal',
    receivedBy: { jobNumber: CLERK, orgUnit: at.orgUnit },
  });

const attributed = (complaintId: string, attributedAt: string, ...kinds: CauseKind[]): ComplaintEvent =>
  ev.causesAttributed({
    complaintId,
    attributedAt,
    causes: kinds.map(([family, causeCode, responsibleUnit], index) => ({
      causeId: `C${index + 1}`,
      family,
      causeCode,
      responsibleUnit,
    })),
  });

/** A complaint registered at `receivedAt` whose causes are attributed three days later. */
const withCauses = (
  complaintId: string,
  receivedAt: string,
  at: Registration,
  ...kinds: CauseKind[]
): ComplaintEvent[] => [
  registered(complaintId, receivedAt, at),
  attributed(complaintId, later(receivedAt, 3), ...kinds),
];

/** Complaints of one cause: `[week, weekday offsets]`, one complaint per offset. */
const weekly = (
  prefix: string,
  kind: CauseKind,
  at: Registration,
  weeks: readonly (readonly [Week, readonly number[]])[],
): ComplaintEvent[] =>
  weeks.flatMap(([week, offsets]) =>
    offsets.flatMap((offset, index) =>
      withCauses(`${prefix}-${week}-${index + 1}`, shanghai(week, offset), at, kind),
    ),
  );

/** `count` complaints in a week, the i-th (from 0) on weekday i mod 7. */
const spread = (count: number): number[] => Array.from({ length: count }, (_, index) => index % 7);

const BRANCH_12 = { orgUnit: 'branch-12' };
const BRANCH_7 = { orgUnit: 'branch-7' };
const BRANCH_3 = { orgUnit: 'branch-3' };
const TELECOM = { orgUnit: 'tel-hall-1', businessLine: 'telecom' };

const attitudeSteady = weekly('a', ATTITUDE, BRANCH_12, [
  ['W02', [2]],
  ['W03', [1]],
  ['W04', [3]],
  ['W05', [0, 6]],
  ['W06', [4]],
  ['W07', [2]],
  ['W08', [1]],
  ['W10', [3]],
  ['W11', [4]],
  ['W13', [2]],
  ['W15', [1]],
]);

/** W12: 7 counted, Mon 01:00 local (still Sunday in UTC), Tue ×2, Wed ×3, Thu. */
const attitudeBurst: ComplaintEvent[] = (
  [
    ['a-W12-1', shanghai('W12', 0, '01:00')],
    ['a-W12-2', shanghai('W12', 1)],
    ['a-W12-3', shanghai('W12', 1, '15:00')],
    ['a-W12-4', shanghai('W12', 2)],
    ['a-W12-5', shanghai('W12', 2, '14:00')],
    ['a-W12-6', shanghai('W12', 2, '16:00')],
    ['a-W12-7', shanghai('W12', 3)],
  ] as const
).flatMap(([complaintId, receivedAt]) => withCauses(complaintId, receivedAt, BRANCH_12, ATTITUDE));

/** Carry cause A in W12 but are not counted: merged, abnormal, replaced. */
const notCounted: ComplaintEvent[] = [
  // A duplicate of a-W12-2 (Tuesday), an hour earlier, its cause attributed before it was merged into it.
  registered('a-W12-dup', shanghai('W12', 1, '09:00'), BRANCH_12),
  attributed('a-W12-dup', shanghai('W12', 1, '09:30'), ATTITUDE),
  ev.mergedInto({
    complaintId: 'a-W12-dup',
    mergedAt: shanghai('W12', 1, '11:00'),
    intoComplaintId: 'a-W12-2',
  }),
  {
    type: 'DuplicateComplaintMerged',
    data: {
      complaintId: 'a-W12-2',
      duplicateComplaintId: 'a-W12-dup',
      duplicateChannel: 'counter',
      mergedAt: shanghai('W12', 1, '11:00'),
    },
  },
  // Abnormal (Wednesday): no real need behind it.
  ...withCauses('a-W12-abnormal', shanghai('W12', 2, '11:00'), BRANCH_12, ATTITUDE),
  {
    type: 'ComplaintFlaggedAbnormal',
    data: {
      complaintId: 'a-W12-abnormal',
      reason: 'Demands a payment the rules do not allow',
      flaggedAt: shanghai('W12', 2, '12:00'),
    },
  },
  // Friday: first attributed to A, then re-attributed to D alone: A inactive, D counts (W12, Friday).
  registered('d-W12-replaced', shanghai('W12', 4), BRANCH_12),
  attributed('d-W12-replaced', shanghai('W12', 4, '12:00'), ATTITUDE),
  attributed('d-W12-replaced', shanghai('W13', 0), MISUNDERSTANDING),
];

const transportDelay = weekly('b', TRANSPORT_DELAY, BRANCH_7, [
  ['W02', spread(6)],
  ['W03', spread(5)],
  ['W04', spread(7)],
  ['W05', spread(6)],
  ['W06', spread(6)],
  ['W07', spread(5)],
  ['W08', spread(7)],
  ['W09', spread(6)],
  ['W10', spread(6)],
  ['W11', spread(5)],
  ['W12', spread(7)],
  ['W13', spread(8)],
  ['W14', spread(6)],
  ['W15', spread(5)],
]);

const systemOutage = weekly('c', SYSTEM_OUTAGE, BRANCH_3, [['W11', [0, 1, 2, 3]]]);

const others: ComplaintEvent[] = [
  // W14 Thursday: two causes, A and D.
  ...withCauses('ad-W14', shanghai('W14', 3), BRANCH_12, ATTITUDE, MISUNDERSTANDING),
  // branch-9: registered, not investigated yet.
  registered('n-W11-1', shanghai('W11', 1), { orgUnit: 'branch-9' }),
  registered('n-W11-2', shanghai('W11', 2), { orgUnit: 'branch-9' }),
  // Another business line, same cause code.
  ...weekly('t', ATTITUDE, TELECOM, [['W12', [0, 1, 2]]]),
];

export const trendsScenarioEvents = (): ComplaintEvent[] => [
  ...attitudeSteady,
  ...attitudeBurst,
  ...notCounted,
  ...transportDelay,
  ...systemOutage,
  ...others,
];

export const recordTrendsScenario = (): RecordedEvent[] => new EventLog().recordAll(trendsScenarioEvents());
