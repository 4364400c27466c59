import { ensure } from '../../shared/domain-error';
import { daysBetween } from '../../shared/time';
import {
  type CloseComplaint,
  type DecideCauseAppeal,
  type FileCauseAppeal,
  type MergeComplaint,
  type RecordFollowUp,
  type ReopenComplaint,
  type WithdrawComplaint,
} from '../complaint.commands';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';
import { type ComplaintState, type OpenComplaintState } from '../complaint.state';
import { causeOf, consequenceAfterAppeal } from './accountability';
import { type DecisionContext } from './context';
import { ensureStatus, existing, open } from './guards';

/** Follow-up comes after the final reply (before or after closing), once per reply. */
export const recordFollowUp = (
  command: RecordFollowUp,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = existing(state);
  const { data, metadata } = command;
  ensure(
    s.finalReplyAt !== undefined && (s.status === 'replied' || s.status === 'closed'),
    E.FOLLOW_UP_BEFORE_REPLY,
    'A follow-up comes after the final reply',
  );
  ensure(
    !s.followUpSinceReply,
    E.FOLLOW_UP_ALREADY_RECORDED,
    'A follow-up was already recorded for this reply',
  );
  ensure(
    policy.escalationLevels.includes(data.level),
    E.UNKNOWN_FOLLOW_UP_LEVEL,
    `Follow-up level must be one of ${policy.escalationLevels.join(', ')}`,
    'level',
  );
  return [
    {
      type: 'FollowUpRecorded',
      data: {
        complaintId: s.complaintId,
        method: data.method,
        level: data.level,
        answers: data.answers,
        ...(data.comment !== undefined ? { comment: data.comment } : {}),
        recordedAt: metadata.now,
      },
    },
  ];
};

export const close = (
  command: CloseComplaint,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = existing(state);
  ensure(s.status !== 'closed', E.CLOSED, 'Complaint is already closed');
  ensureStatus(
    s,
    ['replied', 'withdrawn'],
    E.CLOSE_WITHOUT_REPLY,
    'Close only after a final reply or a withdrawal',
  );
  ensure(
    s.pendingSuperiorNotices.length === 0,
    E.SUPERIOR_NOT_NOTIFIED,
    `The direct superior of level(s) ${s.pendingSuperiorNotices.join(', ')} was not told of the skip-level escalation`,
  );
  if (s.status === 'replied' && policy.requireFollowUpBeforeClose)
    ensure(s.followUpSinceReply, E.CLOSE_WITHOUT_FOLLOW_UP, 'Record the follow-up before closing');
  return [
    {
      type: 'ComplaintClosed',
      data: {
        complaintId: s.complaintId,
        outcome: s.status === 'withdrawn' ? 'withdrawn' : 'resolved',
        closedAt: command.metadata.now,
      },
    },
  ];
};

/** The customer comes back on the same matter: a repeat complaint, counted against first-contact resolution. */
export const reopen = (
  command: ReopenComplaint,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = existing(state);
  const { data, metadata } = command;
  ensure(
    s.status === 'closed' && s.closedAt !== undefined,
    E.NOT_CLOSED,
    'Only a closed complaint is reopened',
  );
  ensure(
    daysBetween(s.closedAt ?? metadata.now, metadata.now) <= policy.reopenWindowDays,
    E.REOPEN_WINDOW_EXPIRED,
    `Reopening is possible within ${policy.reopenWindowDays} days of closing; register a new complaint`,
  );
  return [
    {
      type: 'ComplaintReopened',
      data: {
        complaintId: s.complaintId,
        reason: data.reason,
        reopenCount: s.reopenCount + 1,
        reopenedAt: metadata.now,
      },
    },
  ];
};

/** Before the final reply only: an answered complaint is closed as resolved, not withdrawn. */
export const withdraw = (command: WithdrawComplaint, state: ComplaintState): ComplaintEvent[] => {
  const s = open(state);
  ensure(s.status !== 'replied', E.ALREADY_REPLIED, 'The final reply was given; close the complaint instead');
  return [
    {
      type: 'ComplaintWithdrawn',
      data: { complaintId: s.complaintId, reason: command.data.reason, withdrawnAt: command.metadata.now },
    },
  ];
};

