import { type Event } from '../shared/typing';
import {
  type CauseFamily,
  type ComplaintForm,
  type Responsibility,
  type Severity,
} from '../taxonomy/taxonomy';

/** Personal data: kept apart so that it can be shown only to those who need it, and erased. */
export type CustomerDetails = {
  /** The customer's reference in the organisation's own systems (account, phone hash…). */
  reference: string;
  name: string;
  contact: { phone?: string; email?: string; address?: string };
};

export type StaffRef = { jobNumber: string; orgUnit: string };

/** Who referred a complaint (a regulator, a consumer association, a complaint centre) and its case number there. */
export type Referral = { referredBy: string; referenceNumber: string };

export type ReplyMode = 'immediate' | 'deferred';
export type ContactMethod = 'phone' | 'sms' | 'email' | 'letter' | 'in-person';
export type AssigneeKind = 'handler' | 'department';

export const RESOLUTION_OPTION_KINDS = [
  'apology',
  'explanation',
  'correction',
  'refund',
  'compensation',
  'replacement',
  'goodwill-gift',
  'discount',
] as const;
export type ResolutionOptionKind = (typeof RESOLUTION_OPTION_KINDS)[number];
/** Options whose amount is money given to the customer, counted against the approval threshold. */
export const MONETARY_OPTIONS: readonly ResolutionOptionKind[] = ['refund', 'compensation', 'discount'];
export type ResolutionOption = { kind: ResolutionOptionKind; amount?: number; note?: string };

