import {
  type AttributedCause,
  type ComplaintEvent,
  type CorrectiveActionEvent,
  type FollowUpAnswers,
  type Severity,
} from '@app/complaints';
import { CUSTOMER, ev } from '@app/complaints/test-support/complaint-events';
import { CLERK } from '@app/complaints/test-support/fixtures';

/**
 * Builders of the hand-built report scenarios: one event at a time, each taking the instant it happened,
 * with the defaults the scenarios share. Unless told otherwise a complaint is postal, at the counter,
 * received by branch-12, minor and at-fault; a corrective action is postal.
 */
export type Registration = { channel?: string; orgUnit?: string; businessLine?: string };
export type Classification = {
  severity?: Severity;
  responsibility?: 'at-fault' | 'not-at-fault' | 'undetermined';
};
export type Cause = [
  causeId: string,
  family: AttributedCause['family'],
  causeCode: string,
  responsibleUnit: string,
];

export const answers = (
  resultSatisfaction: FollowUpAnswers['resultSatisfaction'],
  timeliness: FollowUpAnswers['timeliness'],
  attitudeSatisfaction: FollowUpAnswers['attitudeSatisfaction'],
  wouldReuse: FollowUpAnswers['wouldReuse'],
): FollowUpAnswers => ({ resultSatisfaction, timeliness, attitudeSatisfaction, wouldReuse });

/** Event builders for one complaint id, each taking the instant it happened. */
export const complaint = (complaintId: string) => ({
  registered: (receivedAt: string, customer: string, at: Registration = {}): ComplaintEvent =>
    ev.registered({
      complaintId,
      acceptanceNumber: `PO-${complaintId}`,
      receivedAt,
      customer: { ...CUSTOMER, reference: customer },
      channel: at.channel ?? 'counter',
      businessLine: at.businessLine ?? 'postal',
      receivedBy: { jobNumber: CLERK, orgUnit: at.orgUnit ?? 'branch-12' },
    }),
  classified: (classifiedAt: string, category: string, as: Classification = {}): ComplaintEvent =>
    ev.classified({
      complaintId,
      classifiedAt,
      category,
      severity: as.severity ?? 'minor',
      responsibility: as.responsibility ?? 'at-fault',
    }),
  flaggedAbnormal: (flaggedAt: string): ComplaintEvent => ({
    type: 'ComplaintFlaggedAbnormal',
    data: { complaintId, reason: 'Demands a payment the rules do not allow', flaggedAt },
  }),
  deferred: (acknowledgedAt: string, replyDeadline: string): ComplaintEvent =>
    ev.acknowledged({ complaintId, acknowledgedAt, replyDeadline }),
  immediate: (acknowledgedAt: string): ComplaintEvent =>
    ev.acknowledged({
      complaintId,
      mode: 'immediate',
      acknowledgedAt,
      replyDeadline: acknowledgedAt,
      contactMethod: 'in-person',
    }),
  interim: (sentAt: string, previousDeadline: string, nextDeadline: string): ComplaintEvent =>
    ev.interimReplySent({ complaintId, sentAt, previousDeadline, nextDeadline }),
  dispatched: (dispatchedAt: string): ComplaintEvent =>
    ev.dispatched({ complaintId, dueAt: dispatchedAt, dispatchedAt }),
  escalated: (escalatedAt: string, fromLevel: number, toLevel: number): ComplaintEvent =>
    ev.escalated({ complaintId, escalatedAt, fromLevel, toLevel, toLevelName: `level-${toLevel}` }),
  replied: (repliedAt: string, deadlineInForce: string): ComplaintEvent =>
    ev.finalReplySent({ complaintId, repliedAt, deadlineInForce, onTime: repliedAt <= deadlineInForce }),
  closed: (closedAt: string): ComplaintEvent => ev.closed({ complaintId, closedAt }),
  reopened: (reopenedAt: string): ComplaintEvent => ev.reopened({ complaintId, reopenedAt }),
  followedUp: (recordedAt: string, given: FollowUpAnswers): ComplaintEvent =>
    ev.followUpRecorded({ complaintId, recordedAt, answers: given }),
  causes: (attributedAt: string, ...causes: Cause[]): ComplaintEvent =>
    ev.causesAttributed({
      complaintId,
      attributedAt,
      causes: causes.map(([causeId, family, causeCode, responsibleUnit]) => ({
        causeId,
        family,
        causeCode,
        responsibleUnit,
      })),
    }),
  mergedInto: (mergedAt: string, intoComplaintId: string): ComplaintEvent =>
    ev.mergedInto({ complaintId, mergedAt, intoComplaintId }),
  duplicateMerged: (mergedAt: string, duplicateComplaintId: string): ComplaintEvent => ({
    type: 'DuplicateComplaintMerged',
    data: { complaintId, duplicateComplaintId, duplicateChannel: 'counter', mergedAt },
  }),
});

/** Event builders for one corrective action id, each taking the instant it happened. */
export const action = (actionId: string) => ({
  proposed: (
    proposedAt: string,
    dueAt: string,
    causeCodes: string[],
    orgUnits: string[],
    businessLine = 'postal',
  ): CorrectiveActionEvent => ({
    type: 'CorrectiveActionProposed',
    data: {
      actionId,
      businessLine,
      meetingDate: proposedAt,
      causeCodes,
      orgUnits,
      description: 'Measure decided at the weekly meeting',
      owner: 'S2001',
      dueAt,
      proposedAt,
    },
  }),
  started: (startedAt: string): CorrectiveActionEvent => ({
    type: 'CorrectiveActionStarted',
    data: { actionId, startedAt },
  }),
  completed: (completedAt: string, overdue: boolean): CorrectiveActionEvent => ({
    type: 'CorrectiveActionCompleted',
    data: { actionId, note: 'Done', overdue, completedAt },
  }),
  verified: (verifiedAt: string, effective: boolean): CorrectiveActionEvent => ({
    type: 'CorrectiveActionVerified',
    data: { actionId, effective, note: 'Checked at the meeting', verifiedBy: 'S3001', verifiedAt },
  }),
});