/**
 * A duplicate (same customer, same matter, another channel) is merged into the surviving complaint:
 * the duplicate becomes read-only and the survivor records it. Decided over both states at once.
 */
export const merge = (
  command: MergeComplaint,
  duplicateState: ComplaintState,
  targetState: ComplaintState,
  { policy }: DecisionContext,
): { duplicate: ComplaintEvent[]; target: ComplaintEvent[] } => {
  const duplicate = open(duplicateState);
  const { data, metadata } = command;
  ensure(
    data.intoComplaintId !== duplicate.complaintId,
    E.MERGE_INTO_SELF,
    'A complaint cannot merge into itself',
    'intoComplaintId',
  );
  ensure(
    duplicate.status !== 'replied',
    E.MERGE_AFTER_REPLY,
    'A complaint already replied to is not a duplicate to merge',
  );
  ensure(
    targetState.status !== 'none',
    E.MERGE_TARGET_NOT_FOUND,
    'The surviving complaint does not exist',
    'intoComplaintId',
  );
  const target = targetState as OpenComplaintState;
  ensure(
    target.status !== 'closed' && target.status !== 'withdrawn' && target.status !== 'merged',
    E.MERGE_TARGET_NOT_OPEN,
    `The surviving complaint is ${target.status}`,
    'intoComplaintId',
  );
  if (policy.mergeRequiresSameCustomer)
    ensure(
      target.customerReference === duplicate.customerReference,
      E.MERGE_DIFFERENT_CUSTOMER,
      'Only complaints of the same customer are merged',
      'intoComplaintId',
    );
  return {
    duplicate: [
      {
        type: 'ComplaintMergedInto',
        data: {
          complaintId: duplicate.complaintId,
          intoComplaintId: target.complaintId,
          reason: data.reason,
          mergedAt: metadata.now,
        },
      },
    ],
    target: [
      {
        type: 'DuplicateComplaintMerged',
        data: {
          complaintId: target.complaintId,
          duplicateComplaintId: duplicate.complaintId,
          duplicateChannel: duplicate.channel,
          mergedAt: metadata.now,
        },
      },
    ],
  };
};

/** The staff member named by a cause has the right to appeal it, also after closing. */
export const fileAppeal = (command: FileCauseAppeal, state: ComplaintState): ComplaintEvent[] => {
  const s = existing(state);
  const { data, metadata } = command;
  const cause = causeOf(s, data.causeId);
  ensure(
    cause.staffJobNumber === data.staffJobNumber,
    E.APPEAL_NOT_NAMED_STAFF,
    'Only the staff member the cause names may appeal it',
    'staffJobNumber',
  );
  ensure(
    cause.appeal !== 'open',
    E.APPEAL_ALREADY_OPEN,
    'An appeal on this cause is already open',
    'causeId',
  );
  ensure(
    cause.appeal === undefined,
    E.APPEAL_ALREADY_DECIDED,
    'The appeal on this cause was decided',
    'causeId',
  );
  return [
    {
      type: 'CauseAppealFiled',
      data: {
        complaintId: s.complaintId,
        causeId: data.causeId,
        staffJobNumber: data.staffJobNumber,
        reason: data.reason,
        filedAt: metadata.now,
      },
    },
  ];
};

export const decideAppeal = (
  command: DecideCauseAppeal,
  state: ComplaintState,
  context: DecisionContext,
): ComplaintEvent[] => {
  const s = existing(state);
  const { data, metadata } = command;
  const cause = causeOf(s, data.causeId);
  ensure(cause.appeal === 'open', E.APPEAL_NOT_OPEN, 'No open appeal on this cause', 'causeId');
  const consequenceAfter = consequenceAfterAppeal(s, cause, data.outcome, data.revisedConsequence, context);
  return [
    {
      type: 'CauseAppealDecided',
      data: {
        complaintId: s.complaintId,
        causeId: data.causeId,
        outcome: data.outcome,
        decidedBy: metadata.actor.id,
        note: data.note,
        decidedAt: metadata.now,
        consequenceAfter,
      },
    },
  ];
};
