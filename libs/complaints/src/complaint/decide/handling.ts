import { ensure, fail } from '../../shared/domain-error';
import { isAfter, isBefore } from '../../shared/time';
import {
  type AttributeRootCauses,
  type DispatchComplaint,
  type EscalateComplaint,
  type NotifySuperiorOfEscalation,
  type RecordInvestigationFinding,
  type ReturnDispatch,
  type SendInterimReply,
} from '../complaint.commands';
import { ComplaintErrors as E } from '../complaint.errors';
import { type AttributedCause, type ComplaintEvent } from '../complaint.events';
import { type ComplaintState } from '../complaint.state';
import { type DecisionContext } from './context';
import { ensureAcknowledged, ensureInstant, existing, inHandling, open } from './guards';

/** The customer is told the status before the deadline passes, together with a later deadline. */
export const sendInterimReply = (command: SendInterimReply, state: ComplaintState): ComplaintEvent[] => {
  const s = open(state);
  ensureAcknowledged(s);
  const { data, metadata } = command;
  // Checked before "already replied": an immediate acknowledgement is itself the final reply.
  ensure(s.replyMode === 'deferred', E.INTERIM_ON_IMMEDIATE, 'An immediate reply has no deadline to extend');
  ensure(s.status !== 'replied', E.ALREADY_REPLIED, 'The final reply was already given');
  const current = s.deadlineInForce ?? fail(E.NOT_ACKNOWLEDGED, 'No reply deadline is in force');
  ensure(
    isBefore(metadata.now, current),
    E.INTERIM_AFTER_DEADLINE,
    `The interim reply must come before the deadline in force (${current})`,
  );
  ensureInstant(data.nextDeadline, 'nextDeadline');
  ensure(
    isAfter(data.nextDeadline, current),
    E.INTERIM_DEADLINE_NOT_LATER,
    `The next deadline must be later than the deadline in force (${current})`,
    'nextDeadline',
  );
  return [
    {
      type: 'InterimReplySent',
      data: {
        complaintId: s.complaintId,
        statusTold: data.statusTold,
        previousDeadline: current,
        nextDeadline: data.nextDeadline,
        sentAt: metadata.now,
      },
    },
  ];
};

export const dispatch = (command: DispatchComplaint, state: ComplaintState): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  ensure(
    !(data.dispatchId in s.openDispatches),
    E.DISPATCH_ID_TAKEN,
    'Dispatch id already open',
    'dispatchId',
  );
  ensureInstant(data.dueAt, 'dueAt');
  ensure(
    isAfter(data.dueAt, metadata.now),
    E.DISPATCH_DUE_NOT_IN_FUTURE,
    'The due time must lie ahead',
    'dueAt',
  );
  return [
    {
      type: 'ComplaintDispatched',
      data: {
        complaintId: s.complaintId,
        dispatchId: data.dispatchId,
        assigneeKind: data.assigneeKind,
        assignee: data.assignee,
        instructions: data.instructions,
        dueAt: data.dueAt,
        dispatchedAt: metadata.now,
      },
    },
  ];
};

export const returnDispatch = (command: ReturnDispatch, state: ComplaintState): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  const open = s.openDispatches[data.dispatchId];
  if (!open) return fail(E.DISPATCH_NOT_OPEN, `No open dispatch '${data.dispatchId}'`, 'dispatchId');
  return [
    {
      type: 'DispatchReturned',
      data: {
        complaintId: s.complaintId,
        dispatchId: data.dispatchId,
        result: data.result,
        returnedAt: metadata.now,
        overdue: isAfter(metadata.now, open.dueAt),
      },
    },
  ];
};

/**
 * Escalation goes level by level; an urgent case may skip levels, and every level skipped over leaves
 * a notice owed to its holder, the direct superior who must be told afterwards.
 */
