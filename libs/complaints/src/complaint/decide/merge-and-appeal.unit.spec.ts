import { cmd } from '../../test-support/complaint-commands';
import {
  acknowledgedDeferred,
  causesAttributed,
  classified,
  closed,
  ev,
  investigated,
  merged,
  registered,
  replied,
  target,
  withdrawn,
} from '../../test-support/complaint-events';
import { given, givenMerge } from '../../test-support/decider-spec';
import { COMPLAINT_ID, NAMED_STAFF, SUPERVISOR, T, TARGET_ID, withPolicy } from '../../test-support/fixtures';
import { type ComplaintCommandType } from '../complaint.commands';
import { type SingleComplaintCommand } from '../complaint.decide';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';

const targetWith = (...events: ComplaintEvent[]): ComplaintEvent[] => [
  ...target(),
  ...events.map((event) => ({ ...event, data: { ...event.data, complaintId: TARGET_ID } }) as ComplaintEvent),
];

describe('MergeComplaint', () => {
  const mergeResult: { duplicate: ComplaintEvent[]; target: ComplaintEvent[] } = {
    duplicate: [
      {
        type: 'ComplaintMergedInto',
        data: {
          complaintId: COMPLAINT_ID,
          intoComplaintId: TARGET_ID,
          reason: 'Same parcel, reported by phone as well',
          mergedAt: T.handling,
        },
      },
    ],
    target: [
      {
        type: 'DuplicateComplaintMerged',
        data: {
          complaintId: TARGET_ID,
          duplicateComplaintId: COMPLAINT_ID,
          duplicateChannel: 'counter',
          mergedAt: T.handling,
        },
      },
    ],
  };

  describe('given no duplicate complaint', () => {
    it('reports the complaint as not found', () =>
      givenMerge([], target()).when(cmd.merge()).thenThrows(E.NOT_FOUND));
  });

  describe.each([
    ['registered', registered],
    ['acknowledged', acknowledgedDeferred],
  ])('given a %s duplicate', (_state, duplicate) => {
    it('merges it into the surviving complaint, which records the duplicate and its channel', () =>
      givenMerge(duplicate(), target()).when(cmd.merge()).then(mergeResult));
  });

  describe('given a registered duplicate', () => {
    it('refuses to merge a complaint into itself', () =>
      givenMerge(registered(), registered())
        .when(cmd.merge({ intoComplaintId: COMPLAINT_ID }))
        .thenThrows(E.MERGE_INTO_SELF, 'intoComplaintId'));

    it('refuses a surviving complaint that does not exist', () =>
      givenMerge(registered(), []).when(cmd.merge()).thenThrows(E.MERGE_TARGET_NOT_FOUND, 'intoComplaintId'));

    it.each([
      ['closed', targetWith(ev.classified(), ev.acknowledged(), ev.finalReplySent(), ev.closed())],
      ['withdrawn', targetWith(ev.withdrawn())],
      ['merged', targetWith(ev.mergedInto({ intoComplaintId: 'c-0999' }))],
    ])('refuses a surviving complaint that is %s', (_state, targetHistory) =>
      givenMerge(registered(), targetHistory)
        .when(cmd.merge())
        .thenThrows(E.MERGE_TARGET_NOT_OPEN, 'intoComplaintId'),
    );

    it('merges into a surviving complaint already replied to', () =>
      givenMerge(registered(), targetWith(ev.classified(), ev.acknowledged(), ev.finalReplySent()))
        .when(cmd.merge())
        .then(mergeResult));

    it("refuses another customer's complaint", () =>
      givenMerge(registered(), [
        ev.registered({
          complaintId: TARGET_ID,
          customer: { ...ev.registered().data.customer, reference: 'CUST-8' },
        }),
      ])
        .when(cmd.merge())
        .thenThrows(E.MERGE_DIFFERENT_CUSTOMER, 'intoComplaintId'));

    it("merges another customer's complaint when the policy allows it", () =>
      givenMerge(
        registered(),
        [
          ev.registered({
            complaintId: TARGET_ID,
            customer: { ...ev.registered().data.customer, reference: 'CUST-8' },
          }),
        ],
        withPolicy({ mergeRequiresSameCustomer: false }),
      )
        .when(cmd.merge())
        .then(mergeResult));
  });

  describe('given a replied duplicate', () => {
    it('refuses: a complaint already answered is not a duplicate', () =>
      givenMerge(replied(), target()).when(cmd.merge()).thenThrows(E.MERGE_AFTER_REPLY));
  });

  describe('given a withdrawn duplicate', () => {
    it('refuses', () => givenMerge(withdrawn(), target()).when(cmd.merge()).thenThrows(E.WITHDRAWN));
  });

  describe('given a closed duplicate', () => {
    it('refuses', () => givenMerge(closed(), target()).when(cmd.merge()).thenThrows(E.CLOSED));
  });

  describe('given a duplicate already merged', () => {
    it('refuses to merge it again', () =>
      givenMerge(merged(), target()).when(cmd.merge()).thenThrows(E.MERGED));
  });
});

