import { cmd } from '../../test-support/complaint-commands';
import {
  acknowledgedDeferred,
  acknowledgedImmediately,
  closed,
  ev,
  merged,
  registered,
  replied,
  withdrawn,
} from '../../test-support/complaint-events';
import { given } from '../../test-support/decider-spec';
import { CLERK, COMPLAINT_ID, SUPERVISOR, T, withPolicy } from '../../test-support/fixtures';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';

/* The proposal P1 in each of its states. 200 is within the default threshold (500); 800 is not. */
const offered = (): ComplaintEvent[] => [...acknowledgedDeferred(), ev.proposed()];
const awaitingApproval = (): ComplaintEvent[] => [
  ...acknowledgedDeferred(),
  ev.proposed({ options: [{ kind: 'compensation', amount: 800 }], totalAmount: 800, requiresApproval: true }),
];
const approved = (): ComplaintEvent[] => [...awaitingApproval(), ev.approved()];
const rejectedByApprover = (): ComplaintEvent[] => [
  ...awaitingApproval(),
  {
    type: 'ResolutionRejected',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      rejectedBy: SUPERVISOR,
      reason: 'Beyond what the damage justifies',
      rejectedAt: T.handling,
    },
  },
];
const accepted = (): ComplaintEvent[] => [...offered(), ev.acceptedByCustomer()];
const rejectedByCustomer = (): ComplaintEvent[] => [
  ...offered(),
  {
    type: 'ResolutionRejectedByCustomer',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      reason: 'The vase was an heirloom',
      rejectedAt: T.handling,
    },
  },
];
const implemented = (): ComplaintEvent[] => [...accepted(), ev.implemented()];

describe('ProposeResolution', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.propose()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses: acknowledge before handling', () =>
      given(registered()).when(cmd.propose()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint', () => {
    it('offers a resolution within the threshold without approval', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose())
        .then([
          {
            type: 'ResolutionProposed',
            data: {
              complaintId: COMPLAINT_ID,
              proposalId: 'P1',
              options: [{ kind: 'apology' }, { kind: 'compensation', amount: 200 }],
              totalAmount: 200,
              requiresApproval: false,
              approvalThreshold: 500,
              proposedBy: CLERK,
              proposedAt: T.handling,
            },
          },
        ]));

    it('needs no approval exactly at the threshold', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose({ options: [{ kind: 'refund', amount: 500 }] }))
        .then([ev.proposed({ options: [{ kind: 'refund', amount: 500 }], totalAmount: 500 })]));

    it('needs approval above the threshold, summing every monetary option', () =>
      given(acknowledgedDeferred())
        .when(
          cmd.propose({
            options: [
              { kind: 'refund', amount: 300 },
              { kind: 'discount', amount: 200.5, note: 'On the next parcel' },
              { kind: 'goodwill-gift', note: 'Stamp album' },
            ],
          }),
        )
        .then([
          ev.proposed({
            options: [
              { kind: 'refund', amount: 300 },
              { kind: 'discount', amount: 200.5, note: 'On the next parcel' },
              { kind: 'goodwill-gift', note: 'Stamp album' },
            ],
            totalAmount: 500.5,
            requiresApproval: true,
          }),
        ]));

    it("applies the business line's own threshold when the policy sets one", () =>
      given(
        acknowledgedDeferred(),
        withPolicy({ approvalThreshold: { default: 500, byBusinessLine: { postal: 100 } } }),
      )
        .when(cmd.propose())
        .then([ev.proposed({ requiresApproval: true, approvalThreshold: 100 })]));

    it('keeps the default threshold for a business line without its own', () =>
      given(
        [
          ev.registered({ businessLine: 'telecom' }),
          ev.classified({ category: 'network' }),
          ev.acknowledged(),
        ],
        withPolicy({ approvalThreshold: { default: 500, byBusinessLine: { postal: 100 } } }),
      )
        .when(cmd.propose())
        .then([ev.proposed()]));

    it('refuses a proposal without options', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose({ options: [] }))
        .thenThrows(E.NO_OPTIONS, 'options'));

    it('refuses money without an amount', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose({ options: [{ kind: 'apology' }, { kind: 'compensation' }] }))
        .thenThrows(E.AMOUNT_REQUIRED, 'options[1].amount'));

    it('refuses a zero amount', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose({ options: [{ kind: 'refund', amount: 0 }] }))
        .thenThrows(E.AMOUNT_REQUIRED, 'options[0].amount'));

    it('refuses an amount on an option that is not money', () =>
      given(acknowledgedDeferred())
        .when(cmd.propose({ options: [{ kind: 'replacement', amount: 80 }] }))
        .thenThrows(E.AMOUNT_NOT_ALLOWED, 'options[0].amount'));
  });

  describe.each([
    ['offered to the customer', offered],
    ['awaiting approval', awaitingApproval],
    ['accepted by the customer', accepted],
    ['implemented', implemented],
  ])('given a proposal %s', (_state, history) => {
    it('refuses a new proposal beside it', () =>
      given(history())
        .when(cmd.propose({ proposalId: 'P2' }))
        .thenThrows(E.RESOLUTION_PENDING));
  });

  describe.each([
    ['rejected by the approver', rejectedByApprover],
    ['rejected by the customer', rejectedByCustomer],
  ])('given a proposal %s', (_state, history) => {
    it('accepts a new proposal', () =>
      given(history())
        .when(cmd.propose({ proposalId: 'P2' }))
        .then([ev.proposed({ proposalId: 'P2' })]));

    it('refuses to reuse the proposal id', () =>
      given(history()).when(cmd.propose()).thenThrows(E.PROPOSAL_ID_TAKEN, 'proposalId'));
  });

  describe('given a complaint reopened after an implemented proposal', () => {
    const history = [
      ...implemented(),
      ev.finalReplySent(),
      ev.closed(),
      ev.reopened(),
      ev.acknowledged({ replyDeadline: '2026-03-12T09:00:00.000Z', acknowledgedAt: T.reopened }),
    ];

    it('accepts a new proposal: the old one is history', () =>
      given(history)
        .when(cmd.propose({ proposalId: 'P2' }, { now: T.reopened }))
        .then([ev.proposed({ proposalId: 'P2', proposedAt: T.reopened })]));

    it('still refuses the old proposal id', () =>
      given(history)
        .when(cmd.propose({}, { now: T.reopened }))
        .thenThrows(E.PROPOSAL_ID_TAKEN, 'proposalId'));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.propose()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.propose()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.propose()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.propose()).thenThrows(E.MERGED));
  });
});

