import {
  ACTION_ID,
  AT,
  OWNER,
  actionCmd,
  actionCompleted,
  actionEv,
  actionProposed,
  actionStarted,
  actionVerified,
} from '../test-support/corrective-action-builders';
import { givenAction } from '../test-support/decider-spec';
import {
  CorrectiveActionErrors as E,
  type CorrectiveActionEvent,
  evolveCorrectiveAction,
  foldCorrectiveAction,
  initialCorrectiveActionState,
} from './corrective-action';

describe('ProposeCorrectiveAction', () => {
  describe('given no action', () => {
    it('records the measure with its causes, units, owner and due date', () =>
      givenAction([])
        .when(actionCmd.propose())
        .then([
          {
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
            },
          },
        ]));

    it('takes several causes and units', () =>
      givenAction([])
        .when(
          actionCmd.propose({ causeCodes: ['sorting-error', 'staff-skills'], orgUnits: ['hub-2', 'hub-3'] }),
        )
        .then([
          actionEv.proposed({ causeCodes: ['sorting-error', 'staff-skills'], orgUnits: ['hub-2', 'hub-3'] }),
        ]));

    it('names the quality meeting and the decision that proposed it, so the action leads back to them', () =>
      givenAction([])
        .when(actionCmd.propose({ meetingId: 'm-2026-w10', decisionId: 'd-1' }))
        .then([actionEv.proposed({ meetingId: 'm-2026-w10', decisionId: 'd-1' })]));

    it('refuses an unknown business line', () =>
      givenAction([])
        .when(actionCmd.propose({ businessLine: 'railway' }))
        .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'businessLine'));

    it('refuses an empty list of causes', () =>
      givenAction([])
        .when(actionCmd.propose({ causeCodes: [] }))
        .thenThrows(E.NO_CAUSES, 'causeCodes'));

    it("refuses a cause unknown to the business line, naming the entry (telecom's cause on postal)", () =>
      givenAction([])
        .when(actionCmd.propose({ causeCodes: ['sorting-error', 'network-coverage'] }))
        .thenThrows(E.UNKNOWN_CAUSE, 'causeCodes[1]'));

    it('refuses an empty list of org units', () =>
      givenAction([])
        .when(actionCmd.propose({ orgUnits: [] }))
        .thenThrows(E.NO_ORG_UNITS, 'orgUnits'));

    it('refuses a due date that is not an instant', () =>
      givenAction([])
        .when(actionCmd.propose({ dueAt: 'end of month' }))
        .thenThrows(E.INVALID_INSTANT, 'dueAt'));

    it('refuses a meeting date that is not an instant', () =>
      givenAction([])
        .when(actionCmd.propose({ meetingDate: 'last Monday' }))
        .thenThrows(E.INVALID_INSTANT, 'meetingDate'));

    it('refuses a due date at the meeting', () =>
      givenAction([])
        .when(actionCmd.propose({ dueAt: AT.meeting }))
        .thenThrows(E.DUE_BEFORE_MEETING, 'dueAt'));

    it('refuses a due date before the meeting', () =>
      givenAction([])
        .when(actionCmd.propose({ dueAt: '2026-03-08T00:00:00.000Z' }))
        .thenThrows(E.DUE_BEFORE_MEETING, 'dueAt'));
  });

  describe('given a proposed action', () => {
    it('refuses a second one under the same id', () =>
      givenAction(actionProposed()).when(actionCmd.propose()).thenThrows(E.ALREADY_PROPOSED, 'actionId'));
  });
});

describe('StartCorrectiveAction', () => {
  describe('given no action', () => {
    it('reports it as not found', () => {
      const error = givenAction([]).when(actionCmd.start()).error();
      expect({ code: error.code, kind: error.kind }).toEqual({ code: E.NOT_FOUND, kind: 'not-found' });
    });
  });

  describe('given a proposed action', () => {
    it('starts it', () =>
      givenAction(actionProposed())
        .when(actionCmd.start())
        .then([{ type: 'CorrectiveActionStarted', data: { actionId: ACTION_ID, startedAt: AT.started } }]));
  });

  describe.each([
    ['started', actionStarted],
    ['completed', actionCompleted],
    ['verified', actionVerified],
  ])('given a %s action', (_state, history) => {
    it('refuses: only a proposed action starts', () =>
      givenAction(history()).when(actionCmd.start()).thenThrows(E.NOT_PROPOSED));
  });
});

