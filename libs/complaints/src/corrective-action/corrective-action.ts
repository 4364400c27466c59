import { DomainError, ensure } from '../shared/domain-error';
import { isAfter, isValidInstant } from '../shared/time';
import { type Command, type Event, assertNever } from '../shared/typing';
import { type Taxonomy } from '../taxonomy/taxonomy';

/**
 * A corrective measure (措施) decided at a quality-analysis meeting against one or more causes in one or
 * more org units, with an owner and a due date; later meetings check it was carried out and whether it
 * worked.
 */
export type CorrectiveActionProposed = Event<
  'CorrectiveActionProposed',
  {
    actionId: string;
    businessLine: string;
    meetingDate: string;
    causeCodes: string[];
    orgUnits: string[];
    description: string;
    owner: string;
    dueAt: string;
    proposedAt: string;
    /** The quality meeting and its decision that proposed it, when one did (absent on older events). */
    meetingId?: string;
    decisionId?: string;
  }
>;
export type CorrectiveActionStarted = Event<
  'CorrectiveActionStarted',
  { actionId: string; startedAt: string }
>;
export type CorrectiveActionCompleted = Event<
  'CorrectiveActionCompleted',
  { actionId: string; note: string; overdue: boolean; completedAt: string }
>;
export type CorrectiveActionVerified = Event<
  'CorrectiveActionVerified',
  { actionId: string; effective: boolean; note: string; verifiedBy: string; verifiedAt: string }
>;

export type CorrectiveActionEvent =
  CorrectiveActionProposed | CorrectiveActionStarted | CorrectiveActionCompleted | CorrectiveActionVerified;

export const CORRECTIVE_ACTION_EVENT_TYPES: readonly CorrectiveActionEvent['type'][] = [
  'CorrectiveActionProposed',
  'CorrectiveActionStarted',
  'CorrectiveActionCompleted',
  'CorrectiveActionVerified',
];

export type ProposeCorrectiveAction = Command<
  'ProposeCorrectiveAction',
  {
    actionId: string;
    businessLine: string;
    meetingDate: string;
    causeCodes: string[];
    orgUnits: string[];
    description: string;
    owner: string;
    dueAt: string;
    meetingId?: string;
    decisionId?: string;
  }
>;
export type StartCorrectiveAction = Command<'StartCorrectiveAction', { actionId: string }>;
export type CompleteCorrectiveAction = Command<
  'CompleteCorrectiveAction',
  { actionId: string; note: string }
>;
export type VerifyCorrectiveAction = Command<
  'VerifyCorrectiveAction',
  { actionId: string; effective: boolean; note: string }
>;

export type CorrectiveActionCommand =
  ProposeCorrectiveAction | StartCorrectiveAction | CompleteCorrectiveAction | VerifyCorrectiveAction;

export type CorrectiveActionStatus = 'proposed' | 'started' | 'completed' | 'verified';

export type CorrectiveActionState =
  | { status: 'none' }
  | {
      status: CorrectiveActionStatus;
      actionId: string;
      businessLine: string;
      causeCodes: string[];
      orgUnits: string[];
      owner: string;
      dueAt: string;
      effective?: boolean;
    };

export const CorrectiveActionErrors = {
  NOT_FOUND: 'CORRECTIVE_ACTION.NOT_FOUND',
  ALREADY_PROPOSED: 'CORRECTIVE_ACTION.ALREADY_PROPOSED',
  UNKNOWN_BUSINESS_LINE: 'TAXONOMY.UNKNOWN_BUSINESS_LINE',
  UNKNOWN_CAUSE: 'TAXONOMY.UNKNOWN_CAUSE',
  NO_CAUSES: 'CORRECTIVE_ACTION.NO_CAUSES',
  NO_ORG_UNITS: 'CORRECTIVE_ACTION.NO_ORG_UNITS',
  DUE_BEFORE_MEETING: 'CORRECTIVE_ACTION.DUE_BEFORE_MEETING',
  INVALID_INSTANT: 'COMMAND.INVALID_INSTANT',
  NOT_PROPOSED: 'CORRECTIVE_ACTION.NOT_PROPOSED',
  NOT_STARTED: 'CORRECTIVE_ACTION.NOT_STARTED',
  NOT_COMPLETED: 'CORRECTIVE_ACTION.NOT_COMPLETED',
} as const;
const E = CorrectiveActionErrors;