export const escalate = (
  command: EscalateComplaint,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  const levels = policy.escalationLevels;
  ensure(
    Number.isInteger(data.toLevel) && data.toLevel >= 0 && data.toLevel < levels.length,
    E.ESCALATION_UNKNOWN_LEVEL,
    `Level must be between 1 and ${levels.length - 1}`,
    'toLevel',
  );
  ensure(
    data.toLevel > s.escalationLevel,
    E.ESCALATION_NOT_HIGHER,
    `Already at level ${s.escalationLevel}`,
    'toLevel',
  );
  const skippedLevels: number[] = [];
  for (let level = s.escalationLevel + 1; level < data.toLevel; level++) skippedLevels.push(level);
  ensure(
    skippedLevels.length === 0 || data.urgent,
    E.ESCALATION_SKIP_NOT_URGENT,
    'Only an urgent case may skip levels',
    'toLevel',
  );
  return [
    {
      type: 'ComplaintEscalated',
      data: {
        complaintId: s.complaintId,
        fromLevel: s.escalationLevel,
        toLevel: data.toLevel,
        toLevelName: levels[data.toLevel] ?? String(data.toLevel),
        reason: data.reason,
        urgent: data.urgent,
        skippedLevels,
        escalatedAt: metadata.now,
      },
    },
  ];
};

/** Owed also after a withdrawal: closing a withdrawn complaint waits for the notice. */
export const notifySuperior = (
  command: NotifySuperiorOfEscalation,
  state: ComplaintState,
): ComplaintEvent[] => {
  const s = existing(state);
  ensure(s.status !== 'closed', E.CLOSED, 'Complaint is closed; reopen it first');
  ensure(
    s.pendingSuperiorNotices.includes(command.data.level),
    E.NO_PENDING_NOTICE,
    `No after-notice is owed to level ${command.data.level}`,
    'level',
  );
  return [
    {
      type: 'SuperiorNotifiedOfEscalation',
      data: { complaintId: s.complaintId, level: command.data.level, notifiedAt: command.metadata.now },
    },
  ];
};

export const recordFinding = (
  command: RecordInvestigationFinding,
  state: ComplaintState,
): ComplaintEvent[] => {
  const s = inHandling(state);
  const { data, metadata } = command;
  return [
    {
      type: 'InvestigationFindingRecorded',
      data: {
        complaintId: s.complaintId,
        sources: data.sources,
        ...(data.when !== undefined ? { when: data.when } : {}),
        ...(data.where !== undefined ? { where: data.where } : {}),
        ...(data.who !== undefined ? { who: data.who } : {}),
        what: data.what,
        ...(data.customerWants !== undefined ? { customerWants: data.customerWants } : {}),
        recordedAt: metadata.now,
      },
    },
  ];
};

/**
 * Causes are attributed once investigated; a new attribution replaces the list. Cause ids continue a
 * per-complaint sequence so an appeal always names one attribution unambiguously.
 */
export const attributeCauses = (
  command: AttributeRootCauses,
  state: ComplaintState,
  { taxonomy }: DecisionContext,
): ComplaintEvent[] => {
  const s = open(state);
  const { data, metadata } = command;
  ensure(s.investigated, E.NOT_INVESTIGATED, 'Record an investigation finding first');
  ensure(data.causes.length > 0, E.NO_CAUSES, 'Attribute at least one cause', 'causes');
  const seen = new Set<string>();
  const causes: AttributedCause[] = data.causes.map((input, index) => {
    const field = `causes[${index}].causeCode`;
    const entry =
      taxonomy.cause(s.businessLine, input.causeCode) ??
      fail(E.UNKNOWN_CAUSE, `Unknown cause '${input.causeCode}' for '${s.businessLine}'`, field);
    const key = `${input.causeCode}|${input.responsibleUnit}|${input.staffJobNumber ?? ''}`;
    ensure(!seen.has(key), E.DUPLICATE_CAUSE, 'The same cause is listed twice', field);
    seen.add(key);
    return {
      causeId: `C${s.causeSequence + index + 1}`,
      family: entry.family,
      causeCode: entry.code,
      responsibleUnit: input.responsibleUnit,
      ...(input.staffJobNumber ? { staffJobNumber: input.staffJobNumber } : {}),
    };
  });
  return [
    {
      type: 'RootCausesAttributed',
      data: { complaintId: s.complaintId, causes, attributedAt: metadata.now },
    },
  ];
};
