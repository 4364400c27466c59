import { cmd } from '../../test-support/complaint-commands';
import {
  acknowledgedDeferred,
  acknowledgedImmediately,
  causesAttributed,
  classified,
  closed,
  ev,
  investigated,
  merged,
  registered,
  replied,
  withdrawn,
} from '../../test-support/complaint-events';
import { given } from '../../test-support/decider-spec';
import { COMPLAINT_ID, NAMED_STAFF, T } from '../../test-support/fixtures';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';

/** Escalated urgently from the clerk straight to the branch manager: the team lead (level 1) is owed a notice. */
const urgentSkip = ev.escalated({
  toLevel: 2,
  toLevelName: 'branch-manager',
  urgent: true,
  skippedLevels: [1],
});

describe('SendInterimReply', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.sendInterimReply()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses: there is no deadline before the acknowledgement', () =>
      given(registered()).when(cmd.sendInterimReply()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given a classified complaint', () => {
    it('refuses as well', () =>
      given(classified()).when(cmd.sendInterimReply()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint (deferred)', () => {
    it('tells the status before the deadline and moves the deadline later', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply())
        .then([
          {
            type: 'InterimReplySent',
            data: {
              complaintId: COMPLAINT_ID,
              statusTold: 'Claim filed with the sorting centre',
              previousDeadline: T.deadline,
              nextDeadline: T.extendedDeadline,
              sentAt: T.handling,
            },
          },
        ]));

    it('refuses an interim reply at the deadline itself', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply({}, { now: T.deadline }))
        .thenThrows(E.INTERIM_AFTER_DEADLINE));

    it('refuses an interim reply after the deadline passed', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply({}, { now: '2026-03-04T10:00:00.000Z' }))
        .thenThrows(E.INTERIM_AFTER_DEADLINE));

    it('refuses a next deadline equal to the one in force', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply({ nextDeadline: T.deadline }))
        .thenThrows(E.INTERIM_DEADLINE_NOT_LATER, 'nextDeadline'));

    it('refuses a next deadline earlier than the one in force', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply({ nextDeadline: '2026-03-03T20:00:00.000Z' }))
        .thenThrows(E.INTERIM_DEADLINE_NOT_LATER, 'nextDeadline'));

    it('refuses a next deadline that is not an instant', () =>
      given(acknowledgedDeferred())
        .when(cmd.sendInterimReply({ nextDeadline: 'soon' }))
        .thenThrows(E.INVALID_INSTANT, 'nextDeadline'));
  });

  describe('given an acknowledged complaint with one interim reply', () => {
    const history = [...acknowledgedDeferred(), ev.interimReplySent()];
    const afterFirstDeadline = { now: '2026-03-05T09:00:00.000Z' };

    it('measures a second interim reply against the new deadline', () =>
      given(history)
        .when(cmd.sendInterimReply({ nextDeadline: '2026-03-09T09:00:00.000Z' }, afterFirstDeadline))
        .then([
          ev.interimReplySent({
            previousDeadline: T.extendedDeadline,
            nextDeadline: '2026-03-09T09:00:00.000Z',
            sentAt: afterFirstDeadline.now,
          }),
        ]));

    it('refuses a next deadline that is later than the first but not than the new one', () =>
      given(history)
        .when(cmd.sendInterimReply({ nextDeadline: '2026-03-05T12:00:00.000Z' }, afterFirstDeadline))
        .thenThrows(E.INTERIM_DEADLINE_NOT_LATER, 'nextDeadline'));

    it('refuses once the new deadline has passed too', () =>
      given(history)
        .when(cmd.sendInterimReply({ nextDeadline: '2026-03-09T09:00:00.000Z' }, { now: T.extendedDeadline }))
        .thenThrows(E.INTERIM_AFTER_DEADLINE));
  });

  describe('given a complaint replied to immediately', () => {
    it('refuses: an immediate reply has no deadline to extend', () =>
      given(acknowledgedImmediately()).when(cmd.sendInterimReply()).thenThrows(E.INTERIM_ON_IMMEDIATE));
  });

  describe('given a replied complaint (deferred)', () => {
    it('refuses', () => given(replied()).when(cmd.sendInterimReply()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.sendInterimReply()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.sendInterimReply()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.sendInterimReply()).thenThrows(E.MERGED));
  });
});

