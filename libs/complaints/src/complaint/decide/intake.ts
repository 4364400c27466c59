import { ensure, fail } from '../../shared/domain-error';
import { addHours, isAfter, isBefore } from '../../shared/time';
import { slaHoursFor } from '../../policy/complaint-policy';
import {
  type AcknowledgeComplaint,
  type ClassifyComplaint,
  type FlagComplaintAbnormal,
  type RegisterComplaint,
} from '../complaint.commands';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';
import { type ComplaintState } from '../complaint.state';
import { type DecisionContext } from './context';
import { ensureInstant, open } from './guards';

export const register = (
  command: RegisterComplaint,
  state: ComplaintState,
  { taxonomy }: DecisionContext,
): ComplaintEvent[] => {
  const { data, metadata } = command;
  ensure(
    state.status === 'none',
    E.ALREADY_REGISTERED,
    'A complaint with this id already exists',
    'complaintId',
  );
  ensure(
    taxonomy.line(data.businessLine) !== undefined,
    E.UNKNOWN_BUSINESS_LINE,
    `Unknown business line '${data.businessLine}'`,
    'businessLine',
  );
  ensure(
    taxonomy.hasChannel(data.businessLine, data.channel),
    E.UNKNOWN_CHANNEL,
    `Unknown channel '${data.channel}' for business line '${data.businessLine}'`,
    'channel',
  );
  ensureInstant(data.receivedAt, 'receivedAt');
  ensure(
    !isAfter(data.receivedAt, metadata.now),
    E.RECEIVED_IN_FUTURE,
    'receivedAt lies in the future',
    'receivedAt',
  );
  return [
    {
      type: 'ComplaintRegistered',
      data: {
        complaintId: data.complaintId,
        acceptanceNumber: data.acceptanceNumber,
        businessLine: data.businessLine,
        channel: data.channel,
        receivedAt: data.receivedAt,
        customer: data.customer,
        description: data.description,
        demand: data.demand,
        receivedBy: data.receivedBy,
        ...(data.source ? { source: data.source } : {}),
        ...(data.referral ? { referral: data.referral } : {}),
        ...(data.tags && data.tags.length > 0 ? { tags: data.tags } : {}),
      },
    },
  ];
};

export const classify = (
  command: ClassifyComplaint,
  state: ComplaintState,
  { taxonomy }: DecisionContext,
): ComplaintEvent[] => {
  const s = open(state);
  const { data, metadata } = command;
  ensure(
    s.status !== 'replied',
    E.ALREADY_REPLIED,
    'The final reply was given; classification is frozen until a reopen',
  );
  ensure(
    taxonomy.hasCategory(s.businessLine, data.category),
    E.UNKNOWN_CATEGORY,
    `Unknown category '${data.category}' for business line '${s.businessLine}'`,
    'category',
  );
  return [
    {
      type: 'ComplaintClassified',
      data: {
        complaintId: s.complaintId,
        category: data.category,
        severity: data.severity,
        responsibility: data.responsibility,
        form: data.form,
        ...(data.incidentId ? { incidentId: data.incidentId } : {}),
        classifiedAt: metadata.now,
      },
    },
  ];
};

export const flagAbnormal = (command: FlagComplaintAbnormal, state: ComplaintState): ComplaintEvent[] => {
  const s = open(state);
  ensure(!s.abnormal, E.ALREADY_ABNORMAL, 'Complaint is already flagged abnormal');
  return [
    {
      type: 'ComplaintFlaggedAbnormal',
      data: { complaintId: s.complaintId, reason: command.data.reason, flaggedAt: command.metadata.now },
    },
  ];
};

/**
 * An immediate reply answers on the spot: the acknowledgement is also the final reply. A deferred reply
 * promises a definite deadline, from the command or else from the SLA policy.
 */
export const acknowledge = (
  command: AcknowledgeComplaint,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = open(state);
  const { data, metadata } = command;
  const now = metadata.now;
  ensure(s.status === 'registered', E.ALREADY_ACKNOWLEDGED, 'Complaint was already acknowledged');
  const classification = s.classification ?? fail(E.NOT_CLASSIFIED, 'Classify the complaint first');

  if (data.mode === 'immediate') {
    ensure(
      data.replyDeadline === undefined,
      E.IMMEDIATE_WITH_DEADLINE,
      'An immediate reply has no deadline',
      'replyDeadline',
    );
    const reply =
      data.reply ?? fail(E.IMMEDIATE_REPLY_REQUIRED, 'An immediate reply needs the reply given', 'reply');
    return [
      {
        type: 'ComplaintAcknowledged',
        data: {
          complaintId: s.complaintId,
          mode: 'immediate',
          replyDeadline: now,
          contactMethod: data.contactMethod,
          acknowledgedAt: now,
        },
      },
      {
        type: 'FinalReplySent',
        data: {
          complaintId: s.complaintId,
          summary: reply,
          contactMethod: data.contactMethod,
          deadlineInForce: now,
          onTime: true,
          repliedAt: now,
        },
      },
    ];
  }

  const slaHours = slaHoursFor(policy, s.channel, classification.severity);
  // A reopened complaint is a repeat complaint: its SLA runs from the reopen.
  const slaStart = s.reopenedAt ?? s.receivedAt;
  const slaDeadline = slaHours === undefined ? undefined : addHours(slaStart, slaHours);
  const deadline =
    data.replyDeadline ??
    slaDeadline ??
    fail(E.DEADLINE_REQUIRED, 'A deferred reply needs a reply deadline', 'replyDeadline');
  ensureInstant(deadline, 'replyDeadline');
  ensure(
    isAfter(deadline, now),
    E.DEADLINE_NOT_IN_FUTURE,
    'The reply deadline must lie ahead',
    'replyDeadline',
  );
  if (slaDeadline !== undefined && !policy.allowDeadlineBeyondSla)
    ensure(
      !isBefore(slaDeadline, deadline),
      E.DEADLINE_BEYOND_SLA,
      `The reply deadline is later than the SLA allows (${slaDeadline})`,
      'replyDeadline',
    );
  return [
    {
      type: 'ComplaintAcknowledged',
      data: {
        complaintId: s.complaintId,
        mode: 'deferred',
        replyDeadline: deadline,
        contactMethod: data.contactMethod,
        acknowledgedAt: now,
      },
    },
  ];
};
