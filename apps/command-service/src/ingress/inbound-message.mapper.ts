import { type InboundMessage, type StatusUpdate } from '@app/messaging/inbound/inbound-message';
import {
  type ComplaintAction,
  HandleComplaintCommand,
} from '../complaints/handle-complaint/handle-complaint.command';
import { RegisterComplaintCommand } from '../complaints/register-complaint/register-complaint.command';
import { uuidFrom } from '../shared/ids';
import { type OrgUnitScope, type RequestContext } from '../shared/request-context';

/** The complaint id an upstream (system, externalId) pair maps to; registration derives the same one. */
export const complaintIdForSource = (system: string, externalId: string): string =>
  uuidFrom('complaint', `source:${system}:${externalId}`);

const statusAction = (complaintId: string, update: StatusUpdate): ComplaintAction => {
  switch (update.status) {
    case 'classified': {
      const { status: _s, ...data } = update;
      return { type: 'ClassifyComplaint', data: { complaintId, ...data } };
    }
    case 'acknowledged': {
      const { status: _s, ...data } = update;
      return { type: 'AcknowledgeComplaint', data: { complaintId, ...data } };
    }
    case 'replied':
      return {
        type: 'SendFinalReply',
        data: { complaintId, summary: update.summary, contactMethod: update.contactMethod },
      };
    case 'closed':
      return { type: 'CloseComplaint', data: { complaintId } };
    case 'reopened':
      return { type: 'ReopenComplaint', data: { complaintId, reason: update.reason } };
    case 'withdrawn':
      return { type: 'WithdrawComplaint', data: { complaintId, reason: update.reason } };
  }
};

/**
 * Who sent a message over HTTP: the authenticated system (recorded as the actor) and its org units. A
 * message from the Kafka topic has no sender: its source system is the actor, unscoped.
 */
export type InboundSender = {
  actor?: RequestContext['actor'];
  scope?: OrgUnitScope;
  sources?: RequestContext['sources'];
};

/**
 * An upstream message becomes exactly one command, decided as of the moment the message reports. A
 * registration is deduplicated by (source system, external id); every other message by (source
 * system, message id), so a redelivery appends nothing.
 */
export const toCommand = (
  message: InboundMessage,
  sender: InboundSender = {},
): RegisterComplaintCommand | HandleComplaintCommand => {
  const { system, externalId } = message.source;
  const context: RequestContext = {
    actor: sender.actor ?? { id: system, role: 'upstream-system' },
    scope: sender.scope ?? 'all',
    sources: sender.sources ?? 'any',
    correlationId: `${system}:${externalId}`,
    causationId: `${system}:${message.messageId}`,
    occurredAt: new Date(message.occurredAt).toISOString(),
  };
  const receivedAt = context.occurredAt;
  switch (message.type) {
    case 'ComplaintReceived':
      return new RegisterComplaintCommand(
        { ...message.payload, receivedAt, source: message.source },
        context,
      );
    case 'ReferralReceived': {
      const { referredBy, referenceNumber, ...registration } = message.payload;
      return new RegisterComplaintCommand(
        { ...registration, receivedAt, source: message.source, referral: { referredBy, referenceNumber } },
        context,
      );
    }
    case 'InvestigationFindingReported':
    case 'RootCausesReported': {
      const complaintId = complaintIdForSource(system, externalId);
      const action: ComplaintAction =
        message.type === 'InvestigationFindingReported'
          ? { type: 'RecordInvestigationFinding', data: { complaintId, ...message.payload } }
          : { type: 'AttributeRootCauses', data: { complaintId, ...message.payload } };
      return new HandleComplaintCommand(complaintId, action, {
        ...context,
        idempotencyKey: `inbound:${system}:${message.messageId}`,
      });
    }
    case 'FollowUpResultReported': {
      const complaintId = complaintIdForSource(system, externalId);
      const { method, level, answers, comment } = message.payload;
      return new HandleComplaintCommand(
        complaintId,
        {
          type: 'RecordFollowUp',
          data: { complaintId, method, level, answers, ...(comment === undefined ? {} : { comment }) },
        },
        { ...context, idempotencyKey: `inbound:${system}:${message.messageId}` },
      );
    }
    case 'StatusUpdated': {
      const complaintId = complaintIdForSource(system, externalId);
      return new HandleComplaintCommand(complaintId, statusAction(complaintId, message.payload), {
        ...context,
        idempotencyKey: `inbound:${system}:${message.messageId}`,
      });
    }
  }
};
