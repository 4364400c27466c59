import { type ComplaintEvent, type CorrectiveActionEvent } from '@app/complaints';
import type { RecordedEvent } from '@app/event-store';
import { EventLog } from '../../../test-support/event-log';
import { action, answers, type Cause, complaint } from '../../shared/test-support/scenario-builders';

/**
 * The hand-built scenario of `executive-report.int.spec.ts`. Reporting zone Asia/Shanghai (UTC+8), so
 * every period starts at 16:00Z the day before its first local day:
 * - 2026-Q1 (the report) [2025-12-31T16:00Z, 2026-03-31T16:00Z): Jan until 2026-01-31T16:00Z, Feb until
 *   2026-02-28T16:00Z, Mar until 2026-03-31T16:00Z;
 * - 2025-Q4 (the period before) [2025-09-30T16:00Z, 2025-12-31T16:00Z);
 * - 2025-Q1 (a year earlier) [2024-12-31T16:00Z, 2025-03-31T16:00Z).
 * All instants below are UTC. Unless said otherwise a complaint is postal, at the counter, received by
 * branch-12, minor and at-fault. Complaints are named by the period they are registered in: y… 2025-Q1,
 * o… 2025-Q3, q… 2025-Q4, c… 2026-Q1, n… 2026-Q2, t… telecom.
 */

const TRANSPORT_DELAY: Cause = ['C1', 'service-capacity', 'transport-delay', 'hub-2'];
const ATTITUDE: Cause = ['C1', 'staff', 'attitude', 'branch-12'];
const MISUNDERSTANDING: Cause = ['C2', 'customer', 'misunderstanding', 'branch-12'];
const SYSTEM_OUTAGE: Cause = ['C1', 'facilities', 'system-outage', 'it-centre'];

const SATISFIED = answers('satisfied', 'timely', 'satisfied', 'yes');
const NEUTRAL = answers('neutral', 'neutral', 'satisfied', 'yes');
const DISSATISFIED = answers('dissatisfied', 'late', 'dissatisfied', 'no');

const [y01, y02, yx1, y03, y04, y05] = ['y01', 'y02', 'yx1', 'y03', 'y04', 'y05'].map(complaint);
const [o01, q01, q06, q02, q03, q04, q05] = ['o01', 'q01', 'q06', 'q02', 'q03', 'q04', 'q05'].map(complaint);
const [c01, c02, c03, c04, c05, x01] = ['c01', 'c02', 'c03', 'c04', 'c05', 'x01'].map(complaint);
const [c06, c06d, c07, c08, c09, n01, t01] = ['c06', 'c06d', 'c07', 'c08', 'c09', 'n01', 't01'].map(
  complaint,
);

/** 2025-Q1, a year before the report's quarter. */
const yearAgoQuarter = (): ComplaintEvent[] => [
  // y01: 01:00 on 1 January 2025 in Shanghai, though the UTC date is still 2024. Immediate reply and
  // closure: first-contact resolution. Followed up satisfied.
  y01.registered('2024-12-31T17:00:00.000Z', 'CUST-Y1'),
  y01.classified('2024-12-31T17:05:00.000Z', 'item-delayed'),
  y01.immediate('2024-12-31T17:10:00.000Z'),
  y01.replied('2024-12-31T17:10:00.000Z', '2024-12-31T17:10:00.000Z'),
  y01.closed('2024-12-31T17:30:00.000Z'),
  y01.followedUp('2025-01-03T09:00:00.000Z', SATISFIED),
  // y02: an interim reply moves the deadline to Jan 20; replied late anyway on Jan 21.
  y02.registered('2025-01-15T09:00:00.000Z', 'CUST-Y2'),
  y02.classified('2025-01-15T09:10:00.000Z', 'item-damaged'),
  y02.deferred('2025-01-15T09:20:00.000Z', '2025-01-17T09:00:00.000Z'),
  y02.interim('2025-01-16T08:00:00.000Z', '2025-01-17T09:00:00.000Z', '2025-01-20T09:00:00.000Z'),
  y02.replied('2025-01-21T09:00:00.000Z', '2025-01-20T09:00:00.000Z'),
  y02.closed('2025-01-21T12:00:00.000Z'),
  y02.followedUp('2025-01-23T09:00:00.000Z', NEUTRAL),
  // yx1: abnormal.
  yx1.registered('2025-02-05T09:00:00.000Z', 'CUST-YX'),
  yx1.classified('2025-02-05T09:10:00.000Z', 'item-damaged'),
  yx1.flaggedAbnormal('2025-02-05T10:00:00.000Z'),
  // y03: escalated, late, closed and reopened; transport delay.
  y03.registered('2025-02-10T09:00:00.000Z', 'CUST-Y3'),
  y03.classified('2025-02-10T09:10:00.000Z', 'item-damaged'),
  y03.deferred('2025-02-10T09:20:00.000Z', '2025-02-12T09:00:00.000Z'),
  y03.escalated('2025-02-10T11:00:00.000Z', 0, 1),
  y03.causes('2025-02-11T09:00:00.000Z', TRANSPORT_DELAY),
  y03.replied('2025-02-14T09:00:00.000Z', '2025-02-12T09:00:00.000Z'),
  y03.closed('2025-02-14T12:00:00.000Z'),
  y03.followedUp('2025-02-16T09:00:00.000Z', DISSATISFIED),
  y03.reopened('2025-02-20T09:00:00.000Z'),
  // y04: deadline Mar 25 passed, replied only in April: overdue at the end of 2025-Q1.
  y04.registered('2025-03-20T09:00:00.000Z', 'CUST-Y4'),
  y04.classified('2025-03-20T09:10:00.000Z', 'item-lost'),
  y04.deferred('2025-03-20T09:20:00.000Z', '2025-03-25T09:00:00.000Z'),
  y04.causes('2025-03-21T09:00:00.000Z', ATTITUDE),
  y04.replied('2025-04-02T09:00:00.000Z', '2025-03-25T09:00:00.000Z'),
  y04.closed('2025-04-02T10:00:00.000Z'),
  // y05: 23:30 on 31 March 2025 in Shanghai: still 2025-Q1. Not acknowledged.
  y05.registered('2025-03-31T15:30:00.000Z', 'CUST-Y5'),
  y05.classified('2025-03-31T15:40:00.000Z', 'item-delayed'),
];