describe('ApproveResolution', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.approve()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.approve()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint without a proposal', () => {
    it('refuses: there is nothing to approve', () =>
      given(acknowledgedDeferred()).when(cmd.approve()).thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe('given a proposal awaiting approval', () => {
    it('is approved by a leader', () =>
      given(awaitingApproval())
        .when(cmd.approve())
        .then([
          {
            type: 'ResolutionApproved',
            data: {
              complaintId: COMPLAINT_ID,
              proposalId: 'P1',
              approvedBy: SUPERVISOR,
              approvedAt: T.handling,
            },
          },
        ]));

    it('keeps the approval note', () =>
      given(awaitingApproval())
        .when(cmd.approve({ note: 'Long-standing customer' }))
        .then([ev.approved({ note: 'Long-standing customer' })]));

    it('refuses approval by the one who proposed it', () =>
      given(awaitingApproval())
        .when(cmd.approve({}, { actor: CLERK }))
        .thenThrows(E.SELF_APPROVAL));

    it('allows it when the policy allows self-approval', () =>
      given(awaitingApproval(), withPolicy({ allowSelfApproval: true }))
        .when(cmd.approve({}, { actor: CLERK }))
        .then([ev.approved({ approvedBy: CLERK })]));

    it('refuses an unknown proposal id', () =>
      given(awaitingApproval())
        .when(cmd.approve({ proposalId: 'P9' }))
        .thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe.each([
    ['offered without needing approval', offered],
    ['already approved', approved],
    ['rejected by the approver', rejectedByApprover],
  ])('given a proposal %s', (_state, history) => {
    it('refuses', () => given(history()).when(cmd.approve()).thenThrows(E.NOT_AWAITING_APPROVAL));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.approve()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () =>
      given([...awaitingApproval(), ev.withdrawn()])
        .when(cmd.approve())
        .thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.approve()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.approve()).thenThrows(E.MERGED));
  });
});

describe('RejectResolution', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.reject()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.reject()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given a proposal awaiting approval', () => {
    it('is rejected by a leader', () =>
      given(awaitingApproval()).when(cmd.reject()).then(rejectedByApprover().slice(-1)));

    it('refuses rejection by the one who proposed it', () =>
      given(awaitingApproval())
        .when(cmd.reject({}, { actor: CLERK }))
        .thenThrows(E.SELF_APPROVAL));

    it('refuses an unknown proposal id', () =>
      given(awaitingApproval())
        .when(cmd.reject({ proposalId: 'P9' }))
        .thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe('given a proposal offered without needing approval', () => {
    it('refuses', () => given(offered()).when(cmd.reject()).thenThrows(E.NOT_AWAITING_APPROVAL));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.reject()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.reject()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.reject()).thenThrows(E.MERGED));
  });
});

