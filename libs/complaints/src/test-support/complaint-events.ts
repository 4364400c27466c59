/**
 * Event factories (one event, defaults from the fixed timeline, data overridable) and the histories
 * that bring a complaint into each starting state.
 */
import {
  type ComplaintAcknowledged,
  type ComplaintClassified,
  type ComplaintClosed,
  type ComplaintDispatched,
  type ComplaintEscalated,
  type ComplaintEvent,
  type ComplaintMergedInto,
  type ComplaintRegistered,
  type ComplaintReopened,
  type ComplaintWithdrawn,
  type CauseAppealDecided,
  type CauseAppealFiled,
  type CauseConsequenceDecided,
  type CustomerDetails,
  type FinalReplySent,
  type FollowUpRecorded,
  type InterimReplySent,
  type InvestigationFindingRecorded,
  type ResolutionAcceptedByCustomer,
  type ResolutionApproved,
  type ResolutionImplemented,
  type ResolutionProposed,
  type RootCausesAttributed,
} from '../complaint/complaint.events';
import { CLERK, COMPLAINT_ID, CUSTOMER_REFERENCE, NAMED_STAFF, SUPERVISOR, T, TARGET_ID } from './fixtures';

type Data<E extends ComplaintEvent> = Partial<E['data']>;

export const CUSTOMER: CustomerDetails = {
  reference: CUSTOMER_REFERENCE,
  name: 'Wang Fang',
  contact: { phone: '+86 10 5555 0101' },
};

export const ev = {
  registered: (data: Data<ComplaintRegistered> = {}): ComplaintRegistered => ({
    type: 'ComplaintRegistered',
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
  }),
  classified: (data: Data<ComplaintClassified> = {}): ComplaintClassified => ({
    type: 'ComplaintClassified',
    data: {
      complaintId: COMPLAINT_ID,
      category: 'item-damaged',
      severity: 'minor',
      responsibility: 'at-fault',
      form: 'quality',
      classifiedAt: T.classified,
      ...data,
    },
  }),
  acknowledged: (data: Data<ComplaintAcknowledged> = {}): ComplaintAcknowledged => ({
    type: 'ComplaintAcknowledged',
    data: {
      complaintId: COMPLAINT_ID,
      mode: 'deferred',
      replyDeadline: T.deadline,
      contactMethod: 'phone',
      acknowledgedAt: T.acknowledged,
      ...data,
    },
  }),
  interimReplySent: (data: Data<InterimReplySent> = {}): InterimReplySent => ({
    type: 'InterimReplySent',
    data: {
      complaintId: COMPLAINT_ID,
      statusTold: 'Claim filed with the sorting centre',
      previousDeadline: T.deadline,
      nextDeadline: T.extendedDeadline,
      sentAt: T.handling,
      ...data,
    },
  }),
  dispatched: (data: Data<ComplaintDispatched> = {}): ComplaintDispatched => ({
    type: 'ComplaintDispatched',
    data: {
      complaintId: COMPLAINT_ID,
      dispatchId: 'D1',
      assigneeKind: 'department',
      assignee: 'sorting-centre',
      instructions: 'Check the damage report of parcel PX1',
      dueAt: T.dispatchDue,
      dispatchedAt: T.handling,
      ...data,
    },
  }),
  escalated: (data: Data<ComplaintEscalated> = {}): ComplaintEscalated => ({
    type: 'ComplaintEscalated',
    data: {
      complaintId: COMPLAINT_ID,
      fromLevel: 0,
      toLevel: 1,
      toLevelName: 'team-lead',
      reason: 'The customer asks for more than a clerk may offer',
      urgent: false,
      skippedLevels: [],
      escalatedAt: T.handling,
      ...data,
    },
  }),
  findingRecorded: (data: Data<InvestigationFindingRecorded> = {}): InvestigationFindingRecorded => ({
    type: 'InvestigationFindingRecorded',
    data: {
      complaintId: COMPLAINT_ID,
      sources: ['customer', 'records'],
      what: 'The parcel was crushed at the sorting hub',
      recordedAt: T.handling,
      ...data,
    },
  }),
  causesAttributed: (data: Data<RootCausesAttributed> = {}): RootCausesAttributed => ({
    type: 'RootCausesAttributed',
    data: {
      complaintId: COMPLAINT_ID,
      causes: [
        {
          causeId: 'C1',
          family: 'service-capacity',
          causeCode: 'sorting-error',
          responsibleUnit: 'hub-2',
          staffJobNumber: NAMED_STAFF,
        },
      ],
      attributedAt: T.handling,
      ...data,
    },
  }),
  proposed: (data: Data<ResolutionProposed> = {}): ResolutionProposed => ({
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
      ...data,
    },
  }),
  approved: (data: Data<ResolutionApproved> = {}): ResolutionApproved => ({
    type: 'ResolutionApproved',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      approvedBy: SUPERVISOR,
      approvedAt: T.handling,
      ...data,
    },
  }),
  acceptedByCustomer: (data: Data<ResolutionAcceptedByCustomer> = {}): ResolutionAcceptedByCustomer => ({
    type: 'ResolutionAcceptedByCustomer',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      agreementSigned: true,
      acceptedAt: T.handling,
      ...data,
    },
  }),
  implemented: (data: Data<ResolutionImplemented> = {}): ResolutionImplemented => ({
    type: 'ResolutionImplemented',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      implementedBy: 'finance',
      implementedAt: T.handling,
      ...data,
    },
  }),
  finalReplySent: (data: Data<FinalReplySent> = {}): FinalReplySent => ({
    type: 'FinalReplySent',
    data: {
      complaintId: COMPLAINT_ID,
      summary: 'Apologised and paid 200 in compensation',
      contactMethod: 'phone',
      deadlineInForce: T.deadline,
      onTime: true,
      repliedAt: T.replied,
      ...data,
    },
  }),
  followUpRecorded: (data: Data<FollowUpRecorded> = {}): FollowUpRecorded => ({
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
      ...data,
    },
  }),
  closed: (data: Data<ComplaintClosed> = {}): ComplaintClosed => ({
    type: 'ComplaintClosed',
    data: { complaintId: COMPLAINT_ID, outcome: 'resolved', closedAt: T.closed, ...data },
  }),
  reopened: (data: Data<ComplaintReopened> = {}): ComplaintReopened => ({
    type: 'ComplaintReopened',
    data: {
      complaintId: COMPLAINT_ID,
      reason: 'The replacement vase arrived broken too',
      reopenCount: 1,
      reopenedAt: T.reopened,
      ...data,
    },
  }),
  withdrawn: (data: Data<ComplaintWithdrawn> = {}): ComplaintWithdrawn => ({
    type: 'ComplaintWithdrawn',
    data: {
      complaintId: COMPLAINT_ID,
      reason: 'The customer found the parcel',
      withdrawnAt: T.handling,
      ...data,
    },
  }),
  mergedInto: (data: Data<ComplaintMergedInto> = {}): ComplaintMergedInto => ({
    type: 'ComplaintMergedInto',
    data: {
      complaintId: COMPLAINT_ID,
      intoComplaintId: TARGET_ID,
      reason: 'Same parcel, reported by phone as well',
      mergedAt: T.handling,
      ...data,
    },
  }),
  appealFiled: (data: Data<CauseAppealFiled> = {}): CauseAppealFiled => ({
    type: 'CauseAppealFiled',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      staffJobNumber: NAMED_STAFF,
      reason: 'The parcel was already crushed when it reached my belt',
      filedAt: T.handling,
      ...data,
    },
  }),
  consequenceDecided: (data: Data<CauseConsequenceDecided> = {}): CauseConsequenceDecided => ({
    type: 'CauseConsequenceDecided',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      level: 'warning',
      decidedBy: SUPERVISOR,
      decidedAt: T.handling,
      ...data,
    },
  }),
  appealDecided: (data: Data<CauseAppealDecided> = {}): CauseAppealDecided => ({
    type: 'CauseAppealDecided',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      outcome: 'rejected',
      decidedBy: SUPERVISOR,
      note: 'The hub camera shows the parcel intact on arrival',
      decidedAt: T.handling,
      consequenceAfter: null,
      ...data,
    },
  }),
};