describe('a merged complaint is read-only', () => {
  /** Every command but registration; the `Record` makes a new command type fail to compile until listed. */
  const everyCommand: Record<
    Exclude<ComplaintCommandType, 'RegisterComplaint' | 'MergeComplaint'>,
    SingleComplaintCommand
  > = {
    ClassifyComplaint: cmd.classify(),
    FlagComplaintAbnormal: cmd.flagAbnormal(),
    AcknowledgeComplaint: cmd.acknowledge(),
    SendInterimReply: cmd.sendInterimReply(),
    DispatchComplaint: cmd.dispatch(),
    ReturnDispatch: cmd.returnDispatch(),
    EscalateComplaint: cmd.escalate(),
    NotifySuperiorOfEscalation: cmd.notifySuperior(),
    RecordInvestigationFinding: cmd.recordFinding(),
    AttributeRootCauses: cmd.attributeCauses(),
    ProposeResolution: cmd.propose(),
    ApproveResolution: cmd.approve(),
    RejectResolution: cmd.reject(),
    RecordCustomerAcceptance: cmd.customerAccepts(),
    RecordCustomerRejection: cmd.customerRejects(),
    ImplementResolution: cmd.implement(),
    SendFinalReply: cmd.sendFinalReply(),
    RecordFollowUp: cmd.recordFollowUp(),
    CloseComplaint: cmd.close(),
    ReopenComplaint: cmd.reopen(),
    WithdrawComplaint: cmd.withdraw(),
    FileCauseAppeal: cmd.fileAppeal(),
    DecideCauseAppeal: cmd.decideAppeal(),
    DecideCauseConsequence: cmd.decideConsequence(),
  };
  /** Merged while acknowledged, with a cause attributed and a proposal offered: every command had something to act on. */
  const mergedMidway = [...causesAttributed(), ev.proposed(), ev.dispatched(), ev.mergedInto()];

  it.each(Object.entries(everyCommand))('refuses %s', (_type, command) =>
    given(mergedMidway).when(command).thenThrows(E.MERGED),
  );

  it('refuses a merge into yet another complaint', () =>
    givenMerge(mergedMidway, target()).when(cmd.merge()).thenThrows(E.MERGED));
});

