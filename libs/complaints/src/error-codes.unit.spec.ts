/**
 * Every stable error code, triggered once through the given/when/then helper. The tables are keyed by
 * the code's name, so a new code fails to compile until it has a case here; the last test of each
 * block catches the same at run time.
 */
import { ComplaintErrors } from './complaint/complaint.errors';
import { CorrectiveActionErrors } from './corrective-action/corrective-action';
import { cmd } from './test-support/complaint-commands';
import {
  acknowledgedDeferred,
  acknowledgedImmediately,
  causesAttributed,
  classified,
  closed,
  ev,
  followedUp,
  investigated,
  merged,
  registered,
  replied,
  target,
  withdrawn,
} from './test-support/complaint-events';
import {
  actionCmd,
  actionCompleted,
  actionProposed,
  actionStarted,
} from './test-support/corrective-action-builders';
import { type Outcome, given, givenAction, givenMerge } from './test-support/decider-spec';
import { COMPLAINT_ID, NAMED_STAFF, T, TARGET_ID, withPolicy } from './test-support/fixtures';

type Case = Readonly<{ when: () => Pick<Outcome<unknown>, 'thenThrows'>; field?: string }>;

const offered = () => [...acknowledgedDeferred(), ev.proposed()];
const awaitingApproval = () => [
  ...acknowledgedDeferred(),
  ev.proposed({ totalAmount: 800, requiresApproval: true }),
];
const urgentSkip = ev.escalated({
  toLevel: 2,
  toLevelName: 'branch-manager',
  urgent: true,
  skippedLevels: [1],
});

