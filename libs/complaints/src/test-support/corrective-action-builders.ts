/** Commands and events of one corrective action, decided at the weekly meeting of 2026-03-09. */
import {
  type CompleteCorrectiveAction,
  type CorrectiveActionCompleted,
  type CorrectiveActionEvent,
  type CorrectiveActionProposed,
  type CorrectiveActionStarted,
  type ProposeCorrectiveAction,
  type StartCorrectiveAction,
  type VerifyCorrectiveAction,
} from '../corrective-action/corrective-action';
import { type Meta } from './complaint-commands';
import { SUPERVISOR, at } from './fixtures';

export const ACTION_ID = 'ca-1';
export const OWNER = 'M3001';

export const AT = {
  meeting: '2026-03-09T02:00:00.000Z',
  proposed: '2026-03-09T03:00:00.000Z',
  started: '2026-03-10T01:00:00.000Z',
  completed: '2026-03-18T09:00:00.000Z',
  due: '2026-03-20T00:00:00.000Z',
  verified: '2026-04-06T02:00:00.000Z',
} as const;

type Data<C extends { data: unknown }> = Partial<C['data']>;

export const actionCmd = {
  propose: (data: Data<ProposeCorrectiveAction> = {}, meta: Meta = {}): ProposeCorrectiveAction => ({
    type: 'ProposeCorrectiveAction',
    data: {
      actionId: ACTION_ID,
      businessLine: 'postal',
      meetingDate: AT.meeting,
      causeCodes: ['sorting-error'],
      orgUnits: ['hub-2'],
      description: 'Re-train the night shift on sorting codes',
      owner: OWNER,
      dueAt: AT.due,
      ...data,
    },
    metadata: at(meta.now ?? AT.proposed, meta.actor ?? SUPERVISOR),
  }),
  start: (meta: Meta = {}): StartCorrectiveAction => ({
    type: 'StartCorrectiveAction',
    data: { actionId: ACTION_ID },
    metadata: at(meta.now ?? AT.started, meta.actor ?? OWNER),
  }),
  complete: (data: Data<CompleteCorrectiveAction> = {}, meta: Meta = {}): CompleteCorrectiveAction => ({
    type: 'CompleteCorrectiveAction',
    data: { actionId: ACTION_ID, note: 'All twelve sorters trained', ...data },
    metadata: at(meta.now ?? AT.completed, meta.actor ?? OWNER),
  }),
  verify: (data: Data<VerifyCorrectiveAction> = {}, meta: Meta = {}): VerifyCorrectiveAction => ({
    type: 'VerifyCorrectiveAction',
    data: { actionId: ACTION_ID, effective: true, note: 'Sorting errors down from 9 to 2 a week', ...data },
    metadata: at(meta.now ?? AT.verified, meta.actor ?? SUPERVISOR),
  }),
};

export const actionEv = {
  proposed: (data: Partial<CorrectiveActionProposed['data']> = {}): CorrectiveActionProposed => ({
    type: 'CorrectiveActionProposed',
    data: {
      actionId: ACTION_ID,
      businessLine: 'postal',
      meetingDate: AT.meeting,
      causeCodes: ['sorting-error'],
      orgUnits: ['hub-2'],
      description: 'Re-train the night shift on sorting codes',
      owner: OWNER,
      dueAt: AT.due,
      proposedAt: AT.proposed,
      ...data,
    },
  }),
  started: (): CorrectiveActionStarted => ({
    type: 'CorrectiveActionStarted',
    data: { actionId: ACTION_ID, startedAt: AT.started },
  }),
  completed: (data: Partial<CorrectiveActionCompleted['data']> = {}): CorrectiveActionCompleted => ({
    type: 'CorrectiveActionCompleted',
    data: {
      actionId: ACTION_ID,
      note: 'All twelve sorters trained',
      overdue: false,
      completedAt: AT.completed,
      ...data,
    },
  }),
};

export const actionProposed = (): CorrectiveActionEvent[] => [actionEv.proposed()];
export const actionStarted = (): CorrectiveActionEvent[] => [...actionProposed(), actionEv.started()];
export const actionCompleted = (): CorrectiveActionEvent[] => [...actionStarted(), actionEv.completed()];
export const actionVerified = (): CorrectiveActionEvent[] => [
  ...actionCompleted(),
  {
    type: 'CorrectiveActionVerified',
    data: {
      actionId: ACTION_ID,
      effective: true,
      note: 'Sorting errors down from 9 to 2 a week',
      verifiedBy: SUPERVISOR,
      verifiedAt: AT.verified,
    },
  },
];
