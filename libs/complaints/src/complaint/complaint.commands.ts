import { type Command } from '../shared/typing';
import { type ComplaintForm, type Responsibility, type Severity } from '../taxonomy/taxonomy';
import {
  type AssigneeKind,
  type ConsequenceDecision,
  type ContactMethod,
  type CustomerDetails,
  type FollowUpAnswers,
  type FollowUpMethod,
  type InvestigationSource,
  type Referral,
  type ReplyMode,
  type ResolutionOption,
  type StaffRef,
} from './complaint.events';

type WithId<T extends Record<string, unknown>> = { complaintId: string } & T;

export type RegisterComplaint = Command<
  'RegisterComplaint',
  WithId<{
    /** Issued at the edge (it needs a counter or a hash); recorded by the decider. */
    acceptanceNumber: string;
    businessLine: string;
    channel: string;
    receivedAt: string;
    customer: CustomerDetails;
    description: string;
    demand: string;
    receivedBy: StaffRef;
    source?: { system: string; externalId: string };
    /** A complaint referred by a regulator or consumer association, with its reference there. */
    referral?: Referral;
    /** Free tags the complaint was registered with (free text, so personal data). */
    tags?: string[];
  }>
>;

export type ClassifyComplaint = Command<
  'ClassifyComplaint',
  WithId<{
    category: string;
    severity: Severity;
    responsibility: Responsibility;
    form: ComplaintForm;
    incidentId?: string;
  }>
>;

export type FlagComplaintAbnormal = Command<'FlagComplaintAbnormal', WithId<{ reason: string }>>;

export type AcknowledgeComplaint = Command<
  'AcknowledgeComplaint',
  WithId<{
    mode: ReplyMode;
    contactMethod: ContactMethod;
    /** Deferred only; when omitted the SLA policy sets it. */
    replyDeadline?: string;
    /** Immediate only: the answer given on the spot, which is the final reply. */
    reply?: string;
  }>
>;

export type SendInterimReply = Command<
  'SendInterimReply',
  WithId<{ statusTold: string; nextDeadline: string }>
>;

export type DispatchComplaint = Command<
  'DispatchComplaint',
  WithId<{
    dispatchId: string;
    assigneeKind: AssigneeKind;
    assignee: string;
    instructions: string;
    dueAt: string;
  }>
>;

export type ReturnDispatch = Command<'ReturnDispatch', WithId<{ dispatchId: string; result: string }>>;

export type EscalateComplaint = Command<
  'EscalateComplaint',
  WithId<{ toLevel: number; reason: string; urgent: boolean }>
>;

export type NotifySuperiorOfEscalation = Command<'NotifySuperiorOfEscalation', WithId<{ level: number }>>;

export type RecordInvestigationFinding = Command<
  'RecordInvestigationFinding',
  WithId<{
    sources: InvestigationSource[];
    when?: string;
    where?: string;
    who?: string;
    what: string;
    customerWants?: string;
  }>
>;

export type AttributeRootCauses = Command<
  'AttributeRootCauses',
  WithId<{
    causes: { causeCode: string; responsibleUnit: string; staffJobNumber?: string }[];
  }>
>;

export type ProposeResolution = Command<
  'ProposeResolution',
  WithId<{ proposalId: string; options: ResolutionOption[] }>
>;

export type ApproveResolution = Command<'ApproveResolution', WithId<{ proposalId: string; note?: string }>>;

export type RejectResolution = Command<'RejectResolution', WithId<{ proposalId: string; reason: string }>>;

export type RecordCustomerAcceptance = Command<
  'RecordCustomerAcceptance',
  WithId<{ proposalId: string; agreementSigned: boolean }>
>;

export type RecordCustomerRejection = Command<
  'RecordCustomerRejection',
  WithId<{ proposalId: string; reason: string }>
>;

export type ImplementResolution = Command<
  'ImplementResolution',
  WithId<{ proposalId: string; implementedBy: string; note?: string }>
>;

export type SendFinalReply = Command<
  'SendFinalReply',
  WithId<{ summary: string; contactMethod: ContactMethod }>
>;

export type RecordFollowUp = Command<
  'RecordFollowUp',
  WithId<{ method: FollowUpMethod; level: string; answers: FollowUpAnswers; comment?: string }>
>;

export type CloseComplaint = Command<'CloseComplaint', WithId<Record<never, never>>>;

export type ReopenComplaint = Command<'ReopenComplaint', WithId<{ reason: string }>>;

export type WithdrawComplaint = Command<'WithdrawComplaint', WithId<{ reason: string }>>;

/** Decided on the duplicate with the surviving complaint's state beside it. */
export type MergeComplaint = Command<'MergeComplaint', WithId<{ intoComplaintId: string; reason: string }>>;

export type FileCauseAppeal = Command<
  'FileCauseAppeal',
  WithId<{ causeId: string; staffJobNumber: string; reason: string }>
>;

export type DecideCauseAppeal = Command<
  'DecideCauseAppeal',
  WithId<{
    causeId: string;
    outcome: 'upheld' | 'rejected';
    note: string;
    /** Upheld only: the lower rung the consequence becomes (default: the ladder's lowest). */
    revisedConsequence?: ConsequenceDecision;
  }>
>;

export type DecideCauseConsequence = Command<
  'DecideCauseConsequence',
  WithId<{ causeId: string } & ConsequenceDecision>
>;

export type ComplaintCommand =
  | RegisterComplaint
  | ClassifyComplaint
  | FlagComplaintAbnormal
  | AcknowledgeComplaint
  | SendInterimReply
  | DispatchComplaint
  | ReturnDispatch
  | EscalateComplaint
  | NotifySuperiorOfEscalation
  | RecordInvestigationFinding
  | AttributeRootCauses
  | ProposeResolution
  | ApproveResolution
  | RejectResolution
  | RecordCustomerAcceptance
  | RecordCustomerRejection
  | ImplementResolution
  | SendFinalReply
  | RecordFollowUp
  | CloseComplaint
  | ReopenComplaint
  | WithdrawComplaint
  | MergeComplaint
  | FileCauseAppeal
  | DecideCauseAppeal
  | DecideCauseConsequence;

export type ComplaintCommandType = ComplaintCommand['type'];