export const initialCorrectiveActionState = (): CorrectiveActionState => ({ status: 'none' });

export const evolveCorrectiveAction = (
  state: CorrectiveActionState,
  event: CorrectiveActionEvent,
): CorrectiveActionState => {
  switch (event.type) {
    case 'CorrectiveActionProposed': {
      const { actionId, businessLine, causeCodes, orgUnits, owner, dueAt } = event.data;
      return { status: 'proposed', actionId, businessLine, causeCodes, orgUnits, owner, dueAt };
    }
    case 'CorrectiveActionStarted':
      return state.status === 'none' ? state : { ...state, status: 'started' };
    case 'CorrectiveActionCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed' };
    case 'CorrectiveActionVerified':
      return state.status === 'none'
        ? state
        : { ...state, status: 'verified', effective: event.data.effective };
    default:
      return assertNever(event);
  }
};

/** The one answer for a corrective action that is not there (or not the caller's to see). */
export const correctiveActionNotFound = (): DomainError =>
  new DomainError(E.NOT_FOUND, 'Corrective action not found', undefined, 'not-found');

const existing = (state: CorrectiveActionState) => {
  if (state.status === 'none') throw correctiveActionNotFound();
  return state;
};

export const decideCorrectiveAction = (
  command: CorrectiveActionCommand,
  state: CorrectiveActionState,
  { taxonomy }: { taxonomy: Taxonomy },
): CorrectiveActionEvent[] => {
  const now = command.metadata.now;
  switch (command.type) {
    case 'ProposeCorrectiveAction': {
      const d = command.data;
      ensure(
        state.status === 'none',
        E.ALREADY_PROPOSED,
        'A corrective action with this id exists',
        'actionId',
      );
      ensure(
        taxonomy.line(d.businessLine) !== undefined,
        E.UNKNOWN_BUSINESS_LINE,
        `Unknown business line '${d.businessLine}'`,
        'businessLine',
      );
      ensure(d.causeCodes.length > 0, E.NO_CAUSES, 'Name at least one cause code', 'causeCodes');
      d.causeCodes.forEach((code, i) =>
        ensure(
          taxonomy.cause(d.businessLine, code) !== undefined,
          E.UNKNOWN_CAUSE,
          `Unknown cause '${code}'`,
          `causeCodes[${i}]`,
        ),
      );
      ensure(d.orgUnits.length > 0, E.NO_ORG_UNITS, 'Name at least one org unit', 'orgUnits');
      ensure(
        isValidInstant(d.meetingDate),
        E.INVALID_INSTANT,
        'meetingDate is not a valid instant',
        'meetingDate',
      );
      ensure(isValidInstant(d.dueAt), E.INVALID_INSTANT, 'dueAt is not a valid instant', 'dueAt');
      ensure(
        isAfter(d.dueAt, d.meetingDate),
        E.DUE_BEFORE_MEETING,
        'The due date must come after the meeting',
        'dueAt',
      );
      return [{ type: 'CorrectiveActionProposed', data: { ...d, proposedAt: now } }];
    }
    case 'StartCorrectiveAction': {
      const s = existing(state);
      ensure(s.status === 'proposed', E.NOT_PROPOSED, `Action is ${s.status}; only a proposed action starts`);
      return [{ type: 'CorrectiveActionStarted', data: { actionId: s.actionId, startedAt: now } }];
    }
    case 'CompleteCorrectiveAction': {
      const s = existing(state);
      ensure(s.status === 'started', E.NOT_STARTED, `Action is ${s.status}; only a started action completes`);
      return [
        {
          type: 'CorrectiveActionCompleted',
          data: {
            actionId: s.actionId,
            note: command.data.note,
            overdue: isAfter(now, s.dueAt),
            completedAt: now,
          },
        },
      ];
    }
    case 'VerifyCorrectiveAction': {
      const s = existing(state);
      ensure(
        s.status === 'completed',
        E.NOT_COMPLETED,
        `Action is ${s.status}; only a completed action is verified`,
      );
      return [
        {
          type: 'CorrectiveActionVerified',
          data: {
            actionId: s.actionId,
            effective: command.data.effective,
            note: command.data.note,
            verifiedBy: command.metadata.actor.id,
            verifiedAt: now,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

export const foldCorrectiveAction = (events: readonly CorrectiveActionEvent[]): CorrectiveActionState =>
  events.reduce(evolveCorrectiveAction, initialCorrectiveActionState());