const complaintCases: Record<keyof typeof ComplaintErrors, Case> = {
  NOT_FOUND: { when: () => given([]).when(cmd.classify()) },
  ALREADY_REGISTERED: { when: () => given(registered()).when(cmd.register()), field: 'complaintId' },
  MERGED: { when: () => given(merged()).when(cmd.withdraw()) },
  CLOSED: { when: () => given(closed()).when(cmd.classify()) },
  WITHDRAWN: { when: () => given(withdrawn()).when(cmd.classify()) },
  UNKNOWN_BUSINESS_LINE: {
    when: () => given([]).when(cmd.register({ businessLine: 'railway' })),
    field: 'businessLine',
  },
  UNKNOWN_CHANNEL: {
    when: () => given([]).when(cmd.register({ channel: 'hotline-10086' })),
    field: 'channel',
  },
  UNKNOWN_CATEGORY: {
    when: () => given(registered()).when(cmd.classify({ category: 'network' })),
    field: 'category',
  },
  UNKNOWN_CAUSE: {
    when: () =>
      given(investigated()).when(
        cmd.attributeCauses({
          causes: [
            { causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
            { causeCode: 'bad-luck', responsibleUnit: 'hub-2' },
          ],
        }),
      ),
    field: 'causes[1].causeCode',
  },
  RECEIVED_IN_FUTURE: {
    when: () => given([]).when(cmd.register({ receivedAt: '2026-03-02T10:00:00.000Z' })),
    field: 'receivedAt',
  },
  NOT_CLASSIFIED: { when: () => given(registered()).when(cmd.acknowledge()) },
  ALREADY_ACKNOWLEDGED: { when: () => given(acknowledgedDeferred()).when(cmd.acknowledge()) },
  NOT_ACKNOWLEDGED: { when: () => given(classified()).when(cmd.dispatch()) },
  DEADLINE_REQUIRED: {
    when: () =>
      given(classified(), withPolicy({ sla: [] })).when(cmd.acknowledge({ replyDeadline: undefined })),
    field: 'replyDeadline',
  },
  DEADLINE_NOT_IN_FUTURE: {
    when: () => given(classified()).when(cmd.acknowledge({ replyDeadline: T.acknowledged })),
    field: 'replyDeadline',
  },
  DEADLINE_BEYOND_SLA: {
    when: () => given(classified()).when(cmd.acknowledge({ replyDeadline: '2026-03-06T09:00:00.000Z' })),
    field: 'replyDeadline',
  },
  IMMEDIATE_REPLY_REQUIRED: {
    when: () => given(classified()).when(cmd.acknowledgeImmediately({ reply: undefined })),
    field: 'reply',
  },
  IMMEDIATE_WITH_DEADLINE: {
    when: () => given(classified()).when(cmd.acknowledgeImmediately({ replyDeadline: T.deadline })),
    field: 'replyDeadline',
  },
  INTERIM_AFTER_DEADLINE: {
    when: () =>
      given(acknowledgedDeferred()).when(cmd.sendInterimReply({}, { now: '2026-03-04T09:30:00.000Z' })),
  },
  INTERIM_DEADLINE_NOT_LATER: {
    when: () => given(acknowledgedDeferred()).when(cmd.sendInterimReply({ nextDeadline: T.deadline })),
    field: 'nextDeadline',
  },
  INTERIM_ON_IMMEDIATE: { when: () => given(acknowledgedImmediately()).when(cmd.sendInterimReply()) },
  ALREADY_REPLIED: { when: () => given(replied()).when(cmd.sendFinalReply()) },
  DISPATCH_DUE_NOT_IN_FUTURE: {
    when: () => given(acknowledgedDeferred()).when(cmd.dispatch({ dueAt: T.received })),
    field: 'dueAt',
  },
  DISPATCH_ID_TAKEN: {
    when: () => given([...acknowledgedDeferred(), ev.dispatched()]).when(cmd.dispatch()),
    field: 'dispatchId',
  },
  DISPATCH_NOT_OPEN: {
    when: () => given(acknowledgedDeferred()).when(cmd.returnDispatch()),
    field: 'dispatchId',
  },
  DISPATCH_OPEN: {
    when: () => given([...acknowledgedDeferred(), ev.dispatched()]).when(cmd.sendFinalReply()),
  },
  ESCALATION_NOT_HIGHER: {
    when: () => given([...acknowledgedDeferred(), ev.escalated()]).when(cmd.escalate({ toLevel: 1 })),
    field: 'toLevel',
  },
  ESCALATION_UNKNOWN_LEVEL: {
    when: () => given(acknowledgedDeferred()).when(cmd.escalate({ toLevel: 9, urgent: true })),
    field: 'toLevel',
  },
  ESCALATION_SKIP_NOT_URGENT: {
    when: () => given(acknowledgedDeferred()).when(cmd.escalate({ toLevel: 3 })),
    field: 'toLevel',
  },
  NO_PENDING_NOTICE: { when: () => given(acknowledgedDeferred()).when(cmd.notifySuperior()), field: 'level' },
  SUPERIOR_NOT_NOTIFIED: {
    when: () => given([...acknowledgedDeferred(), urgentSkip, ev.finalReplySent()]).when(cmd.close()),
  },
  NOT_INVESTIGATED: { when: () => given(acknowledgedDeferred()).when(cmd.attributeCauses()) },
  NO_CAUSES: { when: () => given(investigated()).when(cmd.attributeCauses({ causes: [] })), field: 'causes' },
  DUPLICATE_CAUSE: {
    when: () =>
      given(investigated()).when(
        cmd.attributeCauses({
          causes: [
            { causeCode: 'supplies', responsibleUnit: 'hub-2' },
            { causeCode: 'supplies', responsibleUnit: 'hub-2' },
          ],
        }),
      ),
    field: 'causes[1].causeCode',
  },
  PROPOSAL_ID_TAKEN: {
    when: () =>
      given([
        ...offered(),
        {
          type: 'ResolutionRejectedByCustomer',
          data: { complaintId: COMPLAINT_ID, proposalId: 'P1', reason: 'No', rejectedAt: T.handling },
        },
      ]).when(cmd.propose()),
    field: 'proposalId',
  },
  NO_OPTIONS: {
    when: () => given(acknowledgedDeferred()).when(cmd.propose({ options: [] })),
    field: 'options',
  },
  AMOUNT_REQUIRED: {
    when: () => given(acknowledgedDeferred()).when(cmd.propose({ options: [{ kind: 'refund' }] })),
    field: 'options[0].amount',
  },
  AMOUNT_NOT_ALLOWED: {
    when: () =>
      given(acknowledgedDeferred()).when(cmd.propose({ options: [{ kind: 'apology', amount: 5 }] })),
    field: 'options[0].amount',
  },
  RESOLUTION_PENDING: { when: () => given(offered()).when(cmd.propose({ proposalId: 'P2' })) },
  UNKNOWN_PROPOSAL: { when: () => given(acknowledgedDeferred()).when(cmd.approve()), field: 'proposalId' },
  NOT_AWAITING_APPROVAL: { when: () => given(offered()).when(cmd.approve()) },
  SELF_APPROVAL: { when: () => given(awaitingApproval()).when(cmd.approve({}, { actor: 'S1001' })) },
  NOT_OFFERED: { when: () => given(awaitingApproval()).when(cmd.customerAccepts()) },
  NOT_ACCEPTED: { when: () => given(offered()).when(cmd.implement()) },
  AWAITING_APPROVAL: { when: () => given(awaitingApproval()).when(cmd.sendFinalReply()) },
  NOT_IMPLEMENTED: {
    when: () => given([...offered(), ev.acceptedByCustomer()]).when(cmd.sendFinalReply()),
  },
  FOLLOW_UP_BEFORE_REPLY: { when: () => given(acknowledgedDeferred()).when(cmd.recordFollowUp()) },
  FOLLOW_UP_ALREADY_RECORDED: { when: () => given(followedUp()).when(cmd.recordFollowUp()) },
  UNKNOWN_FOLLOW_UP_LEVEL: {
    when: () => given(replied()).when(cmd.recordFollowUp({ level: 'mayor' })),
    field: 'level',
  },
  CLOSE_WITHOUT_REPLY: { when: () => given(acknowledgedDeferred()).when(cmd.close()) },
  CLOSE_WITHOUT_FOLLOW_UP: {
    when: () => given(replied(), withPolicy({ requireFollowUpBeforeClose: true })).when(cmd.close()),
  },
  NOT_CLOSED: { when: () => given(replied()).when(cmd.reopen()) },
  REOPEN_WINDOW_EXPIRED: {
    when: () => given(closed()).when(cmd.reopen({}, { now: '2026-07-01T00:00:00.000Z' })),
  },
  ALREADY_ABNORMAL: {
    when: () =>
      given([
        ...registered(),
        {
          type: 'ComplaintFlaggedAbnormal',
          data: { complaintId: COMPLAINT_ID, reason: 'x', flaggedAt: T.classified },
        },
      ]).when(cmd.flagAbnormal()),
  },
  MERGE_INTO_SELF: {
    when: () => givenMerge(registered(), registered()).when(cmd.merge({ intoComplaintId: COMPLAINT_ID })),
    field: 'intoComplaintId',
  },
  MERGE_TARGET_NOT_FOUND: {
    when: () => givenMerge(registered(), []).when(cmd.merge()),
    field: 'intoComplaintId',
  },
  MERGE_TARGET_NOT_OPEN: {
    when: () =>
      givenMerge(registered(), [...target(), ev.withdrawn({ complaintId: TARGET_ID })]).when(cmd.merge()),
    field: 'intoComplaintId',
  },
  MERGE_DIFFERENT_CUSTOMER: {
    when: () =>
      givenMerge(registered(), [
        ev.registered({
          complaintId: TARGET_ID,
          customer: { reference: 'CUST-8', name: 'Zhao Lei', contact: {} },
        }),
      ]).when(cmd.merge()),
    field: 'intoComplaintId',
  },
  MERGE_AFTER_REPLY: { when: () => givenMerge(replied(), target()).when(cmd.merge()) },
  UNKNOWN_CAUSE_ID: {
    when: () => given(causesAttributed()).when(cmd.fileAppeal({ causeId: 'C9' })),
    field: 'causeId',
  },
  APPEAL_NOT_NAMED_STAFF: {
    when: () => given(causesAttributed()).when(cmd.fileAppeal({ staffJobNumber: 'S9999' })),
    field: 'staffJobNumber',
  },
  APPEAL_ALREADY_OPEN: {
    when: () => given([...causesAttributed(), ev.appealFiled()]).when(cmd.fileAppeal()),
    field: 'causeId',
  },
  APPEAL_ALREADY_DECIDED: {
    when: () => given([...causesAttributed(), ev.appealFiled(), ev.appealDecided()]).when(cmd.fileAppeal()),
    field: 'causeId',
  },
  APPEAL_NOT_OPEN: { when: () => given(causesAttributed()).when(cmd.decideAppeal()), field: 'causeId' },
  APPEAL_REVISION_ON_REJECTED: {
    when: () =>
      given([...causesAttributed(), ev.consequenceDecided(), ev.appealFiled()]).when(
        cmd.decideAppeal({ revisedConsequence: { level: 'notice' } }),
      ),
    field: 'revisedConsequence',
  },
  CONSEQUENCE_ALREADY_DECIDED: {
    when: () => given([...causesAttributed(), ev.consequenceDecided()]).when(cmd.decideConsequence()),
    field: 'causeId',
  },
  CONSEQUENCE_APPEAL_OPEN: {
    when: () => given([...causesAttributed(), ev.appealFiled()]).when(cmd.decideConsequence()),
    field: 'causeId',
  },
  CONSEQUENCE_ATTRIBUTION_WITHDRAWN: {
    when: () =>
      given([...causesAttributed(), ev.appealFiled(), ev.appealDecided({ outcome: 'upheld' })]).when(
        cmd.decideConsequence(),
      ),
    field: 'causeId',
  },
  CONSEQUENCE_CUSTOMER_SIDE: {
    when: () =>
      given([
        ...acknowledgedDeferred(),
        ev.findingRecorded(),
        ev.causesAttributed({
          causes: [
            {
              causeId: 'C1',
              family: 'customer',
              causeCode: 'customer-misunderstanding',
              responsibleUnit: 'hub-2',
            },
          ],
        }),
      ]).when(cmd.decideConsequence()),
    field: 'causeId',
  },
  CONSEQUENCE_UNKNOWN_LEVEL: {
    when: () => given(causesAttributed()).when(cmd.decideConsequence({ level: 'dismissal' })),
    field: 'level',
  },
  CONSEQUENCE_POINTS_REQUIRED: {
    when: () => given(causesAttributed()).when(cmd.decideConsequence({ level: 'points-deducted' })),
    field: 'points',
  },
  CONSEQUENCE_POINTS_NOT_ALLOWED: {
    when: () => given(causesAttributed()).when(cmd.decideConsequence({ level: 'warning', points: 2 })),
    field: 'points',
  },
  CONSEQUENCE_SELF_DECISION: {
    when: () => given(causesAttributed()).when(cmd.decideConsequence({}, { actor: NAMED_STAFF })),
    field: 'causeId',
  },
  CONSEQUENCE_NOT_LOWER: {
    when: () =>
      given([...causesAttributed(), ev.consequenceDecided(), ev.appealFiled()]).when(
        cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'referral' } }),
      ),
    field: 'revisedConsequence',
  },
  CONSEQUENCE_NONE_DECIDED: {
    when: () =>
      given([...causesAttributed(), ev.appealFiled()]).when(
        cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'none' } }),
      ),
    field: 'revisedConsequence',
  },
  INVALID_INSTANT: {
    when: () => given([]).when(cmd.register({ receivedAt: '02/03/2026' })),
    field: 'receivedAt',
  },
};

