import { type ComplaintEvent, type CorrectiveActionEvent } from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';
import { EventLog } from '../../../test-support/event-log';
import { action, answers, complaint } from '../../shared/test-support/scenario-builders';

/**
 * The hand-built scenario of `weekly-pack.int.spec.ts`. Reporting zone Asia/Shanghai (UTC+8), target
 * week 2026-W10 = [2026-03-01T16:00Z, 2026-03-08T16:00Z). Earlier weeks (UTC bounds, 16:00Z each):
 * W05 Jan 25–Feb 1, W06 Feb 1–8, W07 Feb 8–15, W08 Feb 15–22, W09 Feb 22–Mar 1.
 * All instants below are UTC. Unless said otherwise a complaint is postal, at the counter, received by
 * branch-12, minor and at-fault.
 */

const TRANSPORT_DELAY = ['service-capacity', 'transport-delay', 'hub-2'] as const;

const p05 = complaint('p05');
const p06a = complaint('p06a');
const p06b = complaint('p06b');
const p07a = complaint('p07a');
const p08a = complaint('p08a');
const p08b = complaint('p08b');
const p09a = complaint('p09a');
const p09b = complaint('p09b');
const p09c = complaint('p09c');
const k01 = complaint('k01');
const k02 = complaint('k02');
const k03 = complaint('k03');
const k04 = complaint('k04');
const k05 = complaint('k05');
const k06 = complaint('k06');
const k07 = complaint('k07');
const k08 = complaint('k08');
const k08d = complaint('k08d');
const k09 = complaint('k09');
const t01 = complaint('t01');

