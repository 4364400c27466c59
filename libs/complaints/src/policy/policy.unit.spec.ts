import { ComplaintErrors as E } from '../complaint/complaint.errors';
import { cmd } from '../test-support/complaint-commands';
import { acknowledgedDeferred, ev } from '../test-support/complaint-events';
import { given } from '../test-support/decider-spec';
import { withPolicy } from '../test-support/fixtures';
import { type Severity } from '../taxonomy/taxonomy';
import { type ComplaintPolicy, DEFAULT_POLICY, approvalThresholdFor, slaHoursFor } from './complaint-policy';

describe('approvalThresholdFor', () => {
  const policy: ComplaintPolicy = {
    ...DEFAULT_POLICY,
    approvalThreshold: { default: 500, byBusinessLine: { bank: 2000, tobacco: 0 } },
  };

  it('takes the default for a line without its own', () =>
    expect(approvalThresholdFor(policy, 'postal')).toBe(500));

  it("takes the line's own threshold", () => expect(approvalThresholdFor(policy, 'bank')).toBe(2000));

  it('keeps a threshold of zero: every sum of money needs approval', () =>
    expect(approvalThresholdFor(policy, 'tobacco')).toBe(0));

  it('defaults to 500 in the default policy', () =>
    expect(approvalThresholdFor(DEFAULT_POLICY, 'hotel')).toBe(500));
});

describe('slaHoursFor with the default policy', () => {
  it.each<[string, Severity, number]>([
    ['counter', 'sudden-incident', 4],
    ['regulator', 'sudden-incident', 4],
    ['regulator', 'minor', 24],
    ['national-centre', 'serious', 48],
    ['provincial-centre', 'minor', 48],
    ['counter', 'serious', 48],
    ['hotline-11185', 'minor', 72],
  ])('a complaint from %s, %s, is answered within %i h', (channel, severity, hours) =>
    expect(slaHoursFor(DEFAULT_POLICY, channel, severity)).toBe(hours),
  );
});

describe('slaHoursFor with a custom policy', () => {
  it('takes the first matching rule, so a general rule first shadows the specific ones', () => {
    const policy: ComplaintPolicy = {
      ...DEFAULT_POLICY,
      sla: [{ replyWithinHours: 120 }, { channel: 'regulator', replyWithinHours: 24 }],
    };
    expect(slaHoursFor(policy, 'regulator', 'minor')).toBe(120);
  });

  it('needs both channel and severity to match when a rule names both', () => {
    const policy: ComplaintPolicy = {
      ...DEFAULT_POLICY,
      sla: [{ channel: 'regulator', severity: 'serious', replyWithinHours: 12 }, { replyWithinHours: 96 }],
    };
    expect([
      slaHoursFor(policy, 'regulator', 'serious'),
      slaHoursFor(policy, 'regulator', 'minor'),
    ]).toStrictEqual([12, 96]);
  });

  it('has no SLA when no rule matches', () =>
    expect(
      slaHoursFor(
        { ...DEFAULT_POLICY, sla: [{ channel: 'regulator', replyWithinHours: 24 }] },
        'counter',
        'minor',
      ),
    ).toBeUndefined());
});

describe('DEFAULT_POLICY', () => {
  it('escalates clerk → team lead → branch manager → superior department', () =>
    expect(DEFAULT_POLICY.escalationLevels).toStrictEqual([
      'clerk',
      'team-lead',
      'branch-manager',
      'superior-department',
    ]));

  it('takes the strict side of every open rule', () =>
    expect({
      allowDeadlineBeyondSla: DEFAULT_POLICY.allowDeadlineBeyondSla,
      reopenWindowDays: DEFAULT_POLICY.reopenWindowDays,
      requireFollowUpBeforeClose: DEFAULT_POLICY.requireFollowUpBeforeClose,
      mergeRequiresSameCustomer: DEFAULT_POLICY.mergeRequiresSameCustomer,
      allowSelfApproval: DEFAULT_POLICY.allowSelfApproval,
    }).toStrictEqual({
      allowDeadlineBeyondSla: false,
      reopenWindowDays: 90,
      requireFollowUpBeforeClose: false,
      mergeRequiresSameCustomer: true,
      allowSelfApproval: false,
    }));
});

describe('the escalation ladder comes from the policy', () => {
  const shortLadder = withPolicy({ escalationLevels: ['clerk', 'duty-manager'] });

  it('names the level from the ladder', () =>
    given(acknowledgedDeferred(), shortLadder)
      .when(cmd.escalate())
      .then([ev.escalated({ toLevelName: 'duty-manager' })]));

  it('has no level beyond its top', () =>
    given(acknowledgedDeferred(), shortLadder)
      .when(cmd.escalate({ toLevel: 2, urgent: true }))
      .thenThrows(E.ESCALATION_UNKNOWN_LEVEL, 'toLevel'));

  it('also names the follow-up levels', () =>
    given([...acknowledgedDeferred(), ev.finalReplySent()], shortLadder)
      .when(cmd.recordFollowUp({ level: 'team-lead' }))
      .thenThrows(E.UNKNOWN_FOLLOW_UP_LEVEL, 'level'));
});
