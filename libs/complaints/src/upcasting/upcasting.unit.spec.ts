import { QUALITY_MEETING_EVENT_TYPES, type QualityMeetingEvent } from '../quality-meeting/quality-meeting';
import {
  WEEKLY_PACK_ARCHIVE_EVENT_TYPES,
  type WeeklyPackArchiveEvent,
} from '../weekly-pack-archive/weekly-pack-archive';
import { COMPLAINT_EVENT_TYPES, type ComplaintEventType } from '../complaint/complaint.events';
import {
  CORRECTIVE_ACTION_EVENT_TYPES,
  type CorrectiveActionEvent,
} from '../corrective-action/corrective-action';
import { type ComplaintEvent } from '../complaint/complaint.events';
import { foldComplaint } from '../complaint/complaint.state';
import { causesAttributed, ev } from '../test-support/complaint-events';
import { COMPLAINT_ID, T } from '../test-support/fixtures';
import {
  CURRENT_SCHEMA_VERSION,
  type DomainEventType,
  UPCASTERS,
  UnknownEventError,
  type Upcaster,
  type UpcasterRegistry,
  isKnownEventType,
  upcast,
} from './event-versions';

const withdrawnV1 = {
  complaintId: COMPLAINT_ID,
  reason: 'The customer found the parcel',
  withdrawnAt: T.handling,
};

/** Throws an UnknownEventError with its stable code and a message that matches. */
const expectUnknown = (run: () => unknown, message: RegExp): void => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UnknownEventError);
  expect(thrown).toMatchObject({
    code: 'EVENT.UNKNOWN_TYPE_OR_VERSION',
    message: expect.stringMatching(message),
  });
};

describe('upcast', () => {
  describe('with the registry in use', () => {
    it('returns an event at the current version unchanged', () =>
      expect(upcast('ComplaintWithdrawn', 1, withdrawnV1)).toStrictEqual({
        type: 'ComplaintWithdrawn',
        data: withdrawnV1,
      }));

    it('refuses an unknown event type', () =>
      expectUnknown(() => upcast('ComplaintDeleted', 1, {}), /Unknown event type 'ComplaintDeleted'/));

    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      'refuses %p, which every object has but no event is called',
      (type) => expectUnknown(() => upcast(type, 1, {}), /Unknown event type/),
    );

    it('refuses a version newer than this code knows', () =>
      expectUnknown(
        () => upcast('ComplaintWithdrawn', 2, withdrawnV1),
        /ComplaintWithdrawn v2 is newer than this code knows \(v1\)/,
      ));
  });

  describe('given a CauseAppealDecided v1, written before consequences existed', () => {
    const v1 = {
      complaintId: COMPLAINT_ID,
      causeId: 'C1',
      outcome: 'upheld',
      decidedBy: 'S2001',
      note: 'Crushed before the hub',
      decidedAt: T.handling,
    };
    it('upcasts it to v2 with no consequence in force', () =>
      expect(upcast('CauseAppealDecided', 1, v1)).toStrictEqual({
        type: 'CauseAppealDecided',
        data: { ...v1, consequenceAfter: null },
      }));

    it('folds the upcast event as before: the appeal upheld, no consequence', () =>
      expect(
        foldComplaint([
          ...causesAttributed(),
          ev.appealFiled(),
          upcast('CauseAppealDecided', 1, v1) as ComplaintEvent,
        ]),
      ).toMatchObject({ causes: [{ causeId: 'C1', appeal: 'upheld' }] }));

    it('leaves a v2 event as written', () =>
      expect(upcast('CauseAppealDecided', 2, { ...v1, consequenceAfter: { level: 'notice' } })).toStrictEqual(
        {
          type: 'CauseAppealDecided',
          data: { ...v1, consequenceAfter: { level: 'notice' } },
        },
      ));
  });

  describe('with a registry whose ComplaintWithdrawn is at v3', () => {
    const versions = { ...CURRENT_SCHEMA_VERSION, ComplaintWithdrawn: 3 };
    /** v1 → v2 renames `reason` to `statedReason`; v2 → v3 adds fields, one read from the v2 field. */
    const v1ToV2: Upcaster = ({ reason, ...rest }) => ({ ...rest, statedReason: reason });
    const v2ToV3: Upcaster = (data) => ({
      ...data,
      channel: 'unknown',
      summary: `Withdrawn: ${String(data.statedReason)}`,
    });
    const registry: UpcasterRegistry = { ComplaintWithdrawn: { 1: v1ToV2, 2: v2ToV3 } };
    const v3 = {
      complaintId: COMPLAINT_ID,
      withdrawnAt: T.handling,
      statedReason: 'The customer found the parcel',
      channel: 'unknown',
      summary: 'Withdrawn: The customer found the parcel',
    };

    it('chains both upcasters, in order, from v1', () =>
      expect(upcast('ComplaintWithdrawn', 1, withdrawnV1, registry, versions)).toStrictEqual({
        type: 'ComplaintWithdrawn',
        data: v3,
      }));

    it('applies only the second from v2', () =>
      expect(
        upcast(
          'ComplaintWithdrawn',
          2,
          {
            complaintId: COMPLAINT_ID,
            withdrawnAt: T.handling,
            statedReason: 'The customer found the parcel',
          },
          registry,
          versions,
        ),
      ).toStrictEqual({ type: 'ComplaintWithdrawn', data: v3 }));

    it('applies none at v3', () =>
      expect(upcast('ComplaintWithdrawn', 3, v3, registry, versions)).toStrictEqual({
        type: 'ComplaintWithdrawn',
        data: v3,
      }));

    it('refuses v4', () =>
      expectUnknown(
        () => upcast('ComplaintWithdrawn', 4, v3, registry, versions),
        /v4 is newer than this code knows \(v3\)/,
      ));

    it('refuses when a step of the chain is missing', () =>
      expectUnknown(
        () => upcast('ComplaintWithdrawn', 1, withdrawnV1, { ComplaintWithdrawn: { 1: v1ToV2 } }, versions),
        /No upcaster for ComplaintWithdrawn v2 → v3/,
      ));

    it('refuses when the type has no upcasters at all', () =>
      expectUnknown(
        () => upcast('ComplaintWithdrawn', 1, withdrawnV1, {}, versions),
        /No upcaster for ComplaintWithdrawn v1 → v2/,
      ));

    it('leaves the other types alone', () =>
      expect(
        upcast(
          'ComplaintClosed',
          1,
          { complaintId: COMPLAINT_ID, outcome: 'resolved', closedAt: T.closed },
          registry,
          versions,
        ),
      ).toStrictEqual({
        type: 'ComplaintClosed',
        data: { complaintId: COMPLAINT_ID, outcome: 'resolved', closedAt: T.closed },
      }));
  });
});