const correctiveActionCases: Record<keyof typeof CorrectiveActionErrors, Case> = {
  NOT_FOUND: { when: () => givenAction([]).when(actionCmd.start()) },
  ALREADY_PROPOSED: {
    when: () => givenAction(actionProposed()).when(actionCmd.propose()),
    field: 'actionId',
  },
  UNKNOWN_BUSINESS_LINE: {
    when: () => givenAction([]).when(actionCmd.propose({ businessLine: 'railway' })),
    field: 'businessLine',
  },
  UNKNOWN_CAUSE: {
    when: () => givenAction([]).when(actionCmd.propose({ causeCodes: ['bad-luck'] })),
    field: 'causeCodes[0]',
  },
  NO_CAUSES: { when: () => givenAction([]).when(actionCmd.propose({ causeCodes: [] })), field: 'causeCodes' },
  NO_ORG_UNITS: { when: () => givenAction([]).when(actionCmd.propose({ orgUnits: [] })), field: 'orgUnits' },
  DUE_BEFORE_MEETING: {
    when: () => givenAction([]).when(actionCmd.propose({ dueAt: '2026-03-01T00:00:00.000Z' })),
    field: 'dueAt',
  },
  INVALID_INSTANT: { when: () => givenAction([]).when(actionCmd.propose({ dueAt: 'soon' })), field: 'dueAt' },
  NOT_PROPOSED: { when: () => givenAction(actionStarted()).when(actionCmd.start()) },
  NOT_STARTED: { when: () => givenAction(actionProposed()).when(actionCmd.complete()) },
  NOT_COMPLETED: { when: () => givenAction([...actionCompleted().slice(0, -1)]).when(actionCmd.verify()) },
};

describe.each([
  ['ComplaintErrors', ComplaintErrors, complaintCases],
  ['CorrectiveActionErrors', CorrectiveActionErrors, correctiveActionCases],
] as const)('%s', (_name, errors, cases) => {
  it.each(Object.entries(cases))('%s is thrown', (name, { when, field }) =>
    when().thenThrows(errors[name as keyof typeof errors], field),
  );

  it('has a case for every code', () =>
    expect(Object.keys(cases).sort()).toStrictEqual(Object.keys(errors).sort()));

  it('gives every code its own string, so that a case proves that code', () =>
    expect(new Set(Object.values(errors)).size).toBe(Object.keys(errors).length));
});