describe('DispatchComplaint', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.dispatch()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses: acknowledge before handling', () =>
      given(registered()).when(cmd.dispatch()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint', () => {
    it('dispatches a work order with a due time', () =>
      given(acknowledgedDeferred())
        .when(cmd.dispatch())
        .then([
          {
            type: 'ComplaintDispatched',
            data: {
              complaintId: COMPLAINT_ID,
              dispatchId: 'D1',
              assigneeKind: 'department',
              assignee: 'sorting-centre',
              instructions: 'Check the damage report of parcel PX1',
              dueAt: T.dispatchDue,
              dispatchedAt: T.handling,
            },
          },
        ]));

    it('refuses a due time that is now', () =>
      given(acknowledgedDeferred())
        .when(cmd.dispatch({ dueAt: T.handling }))
        .thenThrows(E.DISPATCH_DUE_NOT_IN_FUTURE, 'dueAt'));

    it('refuses a due time that is not an instant', () =>
      given(acknowledgedDeferred())
        .when(cmd.dispatch({ dueAt: 'tonight' }))
        .thenThrows(E.INVALID_INSTANT, 'dueAt'));
  });

  describe('given an acknowledged complaint with an open dispatch', () => {
    const history = [...acknowledgedDeferred(), ev.dispatched()];

    it('dispatches a second work order beside it', () =>
      given(history)
        .when(cmd.dispatch({ dispatchId: 'D2', assigneeKind: 'handler', assignee: 'S1002' }))
        .then([ev.dispatched({ dispatchId: 'D2', assigneeKind: 'handler', assignee: 'S1002' })]));

    it('refuses the id of the open dispatch', () =>
      given(history).when(cmd.dispatch()).thenThrows(E.DISPATCH_ID_TAKEN, 'dispatchId'));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.dispatch()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.dispatch()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.dispatch()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.dispatch()).thenThrows(E.MERGED));
  });
});

describe('ReturnDispatch', () => {
  const withOpenDispatch = (): ComplaintEvent[] => [...acknowledgedDeferred(), ev.dispatched()];
  const returned = (returnedAt: string, overdue: boolean): ComplaintEvent => ({
    type: 'DispatchReturned',
    data: {
      complaintId: COMPLAINT_ID,
      dispatchId: 'D1',
      result: 'Damage confirmed at the hub',
      returnedAt,
      overdue,
    },
  });

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.returnDispatch()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.returnDispatch()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint with an open dispatch', () => {
    it('records the result before the due time: not overdue', () =>
      given(withOpenDispatch())
        .when(cmd.returnDispatch())
        .then([returned(T.dispatchReturned, false)]));

    it('records the result at the due time: not overdue', () =>
      given(withOpenDispatch())
        .when(cmd.returnDispatch({}, { now: T.dispatchDue }))
        .then([returned(T.dispatchDue, false)]));

    it('records the result after the due time: overdue, for the shift lead', () =>
      given(withOpenDispatch())
        .when(cmd.returnDispatch({}, { now: '2026-03-03T18:00:00.001Z' }))
        .then([returned('2026-03-03T18:00:00.001Z', true)]));

    it('refuses an unknown dispatch id', () =>
      given(withOpenDispatch())
        .when(cmd.returnDispatch({ dispatchId: 'D9' }))
        .thenThrows(E.DISPATCH_NOT_OPEN, 'dispatchId'));
  });

  describe('given an acknowledged complaint whose dispatch was returned', () => {
    it('refuses to return it twice', () =>
      given([...withOpenDispatch(), returned(T.dispatchReturned, false)])
        .when(cmd.returnDispatch())
        .thenThrows(E.DISPATCH_NOT_OPEN, 'dispatchId'));
  });

  describe('given a withdrawn complaint with an open dispatch', () => {
    it('refuses', () =>
      given([...withOpenDispatch(), ev.withdrawn()])
        .when(cmd.returnDispatch())
        .thenThrows(E.WITHDRAWN));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.returnDispatch()).thenThrows(E.MERGED));
  });
});