export const scenarioEvents = (): ComplaintEvent[] => [
  // W05: outside the 4 weeks before W10. CUST-2 item-delayed, 33 days before k02: too early to be a repeat.
  p05.registered('2026-01-28T09:00:00.000Z', 'CUST-2'),
  p05.classified('2026-01-28T09:10:00.000Z', 'item-delayed'),

  // W06: 2 complaints.
  // p06a: deadline Feb 6 long passed, never replied: overdue, 33 days old at the end of W10 → 31+.
  p06a.registered('2026-02-03T09:00:00.000Z', 'CUST-20'),
  p06a.classified('2026-02-03T09:10:00.000Z', 'item-damaged'),
  p06a.deferred('2026-02-03T09:20:00.000Z', '2026-02-06T09:00:00.000Z'),
  // Causes before W09 only matter to corrective action A2's before-window (staff/skills at branch-12).
  p06a.causes('2026-02-04T09:00:00.000Z', ['C1', 'staff', 'skills', 'branch-12']),
  p06b.registered('2026-02-05T09:00:00.000Z', 'CUST-21'),

  // W07: 1 complaint. p07a: interim reply moved its deadline to Feb 20, still open → overdue, 26 days → 15-30.
  p07a.registered('2026-02-10T09:00:00.000Z', 'CUST-23'),
  p07a.deferred('2026-02-10T09:20:00.000Z', '2026-02-12T09:00:00.000Z'),
  p07a.interim('2026-02-12T08:00:00.000Z', '2026-02-12T09:00:00.000Z', '2026-02-20T09:00:00.000Z'),
  p07a.causes('2026-02-11T09:00:00.000Z', ['C1', 'staff', 'skills', 'branch-12']),

  // W08: 2 complaints.
  // p08a: two interim replies, the second in W10, deadline now Mar 10: open but not overdue.
  // CUST-3 item-lost: not the same category as k03, so k03 is no repeat.
  p08a.registered('2026-02-16T09:00:00.000Z', 'CUST-3'),
  p08a.classified('2026-02-16T09:10:00.000Z', 'item-lost'),
  p08a.deferred('2026-02-16T09:20:00.000Z', '2026-02-19T09:00:00.000Z'),
  p08a.interim('2026-02-19T08:00:00.000Z', '2026-02-19T09:00:00.000Z', '2026-03-03T09:00:00.000Z'),
  p08a.interim('2026-03-03T08:00:00.000Z', '2026-03-03T09:00:00.000Z', '2026-03-10T09:00:00.000Z'),
  // p08b: final reply in W10, late (deadline Feb 20); closed in W10; followed up in W10.
  p08b.registered('2026-02-18T09:00:00.000Z', 'CUST-26'),
  p08b.deferred('2026-02-18T09:20:00.000Z', '2026-02-20T09:00:00.000Z'),
  p08b.replied('2026-03-02T10:00:00.000Z', '2026-02-20T09:00:00.000Z'),
  p08b.closed('2026-03-02T11:00:00.000Z'),
  p08b.followedUp('2026-03-03T10:00:00.000Z', answers('dissatisfied', 'late', 'dissatisfied', 'no')),

  // W09: 3 complaints, each with one cause (the previous week of the Pareto).
  p09a.registered('2026-02-25T09:00:00.000Z', 'CUST-7'),
  p09a.classified('2026-02-25T09:10:00.000Z', 'item-delayed'),
  p09a.causes('2026-02-26T09:00:00.000Z', ['C1', 'staff', 'skills', 'branch-12']),
  // p09b: deadline Mar 2 passed, open: overdue, 9 days → 8-14.
  p09b.registered('2026-02-27T09:00:00.000Z', 'CUST-24'),
  p09b.classified('2026-02-27T09:10:00.000Z', 'item-damaged'),
  p09b.deferred('2026-02-27T09:20:00.000Z', '2026-03-02T09:00:00.000Z'),
  p09b.causes('2026-02-28T09:00:00.000Z', ['C1', ...TRANSPORT_DELAY]),
  // p09c: 23:00 on Sunday 1 March in Shanghai — W09 there, though the UTC date is the same as k01's.
  p09c.registered('2026-03-01T15:00:00.000Z', 'CUST-25'),
  p09c.classified('2026-03-01T15:10:00.000Z', 'item-damaged'),
  p09c.causes('2026-03-01T15:20:00.000Z', ['C1', 'customer', 'misunderstanding', 'branch-12']),

  // W10.
  // k01: 01:00 on Monday 2 March in Shanghai. Immediate reply, closed at once: first-contact resolution.
  k01.registered('2026-03-01T17:00:00.000Z', 'CUST-1'),
  k01.classified('2026-03-01T17:05:00.000Z', 'item-damaged'),
  k01.immediate('2026-03-01T17:10:00.000Z'),
  k01.replied('2026-03-01T17:10:00.000Z', '2026-03-01T17:10:00.000Z'),
  k01.closed('2026-03-01T17:30:00.000Z'),
  k01.followedUp('2026-03-03T09:00:00.000Z', answers('satisfied', 'timely', 'satisfied', 'yes')),
  // k02: interim reply, then on time against the extended deadline; closed; followed up.
  k02.registered('2026-03-02T09:00:00.000Z', 'CUST-2', { channel: 'hotline-11185' }),
  k02.classified('2026-03-02T09:10:00.000Z', 'item-delayed'),
  k02.deferred('2026-03-02T09:20:00.000Z', '2026-03-04T09:00:00.000Z'),
  k02.interim('2026-03-03T10:00:00.000Z', '2026-03-04T09:00:00.000Z', '2026-03-06T09:00:00.000Z'),
  k02.causes('2026-03-04T09:00:00.000Z', ['C1', ...TRANSPORT_DELAY]),
  k02.replied('2026-03-05T10:00:00.000Z', '2026-03-06T09:00:00.000Z'),
  k02.closed('2026-03-05T12:00:00.000Z'),
  k02.followedUp('2026-03-06T09:00:00.000Z', answers('neutral', 'neutral', 'satisfied', 'yes')),
  // k03: serious, branch-7; escalated to level 1 then 2; late reply; closed, then reopened (no new deadline).
  k03.registered('2026-03-02T10:00:00.000Z', 'CUST-3', { orgUnit: 'branch-7' }),
  k03.classified('2026-03-02T10:10:00.000Z', 'item-damaged', { severity: 'serious' }),
  k03.deferred('2026-03-02T10:20:00.000Z', '2026-03-03T10:00:00.000Z'),
  k03.escalated('2026-03-02T11:00:00.000Z', 0, 1),
  k03.escalated('2026-03-02T15:00:00.000Z', 1, 2),
  k03.causes('2026-03-03T09:00:00.000Z', ['C1', ...TRANSPORT_DELAY], ['C2', 'staff', 'attitude', 'branch-7']),
  k03.replied('2026-03-04T10:00:00.000Z', '2026-03-03T10:00:00.000Z'),
  k03.closed('2026-03-04T12:00:00.000Z'),
  k03.reopened('2026-03-06T09:00:00.000Z'),
  // k04: CUST-1 again, item-damaged, 2 days after k01: a repeat. Deadline Mar 5 passed: overdue, 5 days → 3-7.
  k04.registered('2026-03-03T09:00:00.000Z', 'CUST-1', { channel: 'web-portal' }),
  k04.classified('2026-03-03T09:10:00.000Z', 'item-damaged', { responsibility: 'not-at-fault' }),
  k04.deferred('2026-03-03T09:20:00.000Z', '2026-03-05T09:00:00.000Z'),
  k04.causes('2026-03-04T09:00:00.000Z', ['C1', 'customer', 'misunderstanding', 'branch-12']),
  // k05: dispatched and escalated to level 1; on time; closed; followed up. Its first cause (C1) was
  // replaced by a second attribution, so only C2 is active.
  k05.registered('2026-03-04T09:00:00.000Z', 'CUST-5', { channel: 'hotline-11185' }),
  k05.classified('2026-03-04T09:10:00.000Z', 'wrong-charge', { responsibility: 'undetermined' }),
  k05.deferred('2026-03-04T09:20:00.000Z', '2026-03-06T09:00:00.000Z'),
  k05.dispatched('2026-03-04T10:00:00.000Z'),
  k05.escalated('2026-03-05T09:00:00.000Z', 0, 1),
  k05.causes('2026-03-05T10:00:00.000Z', ['C1', 'facilities', 'system-outage', 'it-centre']),
  k05.causes('2026-03-05T11:00:00.000Z', ['C2', 'staff', 'attitude', 'branch-12']),
  k05.replied('2026-03-06T08:00:00.000Z', '2026-03-06T09:00:00.000Z'),
  k05.closed('2026-03-06T10:00:00.000Z'),
  k05.followedUp('2026-03-07T09:00:00.000Z', answers('dissatisfied', 'late', 'neutral', 'unsure')),
  // k06: never classified; immediate reply, but dispatched afterwards: not first-contact resolution.
  k06.registered('2026-03-05T09:00:00.000Z', 'CUST-6'),
  k06.immediate('2026-03-05T09:10:00.000Z'),
  k06.replied('2026-03-05T09:10:00.000Z', '2026-03-05T09:10:00.000Z'),
  k06.dispatched('2026-03-05T10:00:00.000Z'),
  k06.causes('2026-03-05T11:00:00.000Z', ['C1', 'staff', 'attitude', 'branch-12']),
  k06.closed('2026-03-05T12:00:00.000Z'),
  // k07: branch-7, CUST-7 item-delayed, 10 days after p09a (branch-12): a repeat. Not acknowledged yet.
  k07.registered('2026-03-07T09:00:00.000Z', 'CUST-7', { orgUnit: 'branch-7' }),
  k07.classified('2026-03-07T09:10:00.000Z', 'item-delayed'),
  // k08 survives the merge of k08d (same customer, an hour earlier): counted once, and no repeat.
  // Deadline 12:00 passed at the end of the week: overdue, 0 days → 0-2.
  k08d.registered('2026-03-08T09:00:00.000Z', 'CUST-8'),
  k08d.classified('2026-03-08T09:10:00.000Z', 'item-damaged'),
  k08.registered('2026-03-08T10:00:00.000Z', 'CUST-8', { channel: 'hotline-11185' }),
  k08.classified('2026-03-08T10:10:00.000Z', 'item-damaged'),
  k08.deferred('2026-03-08T10:20:00.000Z', '2026-03-08T12:00:00.000Z'),
  k08d.mergedInto('2026-03-08T11:00:00.000Z', 'k08'),
  k08.duplicateMerged('2026-03-08T11:00:00.000Z', 'k08d'),
  // k09: abnormal: counted apart, left out of every rate (late reply, closure, cause, follow-up ignored).
  k09.registered('2026-03-03T12:00:00.000Z', 'CUST-9'),
  k09.classified('2026-03-03T12:10:00.000Z', 'item-damaged'),
  k09.flaggedAbnormal('2026-03-03T13:00:00.000Z'),
  k09.deferred('2026-03-03T13:10:00.000Z', '2026-03-03T18:00:00.000Z'),
  k09.causes('2026-03-04T09:00:00.000Z', ['C1', 'facilities', 'system-outage', 'it-centre']),
  k09.replied('2026-03-04T10:00:00.000Z', '2026-03-03T18:00:00.000Z'),
  k09.closed('2026-03-04T11:00:00.000Z'),
  k09.followedUp('2026-03-05T09:00:00.000Z', answers('dissatisfied', 'late', 'dissatisfied', 'no')),
  // t01: telecom (another business line), CUST-1: on time, closed, followed up.
  t01.registered('2026-03-03T09:00:00.000Z', 'CUST-1', {
    businessLine: 'telecom',
    channel: 'hotline-10086',
    orgUnit: 'tel-hall-1',
  }),
  t01.classified('2026-03-03T09:10:00.000Z', 'network'),
  t01.deferred('2026-03-03T09:20:00.000Z', '2026-03-04T09:00:00.000Z'),
  t01.replied('2026-03-04T08:00:00.000Z', '2026-03-04T09:00:00.000Z'),
  t01.closed('2026-03-04T10:00:00.000Z'),
  t01.followedUp('2026-03-05T09:00:00.000Z', answers('satisfied', 'timely', 'satisfied', 'yes')),
];

