import { cmd } from '../../test-support/complaint-commands';
import {
  acknowledgedDeferred,
  acknowledgedImmediately,
  classified,
  closed,
  ev,
  followedUp,
  merged,
  registered,
  reopened,
  replied,
  withdrawn,
} from '../../test-support/complaint-events';
import { given } from '../../test-support/decider-spec';
import { COMPLAINT_ID, T, withPolicy } from '../../test-support/fixtures';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';

/** Urgent escalation from the clerk to the branch manager: the team lead (level 1) is owed a notice. */
const urgentSkip = ev.escalated({
  toLevel: 2,
  toLevelName: 'branch-manager',
  urgent: true,
  skippedLevels: [1],
});
const notified: ComplaintEvent = {
  type: 'SuperiorNotifiedOfEscalation',
  data: { complaintId: COMPLAINT_ID, level: 1, notifiedAt: T.handling },
};

describe('RecordFollowUp', () => {
  const followUp: ComplaintEvent = {
    type: 'FollowUpRecorded',
    data: {
      complaintId: COMPLAINT_ID,
      method: 'phone',
      level: 'team-lead',
      answers: {
        resultSatisfaction: 'satisfied',
        timeliness: 'timely',
        attitudeSatisfaction: 'satisfied',
        wouldReuse: 'yes',
      },
      recordedAt: T.followedUp,
    },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.recordFollowUp()).thenThrows(E.NOT_FOUND));
  });

  describe.each([
    ['registered', registered],
    ['acknowledged', acknowledgedDeferred],
    ['withdrawn', withdrawn],
    ['reopened', reopened],
  ])('given a %s complaint', (_state, history) => {
    it('refuses: a follow-up comes after the final reply', () =>
      given(history()).when(cmd.recordFollowUp()).thenThrows(E.FOLLOW_UP_BEFORE_REPLY));
  });

  describe('given a replied complaint', () => {
    it('records the survey answers', () => given(replied()).when(cmd.recordFollowUp()).then([followUp]));

    it('records a comment and a dissatisfied customer', () => {
      const answers = {
        resultSatisfaction: 'dissatisfied',
        timeliness: 'late',
        attitudeSatisfaction: 'neutral',
        wouldReuse: 'unsure',
      } as const;
      given(replied())
        .when(cmd.recordFollowUp({ method: 'letter', answers, comment: 'Pay the full value next time' }))
        .then([ev.followUpRecorded({ method: 'letter', answers, comment: 'Pay the full value next time' })]);
    });

    it('refuses a follow-up level the policy does not know', () =>
      given(replied())
        .when(cmd.recordFollowUp({ level: 'mayor' }))
        .thenThrows(E.UNKNOWN_FOLLOW_UP_LEVEL, 'level'));
  });

  describe('given a complaint replied to immediately', () => {
    it('records the follow-up', () =>
      given(acknowledgedImmediately()).when(cmd.recordFollowUp()).then([followUp]));
  });

  describe('given a replied complaint already followed up', () => {
    it('refuses a second follow-up for the same reply', () =>
      given(followedUp()).when(cmd.recordFollowUp()).thenThrows(E.FOLLOW_UP_ALREADY_RECORDED));
  });

  describe('given a closed complaint not followed up', () => {
    it('records the follow-up after closing', () =>
      given(closed())
        .when(cmd.recordFollowUp({}, { now: T.reopened }))
        .then([ev.followUpRecorded({ recordedAt: T.reopened })]));
  });

  describe('given a closed complaint already followed up', () => {
    it('refuses', () =>
      given([...followedUp(), ev.closed()])
        .when(cmd.recordFollowUp())
        .thenThrows(E.FOLLOW_UP_ALREADY_RECORDED));
  });

  describe('given a complaint followed up, reopened and replied to again', () => {
    it('records one follow-up per reply', () =>
      given([
        ...followedUp(),
        ev.closed(),
        ev.reopened(),
        ev.acknowledged({ replyDeadline: '2026-03-12T09:00:00.000Z', acknowledgedAt: T.reopened }),
        ev.finalReplySent({
          deadlineInForce: '2026-03-12T09:00:00.000Z',
          repliedAt: '2026-03-11T09:00:00.000Z',
        }),
      ])
        .when(cmd.recordFollowUp({}, { now: '2026-03-12T09:00:00.000Z' }))
        .then([ev.followUpRecorded({ recordedAt: '2026-03-12T09:00:00.000Z' })]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.recordFollowUp()).thenThrows(E.MERGED));
  });
});