/** 2025-Q4, the quarter before the report's (and o01 just before it). */
const previousQuarter = (): ComplaintEvent[] => [
  // o01: 23:00 on 30 September in Shanghai: 2025-Q3. Replied and closed at once, in Q3.
  o01.registered('2025-09-30T15:00:00.000Z', 'CUST-O1'),
  o01.classified('2025-09-30T15:05:00.000Z', 'item-damaged'),
  o01.immediate('2025-09-30T15:10:00.000Z'),
  o01.replied('2025-09-30T15:10:00.000Z', '2025-09-30T15:10:00.000Z'),
  o01.closed('2025-09-30T15:30:00.000Z'),
  // q01: 01:00 on 1 October in Shanghai: 2025-Q4, two hours after o01 of the same customer and category:
  // a repeat. Escalated; late; followed up dissatisfied; staff attitude.
  q01.registered('2025-09-30T17:00:00.000Z', 'CUST-O1'),
  q01.classified('2025-09-30T17:05:00.000Z', 'item-damaged'),
  q01.deferred('2025-09-30T17:20:00.000Z', '2025-10-03T09:00:00.000Z'),
  q01.escalated('2025-10-02T09:00:00.000Z', 0, 1),
  q01.causes('2025-10-02T10:00:00.000Z', ATTITUDE),
  q01.replied('2025-10-05T09:00:00.000Z', '2025-10-03T09:00:00.000Z'),
  q01.closed('2025-10-05T10:00:00.000Z'),
  q01.followedUp('2025-10-07T09:00:00.000Z', DISSATISFIED),
  // q06: immediate reply, but dispatched afterwards: not first-contact resolution.
  q06.registered('2025-10-20T09:00:00.000Z', 'CUST-Q6'),
  q06.classified('2025-10-20T09:05:00.000Z', 'wrong-charge'),
  q06.immediate('2025-10-20T09:10:00.000Z'),
  q06.replied('2025-10-20T09:10:00.000Z', '2025-10-20T09:10:00.000Z'),
  q06.dispatched('2025-10-20T10:00:00.000Z'),
  q06.closed('2025-10-20T12:00:00.000Z'),
  // q02: first-contact resolution, followed up satisfied.
  q02.registered('2025-11-05T09:00:00.000Z', 'CUST-Q2'),
  q02.classified('2025-11-05T09:05:00.000Z', 'item-delayed'),
  q02.immediate('2025-11-05T09:10:00.000Z'),
  q02.replied('2025-11-05T09:10:00.000Z', '2025-11-05T09:10:00.000Z'),
  q02.closed('2025-11-05T09:30:00.000Z'),
  q02.followedUp('2025-11-07T09:00:00.000Z', SATISFIED),
  // q03: deadline Nov 25 passed (overdue at the end of Q4); replied late and closed in 2026-Q1.
  q03.registered('2025-11-20T09:00:00.000Z', 'CUST-Q3'),
  q03.classified('2025-11-20T09:05:00.000Z', 'item-damaged'),
  q03.deferred('2025-11-20T09:20:00.000Z', '2025-11-25T09:00:00.000Z'),
  q03.causes('2025-11-21T09:00:00.000Z', TRANSPORT_DELAY),
  q03.replied('2026-01-08T09:00:00.000Z', '2025-11-25T09:00:00.000Z'),
  q03.closed('2026-01-08T10:00:00.000Z'),
  // q04: deadline Dec 5, never replied: overdue at the end of Q4 and of 2026-Q1.
  q04.registered('2025-12-01T09:00:00.000Z', 'CUST-Q4'),
  q04.classified('2025-12-01T09:05:00.000Z', 'item-lost'),
  q04.deferred('2025-12-01T09:20:00.000Z', '2025-12-05T09:00:00.000Z'),
  // q05: 23:00 on 31 December in Shanghai: Q4. Deadline Jan 3 not yet passed at the end of Q4; interim
  // reply, on-time reply, closure and follow-up all in 2026-Q1.
  q05.registered('2025-12-31T15:00:00.000Z', 'CUST-C2'),
  q05.classified('2025-12-31T15:05:00.000Z', 'item-delayed'),
  q05.deferred('2025-12-31T15:20:00.000Z', '2026-01-03T09:00:00.000Z'),
  q05.interim('2026-01-02T09:00:00.000Z', '2026-01-03T09:00:00.000Z', '2026-01-09T09:00:00.000Z'),
  q05.replied('2026-01-07T09:00:00.000Z', '2026-01-09T09:00:00.000Z'),
  q05.closed('2026-01-07T10:00:00.000Z'),
  q05.followedUp('2026-01-09T09:00:00.000Z', SATISFIED),
];