describe('EscalateComplaint', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.escalate()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.escalate()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint at the clerk level', () => {
    it('escalates one level up', () =>
      given(acknowledgedDeferred())
        .when(cmd.escalate())
        .then([
          {
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
            },
          },
        ]));

    it('refuses to skip a level when the case is not urgent', () =>
      given(acknowledgedDeferred())
        .when(cmd.escalate({ toLevel: 2 }))
        .thenThrows(E.ESCALATION_SKIP_NOT_URGENT, 'toLevel'));

    it('skips levels when urgent, leaving a notice owed to each level passed over', () =>
      given(acknowledgedDeferred())
        .when(cmd.escalate({ toLevel: 3, urgent: true }))
        .then([
          ev.escalated({
            toLevel: 3,
            toLevelName: 'superior-department',
            urgent: true,
            skippedLevels: [1, 2],
          }),
        ]));

    it('refuses to escalate to the level it is at', () =>
      given(acknowledgedDeferred())
        .when(cmd.escalate({ toLevel: 0 }))
        .thenThrows(E.ESCALATION_NOT_HIGHER, 'toLevel'));

    it.each([4, -1, 1.5])('refuses level %p, which the ladder does not have', (toLevel) =>
      given(acknowledgedDeferred())
        .when(cmd.escalate({ toLevel, urgent: true }))
        .thenThrows(E.ESCALATION_UNKNOWN_LEVEL, 'toLevel'),
    );
  });

  describe('given a complaint escalated to the team lead', () => {
    const history = [...acknowledgedDeferred(), ev.escalated()];

    it('escalates level by level', () =>
      given(history)
        .when(cmd.escalate({ toLevel: 2 }))
        .then([ev.escalated({ fromLevel: 1, toLevel: 2, toLevelName: 'branch-manager' })]));

    it('refuses to go back down', () =>
      given(history)
        .when(cmd.escalate({ toLevel: 0 }))
        .thenThrows(E.ESCALATION_NOT_HIGHER, 'toLevel'));

    it('refuses the same level again', () =>
      given(history)
        .when(cmd.escalate({ toLevel: 1 }))
        .thenThrows(E.ESCALATION_NOT_HIGHER, 'toLevel'));
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.escalate()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.escalate()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.escalate()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.escalate()).thenThrows(E.MERGED));
  });
});

describe('NotifySuperiorOfEscalation', () => {
  const notified = {
    type: 'SuperiorNotifiedOfEscalation',
    data: { complaintId: COMPLAINT_ID, level: 1, notifiedAt: T.handling },
  } as const;

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.notifySuperior()).thenThrows(E.NOT_FOUND));
  });

  describe('given an acknowledged complaint without a skip-level escalation', () => {
    it('refuses: no notice is owed', () =>
      given(acknowledgedDeferred()).when(cmd.notifySuperior()).thenThrows(E.NO_PENDING_NOTICE, 'level'));
  });

  describe('given an urgent skip-level escalation', () => {
    const history = [...acknowledgedDeferred(), urgentSkip];

    it('records that the superior of the skipped level was told', () =>
      given(history).when(cmd.notifySuperior()).then([notified]));

    it('refuses a notice to a level that was not skipped', () =>
      given(history)
        .when(cmd.notifySuperior({ level: 2 }))
        .thenThrows(E.NO_PENDING_NOTICE, 'level'));

    it('refuses the same notice twice', () =>
      given([...history, notified])
        .when(cmd.notifySuperior())
        .thenThrows(E.NO_PENDING_NOTICE, 'level'));
  });

  describe('given a replied complaint with a notice still owed', () => {
    it('records the notice', () =>
      given([...acknowledgedDeferred(), urgentSkip, ev.finalReplySent()])
        .when(cmd.notifySuperior({}, { now: T.followedUp }))
        .then([{ ...notified, data: { ...notified.data, notifiedAt: T.followedUp } }]));
  });

  describe('given a withdrawn complaint with a notice still owed', () => {
    it('records the notice, which closing waits for', () =>
      given([...acknowledgedDeferred(), urgentSkip, ev.withdrawn()])
        .when(cmd.notifySuperior())
        .then([notified]));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.notifySuperior()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.notifySuperior()).thenThrows(E.MERGED));
  });
});