describe('CompleteCorrectiveAction', () => {
  const completed = (completedAt: string, overdue: boolean): CorrectiveActionEvent => ({
    type: 'CorrectiveActionCompleted',
    data: { actionId: ACTION_ID, note: 'All twelve sorters trained', overdue, completedAt },
  });

  describe('given no action', () => {
    it('reports it as not found', () => givenAction([]).when(actionCmd.complete()).thenThrows(E.NOT_FOUND));
  });

  describe('given a started action', () => {
    it('completes it before the due date: not overdue', () =>
      givenAction(actionStarted())
        .when(actionCmd.complete())
        .then([completed(AT.completed, false)]));

    it('completes it at the due date: not overdue', () =>
      givenAction(actionStarted())
        .when(actionCmd.complete({}, { now: AT.due }))
        .then([completed(AT.due, false)]));

    it('completes it after the due date: overdue', () =>
      givenAction(actionStarted())
        .when(actionCmd.complete({}, { now: '2026-03-23T09:00:00.000Z' }))
        .then([completed('2026-03-23T09:00:00.000Z', true)]));
  });

  describe.each([
    ['proposed', actionProposed],
    ['completed', actionCompleted],
    ['verified', actionVerified],
  ])('given a %s action', (_state, history) => {
    it('refuses: only a started action completes', () =>
      givenAction(history()).when(actionCmd.complete()).thenThrows(E.NOT_STARTED));
  });
});

describe('VerifyCorrectiveAction', () => {
  describe('given no action', () => {
    it('reports it as not found', () => givenAction([]).when(actionCmd.verify()).thenThrows(E.NOT_FOUND));
  });

  describe('given a completed action', () => {
    it('records that it worked', () =>
      givenAction(actionCompleted()).when(actionCmd.verify()).then(actionVerified().slice(-1)));

    it('records that it did not, by whoever checked', () =>
      givenAction(actionCompleted())
        .when(actionCmd.verify({ effective: false, note: 'No change in sorting errors' }, { actor: 'Q4001' }))
        .then([
          {
            type: 'CorrectiveActionVerified',
            data: {
              actionId: ACTION_ID,
              effective: false,
              note: 'No change in sorting errors',
              verifiedBy: 'Q4001',
              verifiedAt: AT.verified,
            },
          },
        ]));
  });

  describe.each([
    ['proposed', actionProposed],
    ['started', actionStarted],
    ['verified', actionVerified],
  ])('given a %s action', (_state, history) => {
    it('refuses: only a completed action is verified', () =>
      givenAction(history()).when(actionCmd.verify()).thenThrows(E.NOT_COMPLETED));
  });
});

describe('evolveCorrectiveAction / foldCorrectiveAction', () => {
  it('folds the whole life of an action', () =>
    expect(foldCorrectiveAction(actionVerified())).toStrictEqual({
      status: 'verified',
      actionId: ACTION_ID,
      businessLine: 'postal',
      causeCodes: ['sorting-error'],
      orgUnits: ['hub-2'],
      owner: OWNER,
      dueAt: AT.due,
      effective: true,
    }));

  it.each([
    ['proposed', actionProposed],
    ['started', actionStarted],
    ['completed', actionCompleted],
  ])('is %s after that step', (status, history) =>
    expect(foldCorrectiveAction(history()).status).toBe(status),
  );

  it('ignores a later event without a proposal', () =>
    expect(evolveCorrectiveAction(initialCorrectiveActionState(), actionEv.started())).toStrictEqual({
      status: 'none',
    }));
});