describe('CloseComplaint', () => {
  const closedAs = (outcome: 'resolved' | 'withdrawn'): ComplaintEvent => ({
    type: 'ComplaintClosed',
    data: { complaintId: COMPLAINT_ID, outcome, closedAt: T.closed },
  });
  const followUpRequired = withPolicy({ requireFollowUpBeforeClose: true });

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.close()).thenThrows(E.NOT_FOUND));
  });

  describe.each([
    ['registered', registered],
    ['classified', classified],
    ['acknowledged', acknowledgedDeferred],
    ['reopened', reopened],
  ])('given a %s complaint', (_state, history) => {
    it('refuses: close only after a final reply or a withdrawal', () =>
      given(history()).when(cmd.close()).thenThrows(E.CLOSE_WITHOUT_REPLY));
  });

  describe('given a replied complaint', () => {
    it('closes it as resolved', () =>
      given(replied())
        .when(cmd.close())
        .then([closedAs('resolved')]));

    it('refuses when the policy requires a follow-up first', () =>
      given(replied(), followUpRequired).when(cmd.close()).thenThrows(E.CLOSE_WITHOUT_FOLLOW_UP));
  });

  describe('given a replied complaint followed up', () => {
    it('closes it when the policy requires a follow-up', () =>
      given(followedUp(), followUpRequired)
        .when(cmd.close())
        .then([closedAs('resolved')]));
  });

  describe('given a withdrawn complaint', () => {
    it("closes it with the outcome 'withdrawn'", () =>
      given(withdrawn())
        .when(cmd.close())
        .then([closedAs('withdrawn')]));

    it('needs no follow-up, whatever the policy', () =>
      given(withdrawn(), followUpRequired)
        .when(cmd.close())
        .then([closedAs('withdrawn')]));
  });

  describe('given a skip-level escalation whose superior was not told', () => {
    it('refuses to close the replied complaint', () =>
      given([...acknowledgedDeferred(), urgentSkip, ev.finalReplySent()])
        .when(cmd.close())
        .thenThrows(E.SUPERIOR_NOT_NOTIFIED));

    it('refuses to close the withdrawn complaint', () =>
      given([...acknowledgedDeferred(), urgentSkip, ev.withdrawn()])
        .when(cmd.close())
        .thenThrows(E.SUPERIOR_NOT_NOTIFIED));
  });

  describe('given two skip-level escalations on a five-level ladder', () => {
    const ladder = withPolicy({
      escalationLevels: ['clerk', 'team-lead', 'branch-manager', 'city-office', 'province'],
    });
    const history = [
      ...acknowledgedDeferred(),
      urgentSkip,
      ev.escalated({ fromLevel: 2, toLevel: 4, toLevelName: 'province', urgent: true, skippedLevels: [3] }),
      notified,
      ev.finalReplySent(),
    ];

    it('refuses to close while the second notice is still owed', () =>
      given(history, ladder).when(cmd.close()).thenThrows(E.SUPERIOR_NOT_NOTIFIED));

    it('closes once both superiors were told', () =>
      given(
        [
          ...history,
          {
            type: 'SuperiorNotifiedOfEscalation',
            data: { complaintId: COMPLAINT_ID, level: 3, notifiedAt: T.followedUp },
          },
        ],
        ladder,
      )
        .when(cmd.close())
        .then([closedAs('resolved')]));
  });

  describe('given a skip-level escalation whose superior was told', () => {
    it('closes the replied complaint', () =>
      given([...acknowledgedDeferred(), urgentSkip, notified, ev.finalReplySent()])
        .when(cmd.close())
        .then([closedAs('resolved')]));

    it('closes the complaint withdrawn before the notice was given', () =>
      given([...acknowledgedDeferred(), urgentSkip, ev.withdrawn(), notified])
        .when(cmd.close())
        .then([closedAs('withdrawn')]));
  });

  describe('given a closed complaint', () => {
    it('refuses to close it twice', () => given(closed()).when(cmd.close()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.close()).thenThrows(E.MERGED));
  });
});

