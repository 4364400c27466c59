import { assertNever } from '../shared/typing';
import { type ComplaintForm, type Responsibility, type Severity } from '../taxonomy/taxonomy';
import {
  type AttributedCause,
  type ComplaintEvent,
  type ConsequenceDecision,
  type ReplyMode,
  type ResolutionOption,
} from './complaint.events';

/**
 * - registered: received, not yet acknowledged (also after a reopen);
 * - acknowledged: the customer has a reply deadline; handling is under way;
 * - replied: the final reply was given; follow-up and closing are next;
 * - withdrawn: the customer withdrew; only closing is left;
 * - closed, merged: terminal (closed can be reopened).
 */
export type ComplaintStatus = 'registered' | 'acknowledged' | 'replied' | 'withdrawn' | 'closed' | 'merged';

export type ResolutionStatus =
  | 'awaiting-approval'
  | 'offered'
  | 'rejected-by-approver'
  | 'accepted'
  | 'rejected-by-customer'
  | 'implemented';

export type ResolutionState = {
  proposalId: string;
  options: ResolutionOption[];
  totalAmount: number;
  proposedBy: string;
  status: ResolutionStatus;
};

export type CauseState = AttributedCause & {
  appeal?: 'open' | 'upheld' | 'rejected';
  /** The consequence in force: as decided, or as an upheld appeal lowered it. */
  consequence?: ConsequenceDecision & { decidedBy: string };
};

export type ComplaintState =
  | { status: 'none' }
  | {
      status: ComplaintStatus;
      complaintId: string;
      acceptanceNumber: string;
      businessLine: string;
      channel: string;
      customerReference: string;
      receivedAt: string;
      /** Set by a reopen: the repeat complaint's SLA deadline counts from here, not from `receivedAt`. */
      reopenedAt?: string;
      classification?: {
        category: string;
        severity: Severity;
        responsibility: Responsibility;
        form: ComplaintForm;
        incidentId?: string;
      };
      abnormal: boolean;
      replyMode?: ReplyMode;
      /** The last deadline set by acknowledgement or a valid interim reply. */
      deadlineInForce?: string;
      interimReplies: number;
      openDispatches: Record<string, { dueAt: string }>;
      dispatchCount: number;
      escalationLevel: number;
      /** Levels whose direct superior must still be told of an urgent skip-level escalation. */
      pendingSuperiorNotices: number[];
      investigated: boolean;
      causes: CauseState[];
      causeSequence: number;
      resolution?: ResolutionState;
      proposalIds: string[];
      finalReplyAt?: string;
      followUpSinceReply: boolean;
      closedAt?: string;
      reopenCount: number;
      mergedInto?: string;
      mergedDuplicates: string[];
    };

export type OpenComplaintState = Exclude<ComplaintState, { status: 'none' }>;

export const initialComplaintState = (): ComplaintState => ({ status: 'none' });

const withResolution = (state: OpenComplaintState, status: ResolutionStatus): OpenComplaintState =>
  state.resolution ? { ...state, resolution: { ...state.resolution, status } } : state;