describe('RecordCustomerAcceptance', () => {
  const acceptance: ComplaintEvent = {
    type: 'ResolutionAcceptedByCustomer',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P1', agreementSigned: true, acceptedAt: T.handling },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.customerAccepts()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.customerAccepts()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given a proposal offered to the customer', () => {
    it('records the acceptance and the signed agreement', () =>
      given(offered()).when(cmd.customerAccepts()).then([acceptance]));

    it('records an acceptance without an agreement', () =>
      given(offered())
        .when(cmd.customerAccepts({ agreementSigned: false }))
        .then([ev.acceptedByCustomer({ agreementSigned: false })]));

    it('refuses an unknown proposal id', () =>
      given(offered())
        .when(cmd.customerAccepts({ proposalId: 'P9' }))
        .thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe('given a proposal approved by a leader', () => {
    it('records the acceptance', () => given(approved()).when(cmd.customerAccepts()).then([acceptance]));
  });

  describe.each([
    ['awaiting approval', awaitingApproval],
    ['rejected by the approver', rejectedByApprover],
    ['already accepted', accepted],
    ['rejected by the customer', rejectedByCustomer],
  ])('given a proposal %s', (_state, history) => {
    it('refuses: only an offered proposal goes to the customer', () =>
      given(history()).when(cmd.customerAccepts()).thenThrows(E.NOT_OFFERED));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.customerAccepts()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () =>
      given([...offered(), ev.withdrawn()])
        .when(cmd.customerAccepts())
        .thenThrows(E.WITHDRAWN));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.customerAccepts()).thenThrows(E.MERGED));
  });
});

describe('RecordCustomerRejection', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.customerRejects()).thenThrows(E.NOT_FOUND));
  });

  describe('given a proposal offered to the customer', () => {
    it('records the rejection and its reason', () =>
      given(offered()).when(cmd.customerRejects()).then(rejectedByCustomer().slice(-1)));

    it('refuses an unknown proposal id', () =>
      given(offered())
        .when(cmd.customerRejects({ proposalId: 'P9' }))
        .thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe.each([
    ['awaiting approval', awaitingApproval],
    ['already accepted', accepted],
  ])('given a proposal %s', (_state, history) => {
    it('refuses', () => given(history()).when(cmd.customerRejects()).thenThrows(E.NOT_OFFERED));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.customerRejects()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.customerRejects()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.customerRejects()).thenThrows(E.MERGED));
  });
});

describe('ImplementResolution', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.implement()).thenThrows(E.NOT_FOUND));
  });

  describe('given a proposal accepted by the customer', () => {
    it('records it carried out', () =>
      given(accepted())
        .when(cmd.implement())
        .then([
          {
            type: 'ResolutionImplemented',
            data: {
              complaintId: COMPLAINT_ID,
              proposalId: 'P1',
              implementedBy: 'finance',
              implementedAt: T.handling,
            },
          },
        ]));

    it('keeps the implementation note', () =>
      given(accepted())
        .when(cmd.implement({ note: 'Paid to the customer account' }))
        .then([ev.implemented({ note: 'Paid to the customer account' })]));

    it('refuses an unknown proposal id', () =>
      given(accepted())
        .when(cmd.implement({ proposalId: 'P9' }))
        .thenThrows(E.UNKNOWN_PROPOSAL, 'proposalId'));
  });

  describe.each([
    ['offered but not yet accepted', offered],
    ['awaiting approval', awaitingApproval],
    ['rejected by the customer', rejectedByCustomer],
    ['already implemented', implemented],
  ])('given a proposal %s', (_state, history) => {
    it('refuses: only an accepted proposal is implemented', () =>
      given(history()).when(cmd.implement()).thenThrows(E.NOT_ACCEPTED));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.implement()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () =>
      given([...accepted(), ev.withdrawn()])
        .when(cmd.implement())
        .thenThrows(E.WITHDRAWN));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.implement()).thenThrows(E.MERGED));
  });
});

