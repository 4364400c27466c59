/**
 * Command builders: data defaults match the happy path of `complaint-events.ts`; `meta` overrides the
 * instant (`now`) and the actor (a job number).
 */
import {
  type AcknowledgeComplaint,
  type ApproveResolution,
  type AttributeRootCauses,
  type ClassifyComplaint,
  type CloseComplaint,
  type DecideCauseAppeal,
  type DecideCauseConsequence,
  type DispatchComplaint,
  type EscalateComplaint,
  type FileCauseAppeal,
  type FlagComplaintAbnormal,
  type ImplementResolution,
  type MergeComplaint,
  type NotifySuperiorOfEscalation,
  type ProposeResolution,
  type RecordCustomerAcceptance,
  type RecordCustomerRejection,
  type RecordFollowUp,
  type RecordInvestigationFinding,
  type RegisterComplaint,
  type RejectResolution,
  type ReopenComplaint,
  type ReturnDispatch,
  type SendFinalReply,
  type SendInterimReply,
  type WithdrawComplaint,
} from '../complaint/complaint.commands';
import { type CommandMetadata } from '../shared/typing';
import { CUSTOMER } from './complaint-events';
import { CLERK, COMPLAINT_ID, NAMED_STAFF, SUPERVISOR, T, TARGET_ID, at } from './fixtures';

export type Meta = Readonly<{ now?: string; actor?: string }>;

type Data<C extends { data: unknown }> = Partial<C['data']>;

const metadata = (defaultNow: string, meta: Meta, defaultActor: string = CLERK): CommandMetadata =>
  at(meta.now ?? defaultNow, meta.actor ?? defaultActor);

