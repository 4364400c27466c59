import { ensure, fail } from '../../shared/domain-error';
import { approvalThresholdFor } from '../../policy/complaint-policy';
import {
  type ApproveResolution,
  type ImplementResolution,
  type ProposeResolution,
  type RecordCustomerAcceptance,
  type RecordCustomerRejection,
  type RejectResolution,
  type SendFinalReply,
} from '../complaint.commands';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent, MONETARY_OPTIONS } from '../complaint.events';
import { type ComplaintState, type OpenComplaintState, type ResolutionState } from '../complaint.state';
import { type DecisionContext } from './context';
import { inHandling } from './guards';

const current = (s: OpenComplaintState, proposalId: string): ResolutionState => {
  const resolution = s.resolution;
  if (!resolution || resolution.proposalId !== proposalId)
    return fail(E.UNKNOWN_PROPOSAL, `No current proposal '${proposalId}'`, 'proposalId');
  return resolution;
};

/** A new proposal may follow one rejected by the approver or the customer, never replace a live one. */
export const propose = (
  command: ProposeResolution,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  ensure(
    !s.proposalIds.includes(data.proposalId),
    E.PROPOSAL_ID_TAKEN,
    'Proposal id already used',
    'proposalId',
  );
  const live = s.resolution?.status;
  ensure(
    live === undefined || live === 'rejected-by-approver' || live === 'rejected-by-customer',
    E.RESOLUTION_PENDING,
    `The current proposal is ${live ?? ''}; it must be rejected before a new one`,
  );
  ensure(data.options.length > 0, E.NO_OPTIONS, 'Propose at least one option', 'options');
  data.options.forEach((option, index) => {
    const monetary = MONETARY_OPTIONS.includes(option.kind);
    const field = `options[${index}].amount`;
    if (monetary)
      ensure(
        option.amount !== undefined && option.amount > 0,
        E.AMOUNT_REQUIRED,
        `${option.kind} needs a positive amount`,
        field,
      );
    else ensure(option.amount === undefined, E.AMOUNT_NOT_ALLOWED, `${option.kind} carries no amount`, field);
  });
  const totalAmount = data.options.reduce((sum, option) => sum + (option.amount ?? 0), 0);
  const approvalThreshold = approvalThresholdFor(policy, s.businessLine);
  return [
    {
      type: 'ResolutionProposed',
      data: {
        complaintId: s.complaintId,
        proposalId: data.proposalId,
        options: data.options,
        totalAmount,
        requiresApproval: totalAmount > approvalThreshold,
        approvalThreshold,
        proposedBy: metadata.actor.id,
        proposedAt: metadata.now,
      },
    },
  ];
};

const awaitingApproval = (
  s: OpenComplaintState,
  proposalId: string,
  approver: string,
  allowSelfApproval: boolean,
): void => {
  const resolution = current(s, proposalId);
  ensure(
    resolution.status === 'awaiting-approval',
    E.NOT_AWAITING_APPROVAL,
    `Proposal is ${resolution.status}, not awaiting approval`,
  );
  ensure(
    allowSelfApproval || resolution.proposedBy !== approver,
    E.SELF_APPROVAL,
    'The one who proposed a resolution may not approve it',
  );
};

export const approve = (
  command: ApproveResolution,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  awaitingApproval(s, data.proposalId, metadata.actor.id, policy.allowSelfApproval);
  return [
    {
      type: 'ResolutionApproved',
      data: {
        complaintId: s.complaintId,
        proposalId: data.proposalId,
        approvedBy: metadata.actor.id,
        ...(data.note !== undefined ? { note: data.note } : {}),
        approvedAt: metadata.now,
      },
    },
  ];
};

export const reject = (
  command: RejectResolution,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  awaitingApproval(s, data.proposalId, metadata.actor.id, policy.allowSelfApproval);
  return [
    {
      type: 'ResolutionRejected',
      data: {
        complaintId: s.complaintId,
        proposalId: data.proposalId,
        rejectedBy: metadata.actor.id,
        reason: data.reason,
        rejectedAt: metadata.now,
      },
    },
  ];
};

const offered = (s: OpenComplaintState, proposalId: string): void => {
  const resolution = current(s, proposalId);
  ensure(
    resolution.status === 'offered',
    E.NOT_OFFERED,
    `Proposal is ${resolution.status}; only an offered proposal goes to the customer`,
  );
};

export const customerAccepts = (
  command: RecordCustomerAcceptance,
  state: ComplaintState,
): ComplaintEvent[] => {
  const s = inHandling(state);
  offered(s, command.data.proposalId);
  return [
    {
      type: 'ResolutionAcceptedByCustomer',
      data: {
        complaintId: s.complaintId,
        proposalId: command.data.proposalId,
        agreementSigned: command.data.agreementSigned,
        acceptedAt: command.metadata.now,
      },
    },
  ];
};

export const customerRejects = (
  command: RecordCustomerRejection,
  state: ComplaintState,
): ComplaintEvent[] => {
  const s = inHandling(state);
  offered(s, command.data.proposalId);
  return [
    {
      type: 'ResolutionRejectedByCustomer',
      data: {
        complaintId: s.complaintId,
        proposalId: command.data.proposalId,
        reason: command.data.reason,
        rejectedAt: command.metadata.now,
      },
    },
  ];
};

export const implement = (command: ImplementResolution, state: ComplaintState): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  const resolution = current(s, data.proposalId);
  ensure(
    resolution.status === 'accepted',
    E.NOT_ACCEPTED,
    `Proposal is ${resolution.status}; only an accepted proposal is implemented`,
  );
  return [
    {
      type: 'ResolutionImplemented',
      data: {
        complaintId: s.complaintId,
        proposalId: data.proposalId,
        implementedBy: data.implementedBy,
        ...(data.note !== undefined ? { note: data.note } : {}),
        implementedAt: metadata.now,
      },
    },
  ];
};

/**
 * The final answer. Nothing may still hang: no open dispatch, no proposal awaiting approval or the
 * customer, no accepted proposal left unimplemented. On time means no later than the deadline in force.
 */
export const sendFinalReply = (command: SendFinalReply, state: ComplaintState): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  ensure(Object.keys(s.openDispatches).length === 0, E.DISPATCH_OPEN, 'A dispatch has not been returned yet');
  const status = s.resolution?.status;
  ensure(status !== 'awaiting-approval', E.AWAITING_APPROVAL, 'The proposal still awaits approval');
  ensure(status !== 'offered', E.NOT_ACCEPTED, 'The customer has not answered the proposal yet');
  ensure(status !== 'accepted', E.NOT_IMPLEMENTED, 'The accepted proposal is not implemented yet');
  const deadline = s.deadlineInForce ?? metadata.now;
  return [
    {
      type: 'FinalReplySent',
      data: {
        complaintId: s.complaintId,
        summary: data.summary,
        contactMethod: data.contactMethod,
        deadlineInForce: deadline,
        onTime: Date.parse(metadata.now) <= Date.parse(deadline),
        repliedAt: metadata.now,
      },
    },
  ];
};