/** 2026-Q1, the report's quarter (and n01 just after it, t01 of another business line). */
const reportQuarter = (): ComplaintEvent[] => [
  // c01: 01:00 on 1 January 2026 in Shanghai, though the UTC date is still 2025. First-contact resolution.
  c01.registered('2025-12-31T17:00:00.000Z', 'CUST-1'),
  c01.classified('2025-12-31T17:05:00.000Z', 'item-damaged'),
  c01.immediate('2025-12-31T17:10:00.000Z'),
  c01.replied('2025-12-31T17:10:00.000Z', '2025-12-31T17:10:00.000Z'),
  c01.causes('2025-12-31T17:20:00.000Z', TRANSPORT_DELAY),
  c01.closed('2025-12-31T17:30:00.000Z'),
  c01.followedUp('2026-01-03T09:00:00.000Z', SATISFIED),
  // c02: CUST-C2 again, item-delayed, 9.75 days after q05 of the quarter before: a repeat. Escalated to
  // level 1; interim reply; on time against the extended deadline.
  c02.registered('2026-01-10T09:00:00.000Z', 'CUST-C2', { channel: 'hotline-11185' }),
  c02.classified('2026-01-10T09:05:00.000Z', 'item-delayed'),
  c02.deferred('2026-01-10T09:20:00.000Z', '2026-01-12T09:00:00.000Z'),
  c02.escalated('2026-01-10T11:00:00.000Z', 0, 1),
  c02.interim('2026-01-12T08:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-15T09:00:00.000Z'),
  c02.causes('2026-01-13T09:00:00.000Z', TRANSPORT_DELAY),
  c02.replied('2026-01-14T09:00:00.000Z', '2026-01-15T09:00:00.000Z'),
  c02.closed('2026-01-14T10:00:00.000Z'),
  c02.followedUp('2026-01-16T09:00:00.000Z', NEUTRAL),
  // c03: serious; escalated to level 1 then 2; late; closed, then reopened (no new deadline).
  c03.registered('2026-01-20T09:00:00.000Z', 'CUST-3'),
  c03.classified('2026-01-20T09:05:00.000Z', 'item-damaged', { severity: 'serious' }),
  c03.deferred('2026-01-20T09:20:00.000Z', '2026-01-22T09:00:00.000Z'),
  c03.escalated('2026-01-20T11:00:00.000Z', 0, 1),
  c03.escalated('2026-01-20T15:00:00.000Z', 1, 2),
  c03.causes('2026-01-21T09:00:00.000Z', ATTITUDE),
  c03.replied('2026-01-23T09:00:00.000Z', '2026-01-22T09:00:00.000Z'),
  c03.closed('2026-01-23T10:00:00.000Z'),
  c03.reopened('2026-02-02T09:00:00.000Z'),
  // c04: CUST-1 again, item-damaged, 24 days after c01: a repeat. Two causes.
  c04.registered('2026-01-25T09:00:00.000Z', 'CUST-1'),
  c04.classified('2026-01-25T09:05:00.000Z', 'item-damaged'),
  c04.deferred('2026-01-25T09:20:00.000Z', '2026-01-27T09:00:00.000Z'),
  c04.causes('2026-01-25T12:00:00.000Z', ATTITUDE, MISUNDERSTANDING),
  c04.replied('2026-01-26T09:00:00.000Z', '2026-01-27T09:00:00.000Z'),
  c04.closed('2026-01-26T10:00:00.000Z'),
  c04.followedUp('2026-01-28T09:00:00.000Z', answers('dissatisfied', 'neutral', 'neutral', 'unsure')),
  // c05: deadline Feb 13, never replied: overdue at the end of the quarter.
  c05.registered('2026-02-10T09:00:00.000Z', 'CUST-5'),
  c05.classified('2026-02-10T09:05:00.000Z', 'item-lost'),
  c05.deferred('2026-02-10T09:20:00.000Z', '2026-02-13T09:00:00.000Z'),
  c05.causes('2026-02-11T09:00:00.000Z', TRANSPORT_DELAY),
  // x01: abnormal: counted apart, left out of every rate (late reply, closure, cause, follow-up ignored).
  x01.registered('2026-02-15T09:00:00.000Z', 'CUST-X'),
  x01.classified('2026-02-15T09:05:00.000Z', 'item-damaged'),
  x01.flaggedAbnormal('2026-02-15T10:00:00.000Z'),
  x01.deferred('2026-02-15T10:10:00.000Z', '2026-02-16T09:00:00.000Z'),
  x01.causes('2026-02-16T09:00:00.000Z', SYSTEM_OUTAGE),
  x01.replied('2026-02-18T09:00:00.000Z', '2026-02-16T09:00:00.000Z'),
  x01.closed('2026-02-18T10:00:00.000Z'),
  x01.followedUp('2026-02-20T09:00:00.000Z', DISSATISFIED),
  // c06 survives the merge of c06d (same customer, an hour earlier): counted once, and no repeat.
  c06d.registered('2026-02-20T09:00:00.000Z', 'CUST-6'),
  c06d.classified('2026-02-20T09:05:00.000Z', 'item-damaged'),
  c06.registered('2026-02-20T10:00:00.000Z', 'CUST-6'),
  c06.classified('2026-02-20T10:05:00.000Z', 'item-damaged'),
  c06.deferred('2026-02-20T10:20:00.000Z', '2026-02-23T09:00:00.000Z'),
  c06d.mergedInto('2026-02-20T11:00:00.000Z', 'c06'),
  c06.duplicateMerged('2026-02-20T11:00:00.000Z', 'c06d'),
  c06.replied('2026-02-22T09:00:00.000Z', '2026-02-23T09:00:00.000Z'),
  c06.closed('2026-02-22T12:00:00.000Z'),
  c06.followedUp('2026-02-24T09:00:00.000Z', SATISFIED),
  // c07: on time, closed, followed up dissatisfied; system outage.
  c07.registered('2026-03-05T09:00:00.000Z', 'CUST-7'),
  c07.classified('2026-03-05T09:05:00.000Z', 'item-delayed'),
  c07.deferred('2026-03-05T09:20:00.000Z', '2026-03-07T09:00:00.000Z'),
  c07.causes('2026-03-05T12:00:00.000Z', SYSTEM_OUTAGE),
  c07.replied('2026-03-06T09:00:00.000Z', '2026-03-07T09:00:00.000Z'),
  c07.closed('2026-03-06T12:00:00.000Z'),
  c07.followedUp('2026-03-08T09:00:00.000Z', DISSATISFIED),
  // c08: an interim reply moves the deadline past the end of the quarter: open, not overdue.
  c08.registered('2026-03-20T09:00:00.000Z', 'CUST-8'),
  c08.classified('2026-03-20T09:05:00.000Z', 'item-damaged'),
  c08.deferred('2026-03-20T09:20:00.000Z', '2026-03-25T09:00:00.000Z'),
  c08.interim('2026-03-24T09:00:00.000Z', '2026-03-25T09:00:00.000Z', '2026-04-10T09:00:00.000Z'),
  // c09: 23:00 on 31 March in Shanghai: still 2026-Q1. Not acknowledged.
  c09.registered('2026-03-31T15:00:00.000Z', 'CUST-9'),
  c09.classified('2026-03-31T15:05:00.000Z', 'item-delayed'),
  // n01: 00:30 on 1 April in Shanghai: 2026-Q2, though the UTC date is still 31 March.
  n01.registered('2026-03-31T16:30:00.000Z', 'CUST-N1'),
  n01.classified('2026-03-31T16:35:00.000Z', 'item-damaged'),
  n01.deferred('2026-03-31T16:40:00.000Z', '2026-04-02T09:00:00.000Z'),
  n01.causes('2026-03-31T17:00:00.000Z', TRANSPORT_DELAY),
  // t01: telecom: on time, closed, followed up.
  t01.registered('2026-01-15T09:00:00.000Z', 'CUST-T1', {
    businessLine: 'telecom',
    channel: 'hotline-10086',
    orgUnit: 'tel-hall-1',
  }),
  t01.classified('2026-01-15T09:05:00.000Z', 'network'),
  t01.deferred('2026-01-15T09:20:00.000Z', '2026-01-16T09:00:00.000Z'),
  t01.replied('2026-01-16T08:00:00.000Z', '2026-01-16T09:00:00.000Z'),
  t01.closed('2026-01-16T10:00:00.000Z'),
  t01.followedUp('2026-01-18T09:00:00.000Z', SATISFIED),
];