describe('the event catalogue', () => {
  /** Typed as a Record so that a new event type fails to compile until it is listed here too. */
  const complaintTypes: Record<ComplaintEventType, true> = {
    ComplaintRegistered: true,
    CauseConsequenceDecided: true,
    ComplaintClassified: true,
    ComplaintFlaggedAbnormal: true,
    ComplaintAcknowledged: true,
    InterimReplySent: true,
    ComplaintDispatched: true,
    DispatchReturned: true,
    ComplaintEscalated: true,
    SuperiorNotifiedOfEscalation: true,
    InvestigationFindingRecorded: true,
    RootCausesAttributed: true,
    ResolutionProposed: true,
    ResolutionApproved: true,
    ResolutionRejected: true,
    ResolutionAcceptedByCustomer: true,
    ResolutionRejectedByCustomer: true,
    ResolutionImplemented: true,
    FinalReplySent: true,
    FollowUpRecorded: true,
    ComplaintClosed: true,
    ComplaintReopened: true,
    ComplaintWithdrawn: true,
    ComplaintMergedInto: true,
    DuplicateComplaintMerged: true,
    CauseAppealFiled: true,
    CauseAppealDecided: true,
  };
  const actionTypes: Record<CorrectiveActionEvent['type'], true> = {
    CorrectiveActionProposed: true,
    CorrectiveActionStarted: true,
    CorrectiveActionCompleted: true,
    CorrectiveActionVerified: true,
  };

  it('lists every complaint event type once', () =>
    expect([...COMPLAINT_EVENT_TYPES].sort()).toStrictEqual(Object.keys(complaintTypes).sort()));

  it('lists every corrective action event type once', () =>
    expect([...CORRECTIVE_ACTION_EVENT_TYPES].sort()).toStrictEqual(Object.keys(actionTypes).sort()));

  const archiveTypes: Record<WeeklyPackArchiveEvent['type'], true> = { WeeklyPackArchived: true };
  const meetingTypes: Record<QualityMeetingEvent['type'], true> = {
    QualityMeetingHeld: true,
    MeetingFindingRecorded: true,
    MeetingDecisionRecorded: true,
  };

  it('lists every quality meeting event type once', () =>
    expect([...QUALITY_MEETING_EVENT_TYPES].sort()).toStrictEqual(Object.keys(meetingTypes).sort()));

  it('lists every weekly pack archive event type once', () =>
    expect([...WEEKLY_PACK_ARCHIVE_EVENT_TYPES].sort()).toStrictEqual(Object.keys(archiveTypes).sort()));

  it('gives every event type a current schema version', () =>
    expect(Object.keys(CURRENT_SCHEMA_VERSION).sort()).toStrictEqual(
      [
        ...Object.keys(complaintTypes),
        ...Object.keys(actionTypes),
        ...Object.keys(archiveTypes),
        ...Object.keys(meetingTypes),
      ].sort(),
    ));

  it('knows exactly the catalogued types', () => {
    expect(Object.keys(complaintTypes).every(isKnownEventType)).toBe(true);
    expect(isKnownEventType('constructor')).toBe(false);
  });

  it('has an upcaster in use for every version below the current one', () => {
    const missing = (Object.entries(CURRENT_SCHEMA_VERSION) as [DomainEventType, number][]).flatMap(
      ([type, current]) =>
        Array.from({ length: current - 1 }, (_, i) => i + 1)
          .filter((version) => UPCASTERS[type]?.[version] === undefined)
          .map((version) => `${type} v${version}`),
    );
    expect(missing).toStrictEqual([]);
  });
});
