import { cmd } from '../test-support/complaint-commands';
import {
  acknowledgedDeferred,
  causesAttributed,
  closed,
  ev,
  followedUp,
  merged,
  registered,
  reopened,
  replied,
  target,
  withdrawn,
} from '../test-support/complaint-events';
import {
  COMPLAINT_ID,
  CUSTOMER_REFERENCE,
  SUPERVISOR,
  T,
  TARGET_ID,
  at,
  defaultContext,
} from '../test-support/fixtures';
import { decideComplaint, decideMerge, type SingleComplaintCommand } from './complaint.decide';
import { type ComplaintEvent } from './complaint.events';
import {
  type ComplaintState,
  type OpenComplaintState,
  evolveComplaint,
  foldComplaint,
  initialComplaintState,
} from './complaint.state';

const fold = (events: readonly ComplaintEvent[]): OpenComplaintState => {
  const state = foldComplaint(events);
  if (state.status === 'none') throw new Error('Expected a registered complaint');
  return state;
};

describe('evolveComplaint / foldComplaint', () => {
  describe('from no complaint', () => {
    it('starts as none', () => expect(initialComplaintState()).toStrictEqual({ status: 'none' }));

    it('ignores every event before the registration', () =>
      expect(evolveComplaint({ status: 'none' }, ev.classified())).toStrictEqual({ status: 'none' }));

    it('registers with nothing yet done', () =>
      expect(foldComplaint(registered())).toStrictEqual({
        status: 'registered',
        complaintId: COMPLAINT_ID,
        acceptanceNumber: 'PO-20260302-0001',
        businessLine: 'postal',
        channel: 'counter',
        customerReference: CUSTOMER_REFERENCE,
        receivedAt: T.received,
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
      }));
  });

  describe('intake', () => {
    it('keeps the latest classification', () =>
      expect(
        fold([...registered(), ev.classified(), ev.classified({ severity: 'serious', incidentId: 'INC-3' })])
          .classification,
      ).toEqual({
        category: 'item-damaged',
        severity: 'serious',
        responsibility: 'at-fault',
        form: 'quality',
        incidentId: 'INC-3',
      }));

    it('flags an abnormal complaint', () =>
      expect(
        fold([
          ...registered(),
          {
            type: 'ComplaintFlaggedAbnormal',
            data: { complaintId: COMPLAINT_ID, reason: 'x', flaggedAt: T.handling },
          },
        ]).abnormal,
      ).toBe(true));

    it('puts the promised deadline in force on acknowledgement', () =>
      expect(fold(acknowledgedDeferred())).toMatchObject({
        status: 'acknowledged',
        replyMode: 'deferred',
        deadlineInForce: T.deadline,
      }));
  });

  describe('handling', () => {
    it('moves the deadline in force with each interim reply', () => {
      const state = fold([
        ...acknowledgedDeferred(),
        ev.interimReplySent(),
        ev.interimReplySent({
          previousDeadline: T.extendedDeadline,
          nextDeadline: '2026-03-09T09:00:00.000Z',
        }),
      ]);
      expect({ deadlineInForce: state.deadlineInForce, interimReplies: state.interimReplies }).toStrictEqual({
        deadlineInForce: '2026-03-09T09:00:00.000Z',
        interimReplies: 2,
      });
    });

    it('tracks open dispatches and counts every dispatch', () => {
      const state = fold([
        ...acknowledgedDeferred(),
        ev.dispatched(),
        ev.dispatched({ dispatchId: 'D2', dueAt: '2026-03-03T20:00:00.000Z' }),
        {
          type: 'DispatchReturned',
          data: {
            complaintId: COMPLAINT_ID,
            dispatchId: 'D1',
            result: 'ok',
            returnedAt: T.dispatchReturned,
            overdue: false,
          },
        },
      ]);
      expect({ open: state.openDispatches, count: state.dispatchCount }).toStrictEqual({
        open: { D2: { dueAt: '2026-03-03T20:00:00.000Z' } },
        count: 2,
      });
    });

    it('raises the escalation level and keeps the notices owed until each is given', () => {
      const state = fold([
        ...acknowledgedDeferred(),
        ev.escalated({ toLevel: 3, toLevelName: 'superior-department', urgent: true, skippedLevels: [1, 2] }),
        {
          type: 'SuperiorNotifiedOfEscalation',
          data: { complaintId: COMPLAINT_ID, level: 1, notifiedAt: T.handling },
        },
      ]);
      expect({ level: state.escalationLevel, pending: state.pendingSuperiorNotices }).toStrictEqual({
        level: 3,
        pending: [2],
      });
    });

    it('accumulates the notices owed by successive skip-level escalations', () =>
      expect(
        fold([
          ...acknowledgedDeferred(),
          ev.escalated({ toLevel: 2, toLevelName: 'branch-manager', urgent: true, skippedLevels: [1] }),
          ev.escalated({
            fromLevel: 2,
            toLevel: 4,
            toLevelName: 'national-centre',
            urgent: true,
            skippedLevels: [3],
          }),
        ]).pendingSuperiorNotices,
      ).toStrictEqual([1, 3]));

    it('replaces the causes on re-attribution but keeps counting their ids', () => {
      const state = fold([
        ...causesAttributed(),
        ev.causesAttributed({
          causes: [
            { causeId: 'C2', family: 'staff', causeCode: 'staff-skills', responsibleUnit: 'hub-2' },
            { causeId: 'C3', family: 'facilities', causeCode: 'supplies', responsibleUnit: 'hub-2' },
          ],
        }),
      ]);
      expect({
        investigated: state.investigated,
        ids: state.causes.map((c) => c.causeId),
        sequence: state.causeSequence,
      }).toStrictEqual({
        investigated: true,
        ids: ['C2', 'C3'],
        sequence: 3,
      });
    });

    it('records the appeal on its cause', () => {
      expect(fold([...causesAttributed(), ev.appealFiled()]).causes[0].appeal).toBe('open');
      expect(
        fold([...causesAttributed(), ev.appealFiled(), ev.appealDecided({ outcome: 'upheld' })]).causes[0]
          .appeal,
      ).toBe('upheld');
    });
  });

  describe('resolution', () => {
    const needsApproval = ev.proposed({
      options: [{ kind: 'compensation', amount: 800 }],
      totalAmount: 800,
      requiresApproval: true,
    });

    it.each<[string, ComplaintEvent[], string]>([
      ['awaits approval above the threshold', [needsApproval], 'awaiting-approval'],
      ['is offered within the threshold', [ev.proposed()], 'offered'],
      ['is offered once approved', [needsApproval, ev.approved()], 'offered'],
      [
        'is rejected by the approver',
        [
          needsApproval,
          {
            type: 'ResolutionRejected',
            data: {
              complaintId: COMPLAINT_ID,
              proposalId: 'P1',
              rejectedBy: SUPERVISOR,
              reason: 'x',
              rejectedAt: T.handling,
            },
          },
        ],
        'rejected-by-approver',
      ],
      ['is accepted', [ev.proposed(), ev.acceptedByCustomer()], 'accepted'],
      [
        'is rejected by the customer',
        [
          ev.proposed(),
          {
            type: 'ResolutionRejectedByCustomer',
            data: { complaintId: COMPLAINT_ID, proposalId: 'P1', reason: 'x', rejectedAt: T.handling },
          },
        ],
        'rejected-by-customer',
      ],
      ['is implemented', [ev.proposed(), ev.acceptedByCustomer(), ev.implemented()], 'implemented'],
    ])('a proposal %s', (_case, events, status) =>
      expect(fold([...acknowledgedDeferred(), ...events]).resolution?.status).toBe(status),
    );

    it('remembers every proposal id and the proposer of the current one', () => {
      const state = fold([
        ...acknowledgedDeferred(),
        ev.proposed(),
        {
          type: 'ResolutionRejectedByCustomer',
          data: { complaintId: COMPLAINT_ID, proposalId: 'P1', reason: 'x', rejectedAt: T.handling },
        },
        ev.proposed({ proposalId: 'P2', proposedBy: 'S1002' }),
      ]);
      expect({
        ids: state.proposalIds,
        current: state.resolution?.proposalId,
        by: state.resolution?.proposedBy,
      }).toStrictEqual({
        ids: ['P1', 'P2'],
        current: 'P2',
        by: 'S1002',
      });
    });
  });

  describe('closure', () => {
    it('is replied after the final reply, not yet followed up', () =>
      expect(fold(replied())).toMatchObject({
        status: 'replied',
        finalReplyAt: T.replied,
        followUpSinceReply: false,
      }));

    it('is followed up after the follow-up', () => expect(fold(followedUp()).followUpSinceReply).toBe(true));

    it('is closed with the closing time', () =>
      expect(fold(closed())).toMatchObject({ status: 'closed', closedAt: T.closed }));

    it('is withdrawn', () => expect(fold(withdrawn()).status).toBe('withdrawn'));

    it('is merged, pointing at the survivor', () =>
      expect(fold(merged())).toMatchObject({ status: 'merged', mergedInto: TARGET_ID }));

    it('lists the duplicates merged into the survivor', () =>
      expect(
        fold([
          ...target(),
          {
            type: 'DuplicateComplaintMerged',
            data: {
              complaintId: TARGET_ID,
              duplicateComplaintId: COMPLAINT_ID,
              duplicateChannel: 'counter',
              mergedAt: T.handling,
            },
          },
        ]).mergedDuplicates,
      ).toStrictEqual([COMPLAINT_ID]));
  });

  describe('reopen', () => {
    const history = [
      ...acknowledgedDeferred(),
      ev.escalated(),
      ev.findingRecorded(),
      ev.causesAttributed(),
      ev.proposed(),
      ev.acceptedByCustomer(),
      ev.implemented(),
      ev.finalReplySent(),
      ev.followUpRecorded(),
      ev.closed(),
      ev.reopened(),
    ];

    it('goes back to registered, forgetting the reply, its deadline and the resolution', () =>
      expect(fold(history)).toMatchObject({
        status: 'registered',
        reopenCount: 1,
        reopenedAt: T.reopened,
        replyMode: undefined,
        deadlineInForce: undefined,
        finalReplyAt: undefined,
        followUpSinceReply: false,
        closedAt: undefined,
        resolution: undefined,
      }));

    it('keeps what was learnt: classification, level, causes and used proposal ids', () => {
      const state = fold(history);
      expect({
        category: state.classification?.category,
        level: state.escalationLevel,
        causes: state.causes.map((c) => c.causeId),
        proposalIds: state.proposalIds,
        investigated: state.investigated,
      }).toStrictEqual({
        category: 'item-damaged',
        level: 1,
        causes: ['C1'],
        proposalIds: ['P1'],
        investigated: true,
      });
    });

    it('counts each reopen', () =>
      expect(
        fold([
          ...reopened(),
          ev.acknowledged({ mode: 'immediate', replyDeadline: T.reopened, acknowledgedAt: T.reopened }),
          ev.finalReplySent({ repliedAt: T.reopened }),
          ev.closed({ closedAt: '2026-03-11T09:00:00.000Z' }),
          ev.reopened({ reopenCount: 2, reopenedAt: '2026-03-20T09:00:00.000Z' }),
        ]),
      ).toMatchObject({ reopenCount: 2, reopenedAt: '2026-03-20T09:00:00.000Z' }));
  });
});