describe('FileCauseAppeal', () => {
  const appeal: ComplaintEvent = {
    type: 'CauseAppealFiled',
    data: {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      staffJobNumber: NAMED_STAFF,
      reason: 'The parcel was already crushed when it reached my belt',
      filedAt: T.handling,
    },
  };

  describe('given no complaint', () => {
    it('reports the complaint as not found', () => given([]).when(cmd.fileAppeal()).thenThrows(E.NOT_FOUND));
  });

  describe('given a complaint without causes', () => {
    it('refuses: there is no attribution to appeal', () =>
      given(investigated()).when(cmd.fileAppeal()).thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });

  describe('given a cause naming a staff member', () => {
    it('records the appeal of the staff member named', () =>
      given(causesAttributed()).when(cmd.fileAppeal()).then([appeal]));

    it('refuses an appeal by anyone else', () =>
      given(causesAttributed())
        .when(cmd.fileAppeal({ staffJobNumber: 'S1001' }))
        .thenThrows(E.APPEAL_NOT_NAMED_STAFF, 'staffJobNumber'));

    it('refuses an unknown cause id', () =>
      given(causesAttributed())
        .when(cmd.fileAppeal({ causeId: 'C7' }))
        .thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });

  describe('given a cause naming no staff member', () => {
    it('refuses: nobody is named to appeal', () =>
      given([
        ...investigated(),
        ev.causesAttributed({
          causes: [{ causeId: 'C1', family: 'facilities', causeCode: 'supplies', responsibleUnit: 'hub-2' }],
        }),
      ])
        .when(cmd.fileAppeal())
        .thenThrows(E.APPEAL_NOT_NAMED_STAFF, 'staffJobNumber'));
  });

  describe('given an appeal already open', () => {
    it('refuses a second one', () =>
      given([...causesAttributed(), ev.appealFiled()])
        .when(cmd.fileAppeal())
        .thenThrows(E.APPEAL_ALREADY_OPEN, 'causeId'));
  });

  describe('given an appeal already decided', () => {
    it('refuses: a cause is appealed once', () =>
      given([...causesAttributed(), ev.appealFiled(), ev.appealDecided()])
        .when(cmd.fileAppeal())
        .thenThrows(E.APPEAL_ALREADY_DECIDED, 'causeId'));
  });

  describe('given causes re-attributed after C1', () => {
    it('refuses an appeal on the replaced C1', () =>
      given([
        ...causesAttributed(),
        ev.causesAttributed({
          causes: [
            {
              causeId: 'C2',
              family: 'staff',
              causeCode: 'staff-skills',
              responsibleUnit: 'hub-2',
              staffJobNumber: NAMED_STAFF,
            },
          ],
        }),
      ])
        .when(cmd.fileAppeal())
        .thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });

  describe('given a closed complaint with the cause', () => {
    it('still records the appeal', () =>
      given([...causesAttributed(), ev.finalReplySent(), ev.closed()])
        .when(cmd.fileAppeal({}, { now: T.reopened }))
        .then([ev.appealFiled({ filedAt: T.reopened })]));
  });

  describe('given a withdrawn complaint with the cause', () => {
    it('still records the appeal', () =>
      given([...causesAttributed(), ev.withdrawn()])
        .when(cmd.fileAppeal())
        .then([appeal]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () =>
      given([...causesAttributed(), ev.mergedInto()])
        .when(cmd.fileAppeal())
        .thenThrows(E.MERGED));
  });
});

describe('DecideCauseAppeal', () => {
  const withOpenAppeal = (): ComplaintEvent[] => [...causesAttributed(), ev.appealFiled()];

  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.decideAppeal()).thenThrows(E.NOT_FOUND));
  });

  describe('given an open appeal', () => {
    it('rejects it', () =>
      given(withOpenAppeal())
        .when(cmd.decideAppeal())
        .then([
          {
            type: 'CauseAppealDecided',
            data: {
              complaintId: COMPLAINT_ID,
              causeId: 'C1',
              outcome: 'rejected',
              decidedBy: SUPERVISOR,
              note: 'The hub camera shows the parcel intact on arrival',
              decidedAt: T.handling,
              consequenceAfter: null,
            },
          },
        ]));

    it('upholds it', () =>
      given(withOpenAppeal())
        .when(cmd.decideAppeal({ outcome: 'upheld', note: 'Crushed before the hub' }))
        .then([ev.appealDecided({ outcome: 'upheld', note: 'Crushed before the hub' })]));

    it('refuses an unknown cause id', () =>
      given(withOpenAppeal())
        .when(cmd.decideAppeal({ causeId: 'C7' }))
        .thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });

  describe('given a cause without an appeal', () => {
    it('refuses', () =>
      given(causesAttributed()).when(cmd.decideAppeal()).thenThrows(E.APPEAL_NOT_OPEN, 'causeId'));
  });

  describe('given an appeal already decided', () => {
    it('refuses to decide it twice', () =>
      given([...withOpenAppeal(), ev.appealDecided()])
        .when(cmd.decideAppeal())
        .thenThrows(E.APPEAL_NOT_OPEN, 'causeId'));
  });

  describe('given an open appeal on a closed complaint', () => {
    it('decides it', () =>
      given([...withOpenAppeal(), ev.finalReplySent(), ev.closed()])
        .when(cmd.decideAppeal({}, { now: T.reopened }))
        .then([ev.appealDecided({ decidedAt: T.reopened })]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () =>
      given([...withOpenAppeal(), ev.mergedInto()])
        .when(cmd.decideAppeal())
        .thenThrows(E.MERGED));
  });

  describe('given a classified complaint', () => {
    it('refuses: no cause is attributed yet', () =>
      given(classified()).when(cmd.decideAppeal()).thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });
});