describe('ReopenComplaint', () => {
  const reopenedEvent = (reopenCount: number, reopenedAt: string = T.reopened): ComplaintEvent => ({
    type: 'ComplaintReopened',
    data: {
      complaintId: COMPLAINT_ID,
      reason: 'The replacement vase arrived broken too',
      reopenCount,
      reopenedAt,
    },
  });
  /** T.closed + 90 days. */
  const windowEnd = '2026-06-03T10:00:00.000Z';

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.reopen()).thenThrows(E.NOT_FOUND));
  });

  describe.each([
    ['registered', registered],
    ['acknowledged', acknowledgedDeferred],
    ['replied', replied],
    ['withdrawn', withdrawn],
    ['reopened', reopened],
  ])('given a %s complaint', (_state, history) => {
    it('refuses: only a closed complaint is reopened', () =>
      given(history()).when(cmd.reopen()).thenThrows(E.NOT_CLOSED));
  });

  describe('given a closed complaint', () => {
    it('reopens it as a repeat complaint', () =>
      given(closed())
        .when(cmd.reopen())
        .then([reopenedEvent(1)]));

    it('reopens it on the last day of the window', () =>
      given(closed())
        .when(cmd.reopen({}, { now: windowEnd }))
        .then([reopenedEvent(1, windowEnd)]));

    it('refuses once the window has passed: register a new complaint', () =>
      given(closed())
        .when(cmd.reopen({}, { now: '2026-06-03T10:00:00.001Z' }))
        .thenThrows(E.REOPEN_WINDOW_EXPIRED));

    it("follows the policy's window", () =>
      given(closed(), withPolicy({ reopenWindowDays: 3 }))
        .when(cmd.reopen())
        .thenThrows(E.REOPEN_WINDOW_EXPIRED));
  });

  describe('given a complaint closed after a withdrawal', () => {
    it('reopens it: the customer came back on the same matter', () =>
      given([...withdrawn(), ev.closed({ outcome: 'withdrawn' })])
        .when(cmd.reopen())
        .then([reopenedEvent(1)]));
  });

  describe('given a complaint reopened once and closed again', () => {
    it('counts the second reopen', () =>
      given([
        ...reopened(),
        ev.acknowledged({ mode: 'immediate', replyDeadline: T.reopened, acknowledgedAt: T.reopened }),
        ev.finalReplySent({ deadlineInForce: T.reopened, repliedAt: T.reopened }),
        ev.closed({ closedAt: '2026-03-11T09:00:00.000Z' }),
      ])
        .when(cmd.reopen({}, { now: '2026-03-20T09:00:00.000Z' }))
        .then([reopenedEvent(2, '2026-03-20T09:00:00.000Z')]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.reopen()).thenThrows(E.MERGED));
  });
});

describe('a reopened complaint is back at registered', () => {
  it('refuses handling until it is acknowledged again', () =>
    given(reopened())
      .when(cmd.dispatch({}, { now: T.reopened }))
      .thenThrows(E.NOT_ACKNOWLEDGED));

  it('refuses a final reply until it is acknowledged again', () =>
    given(reopened())
      .when(cmd.sendFinalReply({}, { now: T.reopened }))
      .thenThrows(E.NOT_ACKNOWLEDGED));

  it('takes a new immediate reply', () =>
    given(reopened())
      .when(cmd.acknowledgeImmediately({}, { now: T.reopened }))
      .then([
        ev.acknowledged({
          mode: 'immediate',
          replyDeadline: T.reopened,
          contactMethod: 'in-person',
          acknowledgedAt: T.reopened,
        }),
        ev.finalReplySent({
          summary: 'Apologised on the spot',
          contactMethod: 'in-person',
          deadlineInForce: T.reopened,
          repliedAt: T.reopened,
        }),
      ]));
});

describe('WithdrawComplaint', () => {
  const withdrawal: ComplaintEvent = {
    type: 'ComplaintWithdrawn',
    data: { complaintId: COMPLAINT_ID, reason: 'The customer found the parcel', withdrawnAt: T.handling },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.withdraw()).thenThrows(E.NOT_FOUND));
  });

  describe.each([
    ['registered', registered],
    ['acknowledged', acknowledgedDeferred],
  ])('given a %s complaint', (_state, history) => {
    it('records the withdrawal', () => given(history()).when(cmd.withdraw()).then([withdrawal]));
  });

  describe('given a reopened complaint', () => {
    it('records the withdrawal', () =>
      given(reopened())
        .when(cmd.withdraw({}, { now: '2026-03-11T09:00:00.000Z' }))
        .then([ev.withdrawn({ withdrawnAt: '2026-03-11T09:00:00.000Z' })]));
  });

  describe('given a replied complaint', () => {
    it('refuses: an answered complaint is closed as resolved', () =>
      given(replied()).when(cmd.withdraw()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses to withdraw it twice', () => given(withdrawn()).when(cmd.withdraw()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.withdraw()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.withdraw()).thenThrows(E.MERGED));
  });
});