describe('RecordInvestigationFinding', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.recordFinding()).thenThrows(E.NOT_FOUND));
  });

  describe('given a registered complaint', () => {
    it('refuses', () => given(registered()).when(cmd.recordFinding()).thenThrows(E.NOT_ACKNOWLEDGED));
  });

  describe('given an acknowledged complaint', () => {
    it('records what was found', () =>
      given(acknowledgedDeferred())
        .when(cmd.recordFinding())
        .then([
          {
            type: 'InvestigationFindingRecorded',
            data: {
              complaintId: COMPLAINT_ID,
              sources: ['customer', 'records'],
              what: 'The parcel was crushed at the sorting hub',
              recordedAt: T.handling,
            },
          },
        ]));

    it('records the answers to the 5W questions', () => {
      const fiveW = {
        when: '2026-03-01T23:40:00.000Z',
        where: 'Hub 2, belt 4',
        who: 'Night shift',
        customerWants: 'The value of the vase',
      };
      given(acknowledgedDeferred())
        .when(cmd.recordFinding({ sources: ['cctv', 'staff'], ...fiveW }))
        .then([ev.findingRecorded({ sources: ['cctv', 'staff'], ...fiveW })]);
    });
  });

  describe('given a replied complaint', () => {
    it('refuses', () => given(replied()).when(cmd.recordFinding()).thenThrows(E.ALREADY_REPLIED));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () => given(withdrawn()).when(cmd.recordFinding()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.recordFinding()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.recordFinding()).thenThrows(E.MERGED));
  });
});