export const cmd = {
  register: (data: Data<RegisterComplaint> = {}, meta: Meta = {}): RegisterComplaint => ({
    type: 'RegisterComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      acceptanceNumber: 'PO-20260302-0001',
      businessLine: 'postal',
      channel: 'counter',
      receivedAt: T.received,
      customer: CUSTOMER,
      description: 'Parcel PX1 arrived with a broken vase inside',
      demand: 'Compensation for the vase',
      receivedBy: { jobNumber: CLERK, orgUnit: 'branch-12' },
      ...data,
    },
    metadata: metadata(T.received, meta),
  }),
  classify: (data: Data<ClassifyComplaint> = {}, meta: Meta = {}): ClassifyComplaint => ({
    type: 'ClassifyComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      category: 'item-damaged',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
      ...data,
    },
    metadata: metadata(T.classified, meta),
  }),
  flagAbnormal: (data: Data<FlagComplaintAbnormal> = {}, meta: Meta = {}): FlagComplaintAbnormal => ({
    type: 'FlagComplaintAbnormal',
    data: { complaintId: COMPLAINT_ID, reason: 'Demands ten times the value of the item', ...data },
    metadata: metadata(T.handling, meta),
  }),
  /** Deferred, with an explicit deadline within the SLA; pass `replyDeadline: undefined` to use the SLA. */
  acknowledge: (data: Data<AcknowledgeComplaint> = {}, meta: Meta = {}): AcknowledgeComplaint => ({
    type: 'AcknowledgeComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      mode: 'deferred',
      contactMethod: 'phone',
      replyDeadline: T.deadline,
      ...data,
    },
    metadata: metadata(T.acknowledged, meta),
  }),
  acknowledgeImmediately: (data: Data<AcknowledgeComplaint> = {}, meta: Meta = {}): AcknowledgeComplaint => ({
    type: 'AcknowledgeComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      mode: 'immediate',
      contactMethod: 'in-person',
      reply: 'Apologised on the spot',
      ...data,
    },
    metadata: metadata(T.acknowledged, meta),
  }),
  sendInterimReply: (data: Data<SendInterimReply> = {}, meta: Meta = {}): SendInterimReply => ({
    type: 'SendInterimReply',
    data: {
      complaintId: COMPLAINT_ID,
      statusTold: 'Claim filed with the sorting centre',
      nextDeadline: T.extendedDeadline,
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  dispatch: (data: Data<DispatchComplaint> = {}, meta: Meta = {}): DispatchComplaint => ({
    type: 'DispatchComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      dispatchId: 'D1',
      assigneeKind: 'department',
      assignee: 'sorting-centre',
      instructions: 'Check the damage report of parcel PX1',
      dueAt: T.dispatchDue,
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  returnDispatch: (data: Data<ReturnDispatch> = {}, meta: Meta = {}): ReturnDispatch => ({
    type: 'ReturnDispatch',
    data: { complaintId: COMPLAINT_ID, dispatchId: 'D1', result: 'Damage confirmed at the hub', ...data },
    metadata: metadata(T.dispatchReturned, meta),
  }),
  escalate: (data: Data<EscalateComplaint> = {}, meta: Meta = {}): EscalateComplaint => ({
    type: 'EscalateComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      toLevel: 1,
      reason: 'The customer asks for more than a clerk may offer',
      urgent: false,
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  notifySuperior: (
    data: Data<NotifySuperiorOfEscalation> = {},
    meta: Meta = {},
  ): NotifySuperiorOfEscalation => ({
    type: 'NotifySuperiorOfEscalation',
    data: { complaintId: COMPLAINT_ID, level: 1, ...data },
    metadata: metadata(T.handling, meta),
  }),
  recordFinding: (
    data: Data<RecordInvestigationFinding> = {},
    meta: Meta = {},
  ): RecordInvestigationFinding => ({
    type: 'RecordInvestigationFinding',
    data: {
      complaintId: COMPLAINT_ID,
      sources: ['customer', 'records'],
      what: 'The parcel was crushed at the sorting hub',
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  attributeCauses: (data: Data<AttributeRootCauses> = {}, meta: Meta = {}): AttributeRootCauses => ({
    type: 'AttributeRootCauses',
    data: {
      complaintId: COMPLAINT_ID,
      causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: NAMED_STAFF }],
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  propose: (data: Data<ProposeResolution> = {}, meta: Meta = {}): ProposeResolution => ({
    type: 'ProposeResolution',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      options: [{ kind: 'apology' }, { kind: 'compensation', amount: 200 }],
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  /** By the supervisor unless `meta.actor` says otherwise. */
  approve: (data: Data<ApproveResolution> = {}, meta: Meta = {}): ApproveResolution => ({
    type: 'ApproveResolution',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P1', ...data },
    metadata: metadata(T.handling, meta, SUPERVISOR),
  }),
  /** By the supervisor unless `meta.actor` says otherwise. */
  reject: (data: Data<RejectResolution> = {}, meta: Meta = {}): RejectResolution => ({
    type: 'RejectResolution',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      reason: 'Beyond what the damage justifies',
      ...data,
    },
    metadata: metadata(T.handling, meta, SUPERVISOR),
  }),
  customerAccepts: (
    data: Data<RecordCustomerAcceptance> = {},
    meta: Meta = {},
  ): RecordCustomerAcceptance => ({
    type: 'RecordCustomerAcceptance',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P1', agreementSigned: true, ...data },
    metadata: metadata(T.handling, meta),
  }),
  customerRejects: (data: Data<RecordCustomerRejection> = {}, meta: Meta = {}): RecordCustomerRejection => ({
    type: 'RecordCustomerRejection',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P1', reason: 'The vase was an heirloom', ...data },
    metadata: metadata(T.handling, meta),
  }),
  implement: (data: Data<ImplementResolution> = {}, meta: Meta = {}): ImplementResolution => ({
    type: 'ImplementResolution',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P1', implementedBy: 'finance', ...data },
    metadata: metadata(T.handling, meta),
  }),
  sendFinalReply: (data: Data<SendFinalReply> = {}, meta: Meta = {}): SendFinalReply => ({
    type: 'SendFinalReply',
    data: {
      complaintId: COMPLAINT_ID,
      summary: 'Apologised and paid 200 in compensation',
      contactMethod: 'phone',
      ...data,
    },
    metadata: metadata(T.replied, meta),
  }),
  recordFollowUp: (data: Data<RecordFollowUp> = {}, meta: Meta = {}): RecordFollowUp => ({
    type: 'RecordFollowUp',
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
      ...data,
    },
    metadata: metadata(T.followedUp, meta),
  }),
  close: (meta: Meta = {}): CloseComplaint => ({
    type: 'CloseComplaint',
    data: { complaintId: COMPLAINT_ID },
    metadata: metadata(T.closed, meta),
  }),
  reopen: (data: Data<ReopenComplaint> = {}, meta: Meta = {}): ReopenComplaint => ({
    type: 'ReopenComplaint',
    data: { complaintId: COMPLAINT_ID, reason: 'The replacement vase arrived broken too', ...data },
    metadata: metadata(T.reopened, meta),
  }),
  withdraw: (data: Data<WithdrawComplaint> = {}, meta: Meta = {}): WithdrawComplaint => ({
    type: 'WithdrawComplaint',
    data: { complaintId: COMPLAINT_ID, reason: 'The customer found the parcel', ...data },
    metadata: metadata(T.handling, meta),
  }),
  merge: (data: Data<MergeComplaint> = {}, meta: Meta = {}): MergeComplaint => ({
    type: 'MergeComplaint',
    data: {
      complaintId: COMPLAINT_ID,
      intoComplaintId: TARGET_ID,
      reason: 'Same parcel, reported by phone as well',
      ...data,
    },
    metadata: metadata(T.handling, meta),
  }),
  fileAppeal: (data: Data<FileCauseAppeal> = {}, meta: Meta = {}): FileCauseAppeal => ({
    type: 'FileCauseAppeal',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      staffJobNumber: NAMED_STAFF,
      reason: 'The parcel was already crushed when it reached my belt',
      ...data,
    },
    metadata: metadata(T.handling, meta, NAMED_STAFF),
  }),
  /** By the supervisor unless `meta.actor` says otherwise. */
  decideConsequence: (data: Data<DecideCauseConsequence> = {}, meta: Meta = {}): DecideCauseConsequence => ({
    type: 'DecideCauseConsequence',
    data: { complaintId: COMPLAINT_ID, causeId: 'C1', level: 'warning', ...data },
    metadata: metadata(T.handling, meta, SUPERVISOR),
  }),
  /** By the supervisor unless `meta.actor` says otherwise. */
  decideAppeal: (data: Data<DecideCauseAppeal> = {}, meta: Meta = {}): DecideCauseAppeal => ({
    type: 'DecideCauseAppeal',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      outcome: 'rejected',
      note: 'The hub camera shows the parcel intact on arrival',
      ...data,
    },
    metadata: metadata(T.handling, meta, SUPERVISOR),
  }),
};