describe('SendFinalReply', () => {
  const finalReply = (repliedAt: string, deadlineInForce: string, onTime: boolean): ComplaintEvent => ({
    type: 'FinalReplySent',
    data: {
      complaintId: COMPLAINT_ID,
      summary: 'Apologised and paid 200 in compensation',
      contactMethod: 'phone',
      deadlineInForce,
      onTime,
      repliedAt,
    },
  });

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.sendFinalReply()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses: acknowledge before replying', () =>
      given(registered()).when(cmd.sendFinalReply()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint with nothing pending', () => {
    it('replies before the deadline: on time', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendFinalReply())
        .then([finalReply(T.replied, T.deadline, true)]));

    it('replies exactly at the deadline: on time', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendFinalReply({}, { now: T.deadline }))
        .then([finalReply(T.deadline, T.deadline, true)]));

    it('replies after the deadline: late', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendFinalReply({}, { now: '2026-03-04T09:00:00.001Z' }))
        .then([finalReply('2026-03-04T09:00:00.001Z', T.deadline, false)]));
  });

  describe('given an interim reply that moved the deadline', () => {
    const history = [...acknowledgedDeferred(), ev.interimReplySent()];

    it('measures against the new deadline: on time after the first one', () =>
      given(history)
        .when(cmd.sendFinalReply({}, { now: '2026-03-05T09:00:00.000Z' }))
        .then([finalReply('2026-03-05T09:00:00.000Z', T.extendedDeadline, true)]));

    it('is late after the new deadline', () =>
      given(history)
        .when(cmd.sendFinalReply({}, { now: '2026-03-06T09:00:01.000Z' }))
        .then([finalReply('2026-03-06T09:00:01.000Z', T.extendedDeadline, false)]));
  });

  describe('given an open dispatch', () => {
    it('refuses until the dispatch is returned', () =>
      given([...acknowledgedDeferred(), ev.dispatched()])
        .when(cmd.sendFinalReply())
        .thenThrows(E.DISPATCH_OPEN));

    it('replies once it is', () =>
      given([
        ...acknowledgedDeferred(),
        ev.dispatched(),
        {
          type: 'DispatchReturned',
          data: {
            complaintId: COMPLAINT_ID,
            dispatchId: 'D1',
            result: 'Done',
            returnedAt: T.handling,
            overdue: false,
          },
        },
      ])
        .when(cmd.sendFinalReply())
        .then([finalReply(T.replied, T.deadline, true)]));
  });

  describe('given a proposal in flight', () => {
    it('refuses while it awaits approval', () =>
      given(awaitingApproval()).when(cmd.sendFinalReply()).thenThrows(E.AWAITING_APPROVAL));

    it('refuses while the customer has not answered it', () =>
      given(offered()).when(cmd.sendFinalReply()).thenThrows(E.NOT_ACCEPTED));

    it('refuses while the approved proposal waits for the customer', () =>
      given(approved()).when(cmd.sendFinalReply()).thenThrows(E.NOT_ACCEPTED));

    it('refuses while the accepted proposal is not implemented', () =>
      given(accepted()).when(cmd.sendFinalReply()).thenThrows(E.NOT_IMPLEMENTED));
  });

  describe.each([
    ['implemented', implemented],
    ['rejected by the customer', rejectedByCustomer],
    ['rejected by the approver', rejectedByApprover],
  ])('given a proposal %s', (_state, history) => {
    it('replies', () =>
      given(history())
        .when(cmd.sendFinalReply())
        .then([finalReply(T.replied, T.deadline, true)]));
  });

  describe('given a replied complaint', () => {
    it('refuses a second final reply', () =>
      given(replied()).when(cmd.sendFinalReply()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a complaint replied to immediately', () => {
    it('refuses a second final reply', () =>
      given(acknowledgedImmediately()).when(cmd.sendFinalReply()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.sendFinalReply()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.sendFinalReply()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.sendFinalReply()).thenThrows(E.MERGED));
  });
});