describe('AttributeRootCauses', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.attributeCauses()).thenThrows(E.NOT_FOUND));
  });

  describe('given an acknowledged complaint not yet investigated', () => {
    it('refuses: find the facts first', () =>
      given(acknowledgedDeferred()).when(cmd.attributeCauses()).thenThrows(E.NOT_INVESTIGATED));
  });

  describe('given an investigated complaint', () => {
    it('attributes a cause, its family taken from the taxonomy', () =>
      given(investigated())
        .when(cmd.attributeCauses())
        .then([
          {
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
            },
          },
        ]));

    it('numbers several causes C1, C2 and names staff only where given', () =>
      given(investigated())
        .when(
          cmd.attributeCauses({
            causes: [
              { causeCode: 'staff-attitude', responsibleUnit: 'branch-12', staffJobNumber: 'S1003' },
              { causeCode: 'system-outage', responsibleUnit: 'it-ops' },
            ],
          }),
        )
        .then([
          ev.causesAttributed({
            causes: [
              {
                causeId: 'C1',
                family: 'staff',
                causeCode: 'staff-attitude',
                responsibleUnit: 'branch-12',
                staffJobNumber: 'S1003',
              },
              { causeId: 'C2', family: 'facilities', causeCode: 'system-outage', responsibleUnit: 'it-ops' },
            ],
          }),
        ]));

    it('allows the same cause against two units', () =>
      given(investigated())
        .when(
          cmd.attributeCauses({
            causes: [
              { causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
              { causeCode: 'sorting-error', responsibleUnit: 'hub-3' },
            ],
          }),
        )
        .then([
          ev.causesAttributed({
            causes: [
              {
                causeId: 'C1',
                family: 'service-capacity',
                causeCode: 'sorting-error',
                responsibleUnit: 'hub-2',
              },
              {
                causeId: 'C2',
                family: 'service-capacity',
                causeCode: 'sorting-error',
                responsibleUnit: 'hub-3',
              },
            ],
          }),
        ]));

    it('refuses an empty list', () =>
      given(investigated())
        .when(cmd.attributeCauses({ causes: [] }))
        .thenThrows(E.NO_CAUSES, 'causes'));

    it('refuses an unknown cause code, naming the entry', () =>
      given(investigated())
        .when(
          cmd.attributeCauses({
            causes: [
              { causeCode: 'sorting-error', responsibleUnit: 'hub-2' },
              { causeCode: 'bad-luck', responsibleUnit: 'hub-2' },
            ],
          }),
        )
        .thenThrows(E.UNKNOWN_CAUSE, 'causes[1].causeCode'));

    it("refuses a cause of another business line (telecom's network coverage on a postal complaint)", () =>
      given(investigated())
        .when(cmd.attributeCauses({ causes: [{ causeCode: 'network-coverage', responsibleUnit: 'hub-2' }] }))
        .thenThrows(E.UNKNOWN_CAUSE, 'causes[0].causeCode'));

    it('refuses the same cause listed twice', () =>
      given(investigated())
        .when(
          cmd.attributeCauses({
            causes: [
              { causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: NAMED_STAFF },
              { causeCode: 'sorting-error', responsibleUnit: 'hub-2', staffJobNumber: NAMED_STAFF },
            ],
          }),
        )
        .thenThrows(E.DUPLICATE_CAUSE, 'causes[1].causeCode'));
  });

  describe('given causes C1 and C2 already attributed', () => {
    it('replaces them, continuing the ids from C3', () =>
      given([
        ...investigated(),
        ev.causesAttributed({
          causes: [
            {
              causeId: 'C1',
              family: 'service-capacity',
              causeCode: 'sorting-error',
              responsibleUnit: 'hub-2',
            },
            { causeId: 'C2', family: 'staff', causeCode: 'staff-skills', responsibleUnit: 'hub-2' },
          ],
        }),
      ])
        .when(cmd.attributeCauses({ causes: [{ causeCode: 'supplies', responsibleUnit: 'hub-2' }] }))
        .then([
          ev.causesAttributed({
            causes: [
              { causeId: 'C3', family: 'facilities', causeCode: 'supplies', responsibleUnit: 'hub-2' },
            ],
          }),
        ]));
  });

  describe('given a replied complaint that was investigated', () => {
    it('still attributes causes: the analysis may come after the answer', () =>
      given([...causesAttributed(), ev.finalReplySent()])
        .when(cmd.attributeCauses({}, { now: T.followedUp }))
        .then([
          ev.causesAttributed({
            causes: [
              {
                causeId: 'C2',
                family: 'service-capacity',
                causeCode: 'sorting-error',
                responsibleUnit: 'hub-2',
                staffJobNumber: NAMED_STAFF,
              },
            ],
            attributedAt: T.followedUp,
          }),
        ]));
  });

  describe('given a withdrawn complaint', () => {
    it('refuses', () =>
      given([...investigated(), ev.withdrawn()])
        .when(cmd.attributeCauses())
        .thenThrows(E.WITHDRAWN));
  });

  describe('given a closed complaint', () => {
    it('refuses', () => given(closed()).when(cmd.attributeCauses()).thenThrows(E.CLOSED));
  });

  describe('given a merged complaint', () => {
    it('refuses', () => given(merged()).when(cmd.attributeCauses()).thenThrows(E.MERGED));
  });
});
