import { type DomainEvent } from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { AlertEvaluator, alertIdOf } from './alert-rules';

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** A postal complaint of branch-7 received at `at` with one cause `causeCode` attributed an hour later. */
const complaintWithCause = (complaintId: string, at: string, causeCode = 'sorting-error'): DomainEvent[] => {
  const later = new Date(Date.parse(at) + 3_600_000).toISOString();
  return [
    ev.registered({
      complaintId,
      receivedAt: at,
      customer: { ...CUSTOMER, reference: `R-${complaintId}`, pseudonym: `p-${complaintId}` },
      receivedBy: { jobNumber: 'S1001', orgUnit: 'branch-7' },
    }),
    ev.causesAttributed({
      complaintId,
      attributedAt: later,
      causes: [{ causeId: 'C1', family: 'service-capacity', causeCode, responsibleUnit: 'hub-2' }],
    }),
  ];
};

const feed = (evaluator: AlertEvaluator, events: DomainEvent[], eventIds = events.map(() => id())) =>
  events.flatMap((event, index) =>
    evaluator.onEvent(eventIds[index]!, event, { occurredAt: '2026-03-10T00:00:00.000Z', streamId: 's' }),
  );

describe('alert rules', () => {
  describe('given one cause a day for 8 days (baseline 1 a day)', () => {
    const baseline = (evaluator: AlertEvaluator) =>
      feed(
        evaluator,
        Array.from({ length: 8 }, (_, day) =>
          complaintWithCause(`b-${day}`, `2026-03-0${day + 1}T02:00:00.000Z`),
        ).flat(),
      );

    it('a spike on the 9th day (a Monday) raises one daily and one weekly alert when the 5th arrives', () => {
      const evaluator = new AlertEvaluator();
      // The baseline days themselves make week W10 a weekly spike against the quiet weeks before; no day is one.
      expect(baseline(evaluator).map((a) => [a.rule, a.period])).toEqual([
        ['cause-spike-weekly', '2026-W10'],
      ]);
      const spike = Array.from({ length: 6 }, (_, i) =>
        complaintWithCause(`s-${i}`, `2026-03-09T0${i + 1}:00:00.000Z`),
      );
      const raised = spike.map((events) => feed(evaluator, events));
      expect(raised.slice(0, 4).flat()).toEqual([]);
      const [alert, weekly] = raised[4]!;
      expect(raised[4]).toHaveLength(2);
      // The week (2026-W11) began that Monday: 5 causes against a weekly baseline of 1.
      expect(weekly).toMatchObject({
        rule: 'cause-spike-weekly',
        period: '2026-W11',
        figures: { count: 5, baseline: 1 },
      });
      expect(alert).toMatchObject({
        rule: 'cause-spike-daily',
        key: 'postal/sorting-error',
        period: '2026-03-09',
        businessLine: 'postal',
        orgUnits: ['branch-7'],
        figures: { count: 5, baseline: 1, lambda: 1 },
        alertId: alertIdOf('cause-spike-daily', 'postal/sorting-error', '2026-03-09'),
      });
      expect(Number(alert!.figures.probability)).toBeLessThan(0.01);
      expect(alert!.link).toContain('/dashboard/trends?dimension=causeCode');
      expect(raised[5]).toEqual([]);
      expect(JSON.stringify(raised)).not.toMatch(/R-s-|p-s-|王|Wang/);
    });

    it('a redelivered event raises nothing new', () => {
      const evaluator = new AlertEvaluator();
      baseline(evaluator);
      const events = Array.from({ length: 6 }, (_, i) =>
        complaintWithCause(`s-${i}`, `2026-03-09T0${i + 1}:00:00.000Z`),
      ).flat();
      const ids = events.map(() => id());
      expect(feed(evaluator, events, ids)).toHaveLength(2);
      expect(feed(evaluator, events, ids)).toEqual([]);
    });

    it('a restarted evaluator seeded with the raised ids raises nothing twice', () => {
      const first = new AlertEvaluator();
      baseline(first);
      const events = Array.from({ length: 6 }, (_, i) =>
        complaintWithCause(`s-${i}`, `2026-03-09T0${i + 1}:00:00.000Z`),
      ).flat();
      expect(feed(first, events)).toHaveLength(2);
      const second = new AlertEvaluator(undefined, first.raised);
      baseline(second);
      expect(feed(second, events)).toEqual([]);
    });
  });

  it('weekly spike: 10 causes in a week after 8 quiet weeks', () => {
    const evaluator = new AlertEvaluator();
    const quiet = Array.from({ length: 8 }, (_, week) =>
      complaintWithCause(
        `q-${week}`,
        new Date(Date.parse('2026-01-06T02:00:00.000Z') + week * 7 * 86_400_000).toISOString(),
      ),
    ).flat();
    expect(feed(evaluator, quiet)).toEqual([]);
    const week = Array.from({ length: 10 }, (_, i) =>
      complaintWithCause(
        `w-${i}`,
        new Date(Date.parse('2026-03-02T02:00:00.000Z') + (i % 5) * 86_400_000 + i * 60_000).toISOString(),
      ),
    ).flat();
    const alerts = feed(evaluator, week);
    expect(alerts.filter((a) => a.rule === 'cause-spike-weekly').map((a) => a.period)).toEqual(['2026-W10']);
  });

  it('deadline at risk, then overdue, once each; a final reply stops them', () => {
    const evaluator = new AlertEvaluator({
      timeZone: 'Asia/Shanghai',
      atRiskHours: { default: 4, byLine: { postal: { serious: 12 } } },
      repeatWindowDays: 30,
    });
    feed(evaluator, [
      ev.registered({ complaintId: 'd1', receivedAt: '2026-03-02T09:00:00.000Z' }),
      ev.classified({ complaintId: 'd1', severity: 'serious' }),
      ev.acknowledged({ complaintId: 'd1', replyDeadline: '2026-03-04T09:00:00.000Z' }),
      ev.registered({ complaintId: 'd2', receivedAt: '2026-03-02T09:00:00.000Z' }),
      ev.acknowledged({ complaintId: 'd2', replyDeadline: '2026-03-04T09:00:00.000Z' }),
    ]);
    expect(evaluator.tick(new Date('2026-03-03T20:00:00.000Z'))).toEqual([]);
    expect(evaluator.tick(new Date('2026-03-03T22:00:00.000Z')).map((a) => [a.rule, a.key])).toEqual([
      ['reply-deadline-at-risk', 'd1'],
    ]);
    expect(evaluator.tick(new Date('2026-03-04T06:00:00.000Z')).map((a) => [a.rule, a.key])).toEqual([
      ['reply-deadline-at-risk', 'd2'],
    ]);
    feed(evaluator, [ev.finalReplySent({ complaintId: 'd2', repliedAt: '2026-03-04T07:00:00.000Z' })]);
    expect(
      evaluator.tick(new Date('2026-03-04T10:00:00.000Z')).map((a) => [a.rule, a.key, a.figures]),
    ).toEqual([['reply-overdue', 'd1', { hoursOverdue: 1 }]]);
    expect(evaluator.tick(new Date('2026-03-04T11:00:00.000Z'))).toEqual([]);
  });

  it('a repeat customer within the window, in the same line', () => {
    const evaluator = new AlertEvaluator();
    const customer = { ...CUSTOMER, pseudonym: 'pseudo-1' };
    const alerts = feed(evaluator, [
      ev.registered({ complaintId: 'r1', receivedAt: '2026-03-01T09:00:00.000Z', customer }),
      ev.registered({ complaintId: 'r2', receivedAt: '2026-03-20T09:00:00.000Z', customer }),
      ev.registered({
        complaintId: 'r3',
        receivedAt: '2026-03-20T09:00:00.000Z',
        customer,
        businessLine: 'telecom',
        channel: 'hotline-10086',
      }),
    ]);
    expect(alerts.map((a) => [a.rule, a.key, a.figures.earlierComplaintsInWindow])).toEqual([
      ['repeat-customer', 'r2', 1],
    ]);
    expect(JSON.stringify(alerts)).not.toContain('pseudo-1');
  });

  it('a corrective action past its due date and not completed', () => {
    const evaluator = new AlertEvaluator();
    feed(evaluator, [
      {
        type: 'CorrectiveActionProposed',
        data: {
          actionId: 'a1',
          businessLine: 'postal',
          meetingDate: '2026-03-02T00:00:00.000Z',
          causeCodes: ['sorting-error'],
          orgUnits: ['hub-2', 'branch-7'],
          description: 'Re-train the night shift',
          owner: 'M3001',
          dueAt: '2026-03-20T00:00:00.000Z',
          proposedAt: '2026-03-02T00:00:00.000Z',
        },
      },
    ]);
    expect(evaluator.tick(new Date('2026-03-19T00:00:00.000Z'))).toEqual([]);
    expect(evaluator.tick(new Date('2026-03-22T01:00:00.000Z'))).toEqual([
      expect.objectContaining({
        rule: 'corrective-action-overdue',
        key: 'a1',
        orgUnits: ['branch-7', 'hub-2'],
        figures: { daysOverdue: 2 },
      }),
    ]);
  });
});