describe('decide then fold: a whole life, round trip', () => {
  /** Decides each command on the state folded from the events decided so far. */
  const run = (commands: SingleComplaintCommand[]): ComplaintEvent[] =>
    commands.reduce<ComplaintEvent[]>(
      (events, command) => [...events, ...decideComplaint(command, foldComplaint(events), defaultContext())],
      [],
    );

  const life: SingleComplaintCommand[] = [
    cmd.register(),
    cmd.classify(),
    cmd.acknowledge(),
    cmd.sendInterimReply({}, { now: '2026-03-03T09:00:00.000Z' }),
    cmd.dispatch(),
    cmd.returnDispatch(),
    cmd.escalate({ toLevel: 2, urgent: true }),
    cmd.notifySuperior({ level: 1 }),
    cmd.recordFinding(),
    cmd.attributeCauses(),
    cmd.propose({ options: [{ kind: 'compensation', amount: 800 }] }),
    cmd.approve(),
    cmd.customerAccepts(),
    cmd.implement(),
    cmd.sendFinalReply({}, { now: '2026-03-05T12:00:00.000Z' }),
    cmd.recordFollowUp({}, { now: '2026-03-06T08:00:00.000Z' }),
    cmd.close({ now: '2026-03-06T10:00:00.000Z' }),
    cmd.fileAppeal({}, { now: '2026-03-07T10:00:00.000Z' }),
    cmd.decideAppeal(
      { outcome: 'upheld', note: 'Crushed before the hub' },
      { now: '2026-03-08T10:00:00.000Z' },
    ),
  ];

  it('emits one event per command; the final reply is on time against the deadline the interim reply set', () => {
    const events = run(life);
    expect(events.map((e) => e.type)).toStrictEqual([
      'ComplaintRegistered',
      'ComplaintClassified',
      'ComplaintAcknowledged',
      'InterimReplySent',
      'ComplaintDispatched',
      'DispatchReturned',
      'ComplaintEscalated',
      'SuperiorNotifiedOfEscalation',
      'InvestigationFindingRecorded',
      'RootCausesAttributed',
      'ResolutionProposed',
      'ResolutionApproved',
      'ResolutionAcceptedByCustomer',
      'ResolutionImplemented',
      'FinalReplySent',
      'FollowUpRecorded',
      'ComplaintClosed',
      'CauseAppealFiled',
      'CauseAppealDecided',
    ]);
    expect(events[14].data).toMatchObject({ deadlineInForce: T.extendedDeadline, onTime: true });
  });

  it('folds to the closed complaint with everything it went through', () =>
    expect(foldComplaint(run(life))).toMatchObject<Partial<OpenComplaintState>>({
      status: 'closed',
      deadlineInForce: T.extendedDeadline,
      interimReplies: 1,
      openDispatches: {},
      dispatchCount: 1,
      escalationLevel: 2,
      pendingSuperiorNotices: [],
      investigated: true,
      causeSequence: 1,
      finalReplyAt: '2026-03-05T12:00:00.000Z',
      followUpSinceReply: true,
      closedAt: '2026-03-06T10:00:00.000Z',
    }));

  it('ends with the cause appeal upheld and the resolution implemented', () => {
    const state = foldComplaint(run(life)) as OpenComplaintState;
    expect({
      appeal: state.causes[0].appeal,
      resolution: state.resolution?.status,
      approvedAbove: state.resolution?.totalAmount,
    }).toStrictEqual({
      appeal: 'upheld',
      resolution: 'implemented',
      approvedAbove: 800,
    });
  });

  it('merges a duplicate and leaves both states consistent', () => {
    const duplicateState: ComplaintState = foldComplaint(run([cmd.register(), cmd.classify()]));
    const survivorEvents = target();
    const { duplicate, target: survivor } = decideMerge(
      {
        type: 'MergeComplaint',
        data: { complaintId: COMPLAINT_ID, intoComplaintId: TARGET_ID, reason: 'Same parcel' },
        metadata: at(T.handling),
      },
      duplicateState,
      foldComplaint(survivorEvents),
      defaultContext(),
    );
    expect(foldComplaint([...run([cmd.register(), cmd.classify()]), ...duplicate])).toMatchObject({
      status: 'merged',
      mergedInto: TARGET_ID,
    });
    expect(foldComplaint([...survivorEvents, ...survivor])).toMatchObject({
      status: 'registered',
      mergedDuplicates: [COMPLAINT_ID],
    });
  });
});