/* Histories: each starts from the previous one, so a test names the state it starts from. */

export const registered = (): ComplaintEvent[] => [ev.registered()];

export const classified = (): ComplaintEvent[] => [...registered(), ev.classified()];

export const acknowledgedDeferred = (): ComplaintEvent[] => [...classified(), ev.acknowledged()];

/** An immediate reply: acknowledged and finally replied to on the spot. */
export const acknowledgedImmediately = (): ComplaintEvent[] => [
  ...classified(),
  ev.acknowledged({ mode: 'immediate', replyDeadline: T.acknowledged, contactMethod: 'in-person' }),
  ev.finalReplySent({
    summary: 'Apologised on the spot',
    contactMethod: 'in-person',
    deadlineInForce: T.acknowledged,
    repliedAt: T.acknowledged,
  }),
];

export const investigated = (): ComplaintEvent[] => [...acknowledgedDeferred(), ev.findingRecorded()];

/** One cause, C1, naming NAMED_STAFF. */
export const causesAttributed = (): ComplaintEvent[] => [...investigated(), ev.causesAttributed()];

export const replied = (): ComplaintEvent[] => [...acknowledgedDeferred(), ev.finalReplySent()];

export const followedUp = (): ComplaintEvent[] => [...replied(), ev.followUpRecorded()];

export const closed = (): ComplaintEvent[] => [...replied(), ev.closed()];

export const reopened = (): ComplaintEvent[] => [...closed(), ev.reopened()];

export const withdrawn = (): ComplaintEvent[] => [...acknowledgedDeferred(), ev.withdrawn()];

export const merged = (): ComplaintEvent[] => [...classified(), ev.mergedInto()];

/** The surviving complaint of a merge: same customer, reported on the hotline. */
export const target = (): ComplaintEvent[] => [
  ev.registered({ complaintId: TARGET_ID, acceptanceNumber: 'PO-20260302-0000', channel: 'hotline-11185' }),
];
