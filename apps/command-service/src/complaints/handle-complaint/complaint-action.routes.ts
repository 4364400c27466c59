import { type Permission } from '@app/platform';
import { commandRouteOf, withoutVersion as fields } from '../../http/command-routes';
import * as dto from './complaint-actions.request.dto';
import { type ComplaintAction } from './handle-complaint.command';

const HANDLE: Permission = 'complaint:handle';
/** Beyond a handler's authority: approvals, escalation, merges, appeal decisions. */
const SUPERVISE: Permission = 'complaint:supervise';

const route = commandRouteOf<ComplaintAction>();

/**
 * Every command on one existing complaint, `POST /complaints/{id}/<path>`: who may send it, what its
 * body holds and the domain command it becomes. A new command is one entry here (its request class in
 * `complaint-actions.request.dto.ts`, its decision in the domain).
 */
export const COMPLAINT_ACTION_ROUTES = [
  route({
    path: 'classify',
    summary: 'Classify: category, severity, responsibility, form',
    permission: HANDLE,
    body: dto.ClassifyComplaintRequest,
    step: (complaintId, body) => ({ type: 'ClassifyComplaint', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'flag-abnormal',
    summary: 'Flag as abnormal complaint (非正常投诉): kept, counted apart',
    permission: HANDLE,
    body: dto.ReasonRequest,
    step: (complaintId, body) => ({
      type: 'FlagComplaintAbnormal',
      data: { complaintId, reason: body.reason },
    }),
  }),
  route({
    path: 'acknowledge',
    summary: 'Acknowledge with an immediate reply, or a deferred reply and its deadline',
    permission: HANDLE,
    body: dto.AcknowledgeComplaintRequest,
    step: (complaintId, body) => ({ type: 'AcknowledgeComplaint', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'interim-reply',
    summary: 'Tell the status before the deadline passes, with the next deadline',
    permission: HANDLE,
    body: dto.InterimReplyRequest,
    step: (complaintId, body) => ({ type: 'SendInterimReply', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'dispatch',
    summary: 'Dispatch (派单) to a handler or supporting department with a due time',
    permission: HANDLE,
    body: dto.DispatchComplaintRequest,
    step: (complaintId, body) => ({ type: 'DispatchComplaint', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'return-dispatch',
    summary: 'Return of a dispatch (回单) with its result',
    permission: HANDLE,
    body: dto.ReturnDispatchRequest,
    step: (complaintId, body) => ({ type: 'ReturnDispatch', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'escalate',
    summary: 'Escalate level by level; urgent cases may skip levels (after-notice owed)',
    permission: SUPERVISE,
    body: dto.EscalateComplaintRequest,
    step: (complaintId, { toLevel, reason, urgent }) => ({
      type: 'EscalateComplaint',
      data: { complaintId, toLevel, reason, urgent: urgent ?? false },
    }),
  }),
  route({
    path: 'notify-superior',
    summary: 'Record the after-notice to a superior passed over by an urgent escalation',
    permission: SUPERVISE,
    body: dto.NotifySuperiorRequest,
    step: (complaintId, body) => ({
      type: 'NotifySuperiorOfEscalation',
      data: { complaintId, level: body.level },
    }),
  }),
  route({
    path: 'investigation-finding',
    summary: 'Record an investigation finding (5W)',
    permission: HANDLE,
    body: dto.InvestigationFindingRequest,
    step: (complaintId, body) => ({
      type: 'RecordInvestigationFinding',
      data: { complaintId, ...fields(body) },
    }),
  }),
  route({
    path: 'root-causes',
    summary: 'Attribute one or more root causes (replaces the earlier attribution)',
    permission: HANDLE,
    body: dto.AttributeCausesRequest,
    step: (complaintId, body) => ({
      type: 'AttributeRootCauses',
      data: { complaintId, causes: body.causes.map((cause) => ({ ...cause })) },
    }),
  }),
  route({
    path: 'propose-resolution',
    summary: 'Propose a resolution; above the approval threshold it awaits approval',
    permission: HANDLE,
    body: dto.ProposeResolutionRequest,
    step: (complaintId, body) => ({
      type: 'ProposeResolution',
      data: {
        complaintId,
        proposalId: body.proposalId,
        options: body.options.map((option) => ({ ...option })),
      },
    }),
  }),
  route({
    path: 'approve-resolution',
    summary: 'Approve a resolution beyond the handler’s authority',
    permission: SUPERVISE,
    body: dto.ProposalDecisionRequest,
    step: (complaintId, body) => ({ type: 'ApproveResolution', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'reject-resolution',
    summary: 'Reject a resolution awaiting approval',
    permission: SUPERVISE,
    body: dto.ProposalRejectionRequest,
    step: (complaintId, body) => ({ type: 'RejectResolution', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'customer-acceptance',
    summary: 'The customer accepts the offered resolution',
    permission: HANDLE,
    body: dto.CustomerAcceptanceRequest,
    step: (complaintId, body) => ({
      type: 'RecordCustomerAcceptance',
      data: { complaintId, proposalId: body.proposalId, agreementSigned: body.agreementSigned ?? false },
    }),
  }),
  route({
    path: 'customer-rejection',
    summary: 'The customer rejects the offered resolution',
    permission: HANDLE,
    body: dto.ProposalRejectionRequest,
    step: (complaintId, body) => ({
      type: 'RecordCustomerRejection',
      data: { complaintId, ...fields(body) },
    }),
  }),
  route({
    path: 'implement-resolution',
    summary: 'Record that the accepted resolution was carried out',
    permission: HANDLE,
    body: dto.ImplementResolutionRequest,
    step: (complaintId, body) => ({ type: 'ImplementResolution', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'final-reply',
    summary: 'Final reply (答复) to the customer; on time against the deadline in force',
    permission: HANDLE,
    body: dto.FinalReplyRequest,
    step: (complaintId, body) => ({ type: 'SendFinalReply', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'follow-up',
    summary: 'Follow-up survey (回访): four questions and free text',
    permission: HANDLE,
    body: dto.FollowUpRequest,
    step: (complaintId, body) => ({
      type: 'RecordFollowUp',
      data: {
        complaintId,
        method: body.method,
        level: body.level,
        answers: { ...body.answers },
        ...(body.comment === undefined ? {} : { comment: body.comment }),
      },
    }),
  }),
  route({
    path: 'close',
    summary: 'Close (结案) after a final reply or a withdrawal',
    permission: HANDLE,
    body: dto.EmptyRequest,
    step: (complaintId) => ({ type: 'CloseComplaint', data: { complaintId } }),
  }),
  route({
    path: 'reopen',
    summary: 'Reopen: the customer came back on the same matter (repeat complaint)',
    permission: HANDLE,
    body: dto.ReasonRequest,
    step: (complaintId, body) => ({ type: 'ReopenComplaint', data: { complaintId, reason: body.reason } }),
  }),
  route({
    path: 'withdraw',
    summary: 'The customer withdraws the complaint',
    permission: HANDLE,
    body: dto.ReasonRequest,
    step: (complaintId, body) => ({ type: 'WithdrawComplaint', data: { complaintId, reason: body.reason } }),
  }),
  route({
    path: 'appeals',
    summary: 'The named staff member appeals (申诉) a cause attribution',
    permission: HANDLE,
    body: dto.FileAppealRequest,
    step: (complaintId, body) => ({ type: 'FileCauseAppeal', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'consequences',
    summary:
      'A supervisor decides the accountability consequence of a cause (问责), once; only an appeal changes it',
    permission: SUPERVISE,
    body: dto.DecideConsequenceRequest,
    step: (complaintId, body) => ({ type: 'DecideCauseConsequence', data: { complaintId, ...fields(body) } }),
  }),
  route({
    path: 'appeal-decision',
    summary: 'Decide an appeal: upheld (the attribution is withdrawn, its consequence lowered) or rejected',
    permission: SUPERVISE,
    body: dto.DecideAppealRequest,
    step: (complaintId, body) => ({ type: 'DecideCauseAppeal', data: { complaintId, ...fields(body) } }),
  }),
];