export const evolveComplaint = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintRegistered') {
    const d = event.data;
    return {
      status: 'registered',
      complaintId: d.complaintId,
      acceptanceNumber: d.acceptanceNumber,
      businessLine: d.businessLine,
      channel: d.channel,
      customerReference: d.customer.reference,
      receivedAt: d.receivedAt,
      abnormal: false,
      interimReplies: 0,
      openDispatches: {},
      dispatchCount: 0,
      escalationLevel: 0,
      pendingSuperiorNotices: [],
      investigated: false,
      causes: [],
      causeSequence: 0,
      proposalIds: [],
      followUpSinceReply: false,
      reopenCount: 0,
      mergedDuplicates: [],
    };
  }
  if (state.status === 'none') return state;

  switch (event.type) {
    case 'ComplaintClassified': {
      const { category, severity, responsibility, form, incidentId } = event.data;
      return { ...state, classification: { category, severity, responsibility, form, incidentId } };
    }
    case 'ComplaintFlaggedAbnormal':
      return { ...state, abnormal: true };
    case 'ComplaintAcknowledged':
      return {
        ...state,
        status: 'acknowledged',
        replyMode: event.data.mode,
        deadlineInForce: event.data.replyDeadline,
      };
    case 'InterimReplySent':
      return { ...state, deadlineInForce: event.data.nextDeadline, interimReplies: state.interimReplies + 1 };
    case 'ComplaintDispatched':
      return {
        ...state,
        openDispatches: { ...state.openDispatches, [event.data.dispatchId]: { dueAt: event.data.dueAt } },
        dispatchCount: state.dispatchCount + 1,
      };
    case 'DispatchReturned': {
      const { [event.data.dispatchId]: _returned, ...open } = state.openDispatches;
      return { ...state, openDispatches: open };
    }
    case 'ComplaintEscalated':
      return {
        ...state,
        escalationLevel: event.data.toLevel,
        pendingSuperiorNotices: [...state.pendingSuperiorNotices, ...event.data.skippedLevels],
      };
    case 'SuperiorNotifiedOfEscalation':
      return {
        ...state,
        pendingSuperiorNotices: state.pendingSuperiorNotices.filter((level) => level !== event.data.level),
      };
    case 'InvestigationFindingRecorded':
      return { ...state, investigated: true };
    case 'RootCausesAttributed':
      return {
        ...state,
        causes: event.data.causes.map((cause) => ({ ...cause })),
        causeSequence: state.causeSequence + event.data.causes.length,
      };
    case 'ResolutionProposed':
      return {
        ...state,
        resolution: {
          proposalId: event.data.proposalId,
          options: event.data.options,
          totalAmount: event.data.totalAmount,
          proposedBy: event.data.proposedBy,
          status: event.data.requiresApproval ? 'awaiting-approval' : 'offered',
        },
        proposalIds: [...state.proposalIds, event.data.proposalId],
      };
    case 'ResolutionApproved':
      return withResolution(state, 'offered');
    case 'ResolutionRejected':
      return withResolution(state, 'rejected-by-approver');
    case 'ResolutionAcceptedByCustomer':
      return withResolution(state, 'accepted');
    case 'ResolutionRejectedByCustomer':
      return withResolution(state, 'rejected-by-customer');
    case 'ResolutionImplemented':
      return withResolution(state, 'implemented');
    case 'FinalReplySent':
      return { ...state, status: 'replied', finalReplyAt: event.data.repliedAt, followUpSinceReply: false };
    case 'FollowUpRecorded':
      return { ...state, followUpSinceReply: true };
    case 'ComplaintClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt };
    case 'ComplaintReopened':
      return {
        ...state,
        status: 'registered',
        reopenCount: event.data.reopenCount,
        reopenedAt: event.data.reopenedAt,
        replyMode: undefined,
        deadlineInForce: undefined,
        finalReplyAt: undefined,
        followUpSinceReply: false,
        closedAt: undefined,
        resolution: undefined,
      };
    case 'ComplaintWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'ComplaintMergedInto':
      return { ...state, status: 'merged', mergedInto: event.data.intoComplaintId };
    case 'DuplicateComplaintMerged':
      return { ...state, mergedDuplicates: [...state.mergedDuplicates, event.data.duplicateComplaintId] };
    case 'CauseAppealFiled':
      return {
        ...state,
        causes: state.causes.map((c) => (c.causeId === event.data.causeId ? { ...c, appeal: 'open' } : c)),
      };
    case 'CauseAppealDecided': {
      const { causeId, outcome, consequenceAfter, decidedBy } = event.data;
      return {
        ...state,
        causes: state.causes.map((c) => {
          if (c.causeId !== causeId) return c;
          const revised =
            consequenceAfter && outcome === 'upheld' ? { ...consequenceAfter, decidedBy } : c.consequence;
          return { ...c, appeal: outcome, ...(revised ? { consequence: revised } : {}) };
        }),
      };
    }
    case 'CauseConsequenceDecided': {
      const { causeId, level, points, decidedBy } = event.data;
      return {
        ...state,
        causes: state.causes.map((c) =>
          c.causeId === causeId
            ? { ...c, consequence: { level, ...(points === undefined ? {} : { points }), decidedBy } }
            : c,
        ),
      };
    }
    default:
      return assertNever(event);
  }
};

export const foldComplaint = (events: readonly ComplaintEvent[]): ComplaintState =>
  events.reduce(evolveComplaint, initialComplaintState());