export const executiveEvents = (): ComplaintEvent[] => [
  ...yearAgoQuarter(),
  ...previousQuarter(),
  ...reportQuarter(),
];

const [a1, a2, a3, a4, a5, a6, a7, a8] = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'].map(action);

/**
 * Corrective actions around 2026-Q1 (postal unless said otherwise), and what each is at the end of the
 * quarter (2026-03-31T16:00Z):
 * - A1 hub-2: completed on time in Dec, verified effective on Jan 20 → verified (in the quarter).
 * - A2 branch-12: due Jan 31, completed late on Feb 5, verified not effective on Mar 10 → verified.
 * - A3 branch-12 and hub-2: due Mar 15, started, never completed → started, overdue.
 * - A4 branch-12: proposed Feb 1, due Apr 30 → proposed.
 * - A5 it-centre: completed on time on Mar 18, verified only on Apr 5 → completed.
 * - A6 branch-12: proposed on Apr 2, after the quarter → not counted.
 * - A7 telecom: due Feb 1, never started → left out by the postal filter.
 * - A8 branch-12: due Jan 15, started, completed only on Apr 10 → started, overdue.
 */
export const executiveActions = (): CorrectiveActionEvent[] => [
  a1.proposed('2025-10-15T09:00:00.000Z', '2025-12-15T00:00:00.000Z', ['transport-delay'], ['hub-2']),
  a1.started('2025-10-20T00:00:00.000Z'),
  a1.completed('2025-12-10T00:00:00.000Z', false),
  a1.verified('2026-01-20T09:00:00.000Z', true),
  a2.proposed('2025-11-10T09:00:00.000Z', '2026-01-31T00:00:00.000Z', ['attitude'], ['branch-12']),
  a2.started('2025-12-01T00:00:00.000Z'),
  a2.completed('2026-02-05T00:00:00.000Z', true),
  a2.verified('2026-03-10T09:00:00.000Z', false),
  a3.proposed(
    '2026-01-10T09:00:00.000Z',
    '2026-03-15T00:00:00.000Z',
    ['attitude', 'transport-delay'],
    ['branch-12', 'hub-2'],
  ),
  a3.started('2026-01-20T00:00:00.000Z'),
  a4.proposed('2026-02-01T09:00:00.000Z', '2026-04-30T00:00:00.000Z', ['misunderstanding'], ['branch-12']),
  a5.proposed('2026-03-01T09:00:00.000Z', '2026-03-20T00:00:00.000Z', ['system-outage'], ['it-centre']),
  a5.started('2026-03-05T00:00:00.000Z'),
  a5.completed('2026-03-18T00:00:00.000Z', false),
  a5.verified('2026-04-05T09:00:00.000Z', true),
  a6.proposed('2026-04-02T09:00:00.000Z', '2026-05-01T00:00:00.000Z', ['attitude'], ['branch-12']),
  a7.proposed('2026-01-05T09:00:00.000Z', '2026-02-01T00:00:00.000Z', ['network'], ['tel-hall-1'], 'telecom'),
  a8.proposed('2025-12-01T09:00:00.000Z', '2026-01-15T00:00:00.000Z', ['skills'], ['branch-12']),
  a8.started('2025-12-15T00:00:00.000Z'),
  a8.completed('2026-04-10T00:00:00.000Z', true),
];

export const recordExecutiveScenario = (): RecordedEvent[] =>
  new EventLog().recordAll([...executiveEvents(), ...executiveActions()]);