const a1 = action('A1');
const a2 = action('A2');
const a3 = action('A3');
const a4 = action('A4');

/**
 * Corrective actions around W10 (postal unless said otherwise):
 * - A1 transport-delay at hub-2: due Mar 4 (in W10), completed late on Mar 5 (in W10); not verified.
 * - A2 staff/skills at branch-12: started Feb 12, completed Feb 20, verified effective on Mar 4. Its
 *   causes: 4 weeks before it started [Jan 15, Feb 12): p06a (Feb 3), p07a (Feb 10) = 2 → 0.5 a week;
 *   4 weeks after it was completed [Feb 20, Mar 20): p09a (Feb 25) = 1 → 0.25 a week.
 * - A3 attitude at branch-12: due Mar 6 (in W10), started, never completed: overdue at the end of W10.
 * - A4 telecom, due Mar 5: left out by the postal filter.
 */
export const scenarioActions = (): CorrectiveActionEvent[] => [
  a2.proposed('2026-02-09T09:00:00.000Z', '2026-02-27T09:00:00.000Z', ['skills'], ['branch-12']),
  a2.started('2026-02-12T00:00:00.000Z'),
  a2.completed('2026-02-20T00:00:00.000Z', false),
  a1.proposed('2026-02-23T09:00:00.000Z', '2026-03-04T10:00:00.000Z', ['transport-delay'], ['hub-2']),
  a1.started('2026-02-26T00:00:00.000Z'),
  a3.proposed('2026-02-23T09:30:00.000Z', '2026-03-06T00:00:00.000Z', ['attitude'], ['branch-12']),
  a3.started('2026-02-24T00:00:00.000Z'),
  a4.proposed('2026-02-23T10:00:00.000Z', '2026-03-05T00:00:00.000Z', ['network'], ['tel-hall-1'], 'telecom'),
  a2.verified('2026-03-04T09:00:00.000Z', true),
  a1.completed('2026-03-05T00:00:00.000Z', true),
];

export const recordScenario = (): RecordedEvent[] =>
  new EventLog().recordAll([...scenarioEvents(), ...scenarioActions()]);