export const FOLLOW_UP_METHODS = ['phone', 'letter', 'fax', 'email', 'in-person'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const SATISFACTION = ['satisfied', 'neutral', 'dissatisfied'] as const;
export const TIMELINESS = ['timely', 'neutral', 'late'] as const;
export const REUSE = ['yes', 'unsure', 'no'] as const;
export type FollowUpAnswers = {
  resultSatisfaction: (typeof SATISFACTION)[number];
  timeliness: (typeof TIMELINESS)[number];
  attitudeSatisfaction: (typeof SATISFACTION)[number];
  wouldReuse: (typeof REUSE)[number];
};

export const INVESTIGATION_SOURCES = ['customer', 'staff', 'witness', 'records', 'cctv'] as const;
export type InvestigationSource = (typeof INVESTIGATION_SOURCES)[number];

export type AttributedCause = {
  causeId: string;
  family: CauseFamily;
  causeCode: string;
  responsibleUnit: string;
  staffJobNumber?: string;
};

/** An accountability consequence: a rung of the business line's ladder, and the points of a points rung. */
export type ConsequenceDecision = { level: string; points?: number };

export type ComplaintRegistered = Event<
  'ComplaintRegistered',
  {
    complaintId: string;
    acceptanceNumber: string;
    businessLine: string;
    channel: string;
    receivedAt: string;
    /**
     * v2 adds `pseudonym`: a keyed hash of the reference, written in clear beside the encrypted personal
     * data when the event is stored, so that analytics can count repeat customers without the reference.
     */
    customer: CustomerDetails & { pseudonym?: string };
    description: string;
    demand: string;
    receivedBy: StaffRef;
    source?: { system: string; externalId: string };
    referral?: Referral;
    tags?: string[];
  }
>;

export type ComplaintClassified = Event<
  'ComplaintClassified',
  {
    complaintId: string;
    category: string;
    severity: Severity;
    responsibility: Responsibility;
    form: ComplaintForm;
    incidentId?: string;
    classifiedAt: string;
  }
>;

export type ComplaintFlaggedAbnormal = Event<
  'ComplaintFlaggedAbnormal',
  { complaintId: string; reason: string; flaggedAt: string }
>;

export type ComplaintAcknowledged = Event<
  'ComplaintAcknowledged',
  {
    complaintId: string;
    mode: ReplyMode;
    replyDeadline: string;
    contactMethod: ContactMethod;
    acknowledgedAt: string;
  }
>;

export type InterimReplySent = Event<
  'InterimReplySent',
  {
    complaintId: string;
    statusTold: string;
    previousDeadline: string;
    nextDeadline: string;
    sentAt: string;
  }
>;

export type ComplaintDispatched = Event<
  'ComplaintDispatched',
  {
    complaintId: string;
    dispatchId: string;
    assigneeKind: AssigneeKind;
    assignee: string;
    instructions: string;
    dueAt: string;
    dispatchedAt: string;
  }
>;

export type DispatchReturned = Event<
  'DispatchReturned',
  { complaintId: string; dispatchId: string; result: string; returnedAt: string; overdue: boolean }
>;

export type ComplaintEscalated = Event<
  'ComplaintEscalated',
  {
    complaintId: string;
    fromLevel: number;
    toLevel: number;
    toLevelName: string;
    reason: string;
    urgent: boolean;
    /** Levels passed over by an urgent skip-level escalation; their direct superior must be told. */
    skippedLevels: number[];
    escalatedAt: string;
  }
>;

export type SuperiorNotifiedOfEscalation = Event<
  'SuperiorNotifiedOfEscalation',
  { complaintId: string; level: number; notifiedAt: string }
>;

export type InvestigationFindingRecorded = Event<
  'InvestigationFindingRecorded',
  {
    complaintId: string;
    sources: InvestigationSource[];
    when?: string;
    where?: string;
    who?: string;
    what: string;
    customerWants?: string;
    recordedAt: string;
  }
>;

export type RootCausesAttributed = Event<
  'RootCausesAttributed',
  { complaintId: string; causes: AttributedCause[]; attributedAt: string }
>;

export type ResolutionProposed = Event<
  'ResolutionProposed',
  {
    complaintId: string;
    proposalId: string;
    options: ResolutionOption[];
    totalAmount: number;
    requiresApproval: boolean;
    approvalThreshold: number;
    proposedBy: string;
    proposedAt: string;
  }
>;

export type ResolutionApproved = Event<
  'ResolutionApproved',
  { complaintId: string; proposalId: string; approvedBy: string; note?: string; approvedAt: string }
>;

export type ResolutionRejected = Event<
  'ResolutionRejected',
  { complaintId: string; proposalId: string; rejectedBy: string; reason: string; rejectedAt: string }
>;

export type ResolutionAcceptedByCustomer = Event<
  'ResolutionAcceptedByCustomer',
  { complaintId: string; proposalId: string; agreementSigned: boolean; acceptedAt: string }
>;

export type ResolutionRejectedByCustomer = Event<
  'ResolutionRejectedByCustomer',
  { complaintId: string; proposalId: string; reason: string; rejectedAt: string }
>;

export type ResolutionImplemented = Event<
  'ResolutionImplemented',
  { complaintId: string; proposalId: string; implementedBy: string; note?: string; implementedAt: string }
>;

export type FinalReplySent = Event<
  'FinalReplySent',
  {
    complaintId: string;
    summary: string;
    contactMethod: ContactMethod;
    deadlineInForce: string;
    onTime: boolean;
    repliedAt: string;
  }
>;

export type FollowUpRecorded = Event<
  'FollowUpRecorded',
  {
    complaintId: string;
    method: FollowUpMethod;
    level: string;
    answers: FollowUpAnswers;
    comment?: string;
    recordedAt: string;
  }
>;

export type ComplaintClosed = Event<
  'ComplaintClosed',
  { complaintId: string; outcome: 'resolved' | 'withdrawn'; closedAt: string }
>;

export type ComplaintReopened = Event<
  'ComplaintReopened',
  { complaintId: string; reason: string; reopenCount: number; reopenedAt: string }
>;

export type ComplaintWithdrawn = Event<
  'ComplaintWithdrawn',
  { complaintId: string; reason: string; withdrawnAt: string }
>;

export type ComplaintMergedInto = Event<
  'ComplaintMergedInto',
  { complaintId: string; intoComplaintId: string; reason: string; mergedAt: string }
>;

export type DuplicateComplaintMerged = Event<
  'DuplicateComplaintMerged',
  { complaintId: string; duplicateComplaintId: string; duplicateChannel: string; mergedAt: string }
>;

export type CauseAppealFiled = Event<
  'CauseAppealFiled',
  { complaintId: string; causeId: string; staffJobNumber: string; reason: string; filedAt: string }
>;

export type CauseAppealDecided = Event<
  'CauseAppealDecided',
  {
    complaintId: string;
    causeId: string;
    outcome: 'upheld' | 'rejected';
    decidedBy: string;
    note: string;
    decidedAt: string;
    /**
     * v2: the cause's consequence in force after the decision (an upheld appeal lowers it), or null when
     * none was decided. v1 events upcast to null: consequences did not exist when they were written.
     */
    consequenceAfter: ConsequenceDecision | null;
  }
>;

/** A supervisor decides the consequence of a cause once; only an upheld appeal changes it afterwards. */
export type CauseConsequenceDecided = Event<
  'CauseConsequenceDecided',
  {
    complaintId: string;
    causeId: string;
    level: string;
    points?: number;
    decidedBy: string;
    decidedAt: string;
  }
>;

export type ComplaintEvent =
  | ComplaintRegistered
  | ComplaintClassified
  | ComplaintFlaggedAbnormal
  | ComplaintAcknowledged
  | InterimReplySent
  | ComplaintDispatched
  | DispatchReturned
  | ComplaintEscalated
  | SuperiorNotifiedOfEscalation
  | InvestigationFindingRecorded
  | RootCausesAttributed
  | ResolutionProposed
  | ResolutionApproved
  | ResolutionRejected
  | ResolutionAcceptedByCustomer
  | ResolutionRejectedByCustomer
  | ResolutionImplemented
  | FinalReplySent
  | FollowUpRecorded
  | ComplaintClosed
  | ComplaintReopened
  | ComplaintWithdrawn
  | ComplaintMergedInto
  | DuplicateComplaintMerged
  | CauseAppealFiled
  | CauseAppealDecided
  | CauseConsequenceDecided;

export type ComplaintEventType = ComplaintEvent['type'];

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintRegistered',
  'ComplaintClassified',
  'ComplaintFlaggedAbnormal',
  'ComplaintAcknowledged',
  'InterimReplySent',
  'ComplaintDispatched',
  'DispatchReturned',
  'ComplaintEscalated',
  'SuperiorNotifiedOfEscalation',
  'InvestigationFindingRecorded',
  'RootCausesAttributed',
  'ResolutionProposed',
  'ResolutionApproved',
  'ResolutionRejected',
  'ResolutionAcceptedByCustomer',
  'ResolutionRejectedByCustomer',
  'ResolutionImplemented',
  'FinalReplySent',
  'FollowUpRecorded',
  'ComplaintClosed',
  'ComplaintReopened',
  'ComplaintWithdrawn',
  'ComplaintMergedInto',
  'DuplicateComplaintMerged',
  'CauseAppealFiled',
  'CauseAppealDecided',
  'CauseConsequenceDecided',
];
