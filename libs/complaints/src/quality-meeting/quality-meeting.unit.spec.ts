import { givenMeeting } from '../test-support/decider-spec';
import { type CommandMetadata } from '../shared/typing';
import {
  type HoldQualityMeeting,
  type MeetingDecisionRecorded,
  type MeetingFindingRecorded,
  type QualityMeetingHeld,
  QualityMeetingErrors as E,
  type RecordMeetingDecision,
  type RecordMeetingFinding,
  foldQualityMeeting,
} from './quality-meeting';

const MEETING_ID = 'm-2026-w10';
const HELD_AT = '2026-03-09T02:00:00.000Z';
const LATER = '2026-03-09T03:00:00.000Z';
const at = (now: string): CommandMetadata => ({ now, actor: { id: 'S2001', role: 'supervisor' } });

const hold = (data: Partial<HoldQualityMeeting['data']> = {}): HoldQualityMeeting => ({
  type: 'HoldQualityMeeting',
  data: {
    meetingId: MEETING_ID,
    businessLine: 'postal',
    week: '2026-W10',
    orgUnits: ['hub-2', 'branch-7'],
    heldAt: HELD_AT,
    attendees: ['S2001', 'S4001'],
    reviewedArchiveId: 'postal.2026-W10.*',
    ...data,
  },
  metadata: at(HELD_AT),
});
const find = (data: Partial<RecordMeetingFinding['data']> = {}): RecordMeetingFinding => ({
  type: 'RecordMeetingFinding',
  data: {
    findingId: 'f-1',
    causeCodes: ['sorting-error'],
    summary: 'Night-shift sorting errors doubled',
    ...data,
  },
  metadata: at(LATER),
});
const decide = (data: Partial<RecordMeetingDecision['data']> = {}): RecordMeetingDecision => ({
  type: 'RecordMeetingDecision',
  data: {
    decisionId: 'd-1',
    findingId: 'f-1',
    actionId: 'a-1',
    summary: 'Re-train the night shift',
    ...data,
  },
  metadata: at(LATER),
});

const held = (data: Partial<QualityMeetingHeld['data']> = {}): QualityMeetingHeld => ({
  type: 'QualityMeetingHeld',
  data: {
    meetingId: MEETING_ID,
    businessLine: 'postal',
    week: '2026-W10',
    orgUnits: ['hub-2', 'branch-7'],
    heldAt: HELD_AT,
    attendees: ['S2001', 'S4001'],
    reviewedArchiveId: 'postal.2026-W10.*',
    chairedBy: 'S2001',
    recordedAt: HELD_AT,
    ...data,
  },
});
const found = (data: Partial<MeetingFindingRecorded['data']> = {}): MeetingFindingRecorded => ({
  type: 'MeetingFindingRecorded',
  data: {
    meetingId: MEETING_ID,
    findingId: 'f-1',
    causeCodes: ['sorting-error'],
    summary: 'Night-shift sorting errors doubled',
    recordedAt: LATER,
    ...data,
  },
});
const decided = (data: Partial<MeetingDecisionRecorded['data']> = {}): MeetingDecisionRecorded => ({
  type: 'MeetingDecisionRecorded',
  data: {
    meetingId: MEETING_ID,
    decisionId: 'd-1',
    findingId: 'f-1',
    actionId: 'a-1',
    summary: 'Re-train the night shift',
    recordedAt: LATER,
    ...data,
  },
});

describe('HoldQualityMeeting', () => {
  describe('given no meeting', () => {
    it('records the week, line, units, attendees, the pack reviewed and who chaired it', () =>
      givenMeeting([]).when(hold()).then([held()]));

    it("records one unit's archived pack, or none", () => {
      givenMeeting([])
        .when(hold({ reviewedArchiveId: 'postal.2026-W10.branch-7' }))
        .then([held({ reviewedArchiveId: 'postal.2026-W10.branch-7' })]);
      givenMeeting([])
        .when(hold({ reviewedArchiveId: null }))
        .then([held({ reviewedArchiveId: null })]);
    });

    it('names each attendee and unit once', () =>
      givenMeeting([])
        .when(hold({ attendees: ['S2001', 'S2001'], orgUnits: ['hub-2', 'hub-2'] }))
        .then([held({ attendees: ['S2001'], orgUnits: ['hub-2'] })]));

    it('refuses a pack of another week or line', () => {
      givenMeeting([])
        .when(hold({ reviewedArchiveId: 'postal.2026-W09.*' }))
        .thenThrows(E.ARCHIVE_OF_ANOTHER_WEEK, 'reviewedArchiveId');
      givenMeeting([])
        .when(hold({ reviewedArchiveId: 'telecom.2026-W10.*' }))
        .thenThrows(E.ARCHIVE_OF_ANOTHER_WEEK, 'reviewedArchiveId');
    });

    it('refuses a meeting without attendees, without units, of an unknown line or week', () => {
      givenMeeting([])
        .when(hold({ attendees: [] }))
        .thenThrows(E.NO_ATTENDEES, 'attendees');
      givenMeeting([])
        .when(hold({ orgUnits: [] }))
        .thenThrows(E.NO_ORG_UNITS, 'orgUnits');
      givenMeeting([])
        .when(hold({ businessLine: 'rail' }))
        .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'businessLine');
      givenMeeting([])
        .when(hold({ week: '2026-W54' }))
        .thenThrows(E.INVALID_WEEK, 'week');
      givenMeeting([])
        .when(hold({ heldAt: 'Monday' }))
        .thenThrows(E.INVALID_INSTANT, 'heldAt');
    });
  });

  describe('given the meeting was recorded', () => {
    it('refuses to record it again (a conflict)', () => {
      const outcome = givenMeeting([held()]).when(hold());
      outcome.thenThrows(E.ALREADY_HELD, 'meetingId');
      expect(outcome.error().kind).toBe('conflict');
    });
  });
});

describe('RecordMeetingFinding', () => {
  it('given no meeting: not found', () => {
    const outcome = givenMeeting([]).when(find());
    outcome.thenThrows(E.NOT_FOUND);
    expect(outcome.error().kind).toBe('not-found');
  });

  describe('given a meeting', () => {
    it('records what was found against which causes', () =>
      givenMeeting([held()]).when(find()).then([found()]));

    it('refuses an unknown cause, no cause, an empty summary, and the same finding twice', () => {
      givenMeeting([held()])
        .when(find({ causeCodes: ['sorting-error', 'weather'] }))
        .thenThrows(E.UNKNOWN_CAUSE, 'causeCodes[1]');
      givenMeeting([held()])
        .when(find({ causeCodes: [] }))
        .thenThrows(E.NO_CAUSES, 'causeCodes');
      givenMeeting([held()])
        .when(find({ summary: '  ' }))
        .thenThrows(E.EMPTY_SUMMARY, 'summary');
      givenMeeting([held(), found()]).when(find()).thenThrows(E.DUPLICATE_FINDING, 'findingId');
    });
  });
});

describe('RecordMeetingDecision', () => {
  describe('given a meeting with a finding', () => {
    it('records the decision, the finding it answers and the corrective action it proposes', () =>
      givenMeeting([held(), found()]).when(decide()).then([decided()]));

    it('records a decision that answers no finding', () =>
      givenMeeting([held()])
        .when(decide({ findingId: null }))
        .then([decided({ findingId: null })]));

    it('refuses an unknown finding', () =>
      givenMeeting([held(), found()])
        .when(decide({ findingId: 'f-9' }))
        .thenThrows(E.UNKNOWN_FINDING, 'findingId'));
  });

  describe('given a decision was recorded', () => {
    const history = [held(), found(), decided()];

    it('refuses the same decision, and another decision proposing the same action', () => {
      givenMeeting(history)
        .when(decide({ actionId: 'a-2' }))
        .thenThrows(E.DUPLICATE_DECISION, 'decisionId');
      givenMeeting(history)
        .when(decide({ decisionId: 'd-2' }))
        .thenThrows(E.ACTION_ALREADY_DECIDED, 'actionId');
    });

    it('adds a second decision with its own action', () =>
      givenMeeting(history)
        .when(decide({ decisionId: 'd-2', actionId: 'a-2', summary: 'Second sorting check at dawn' }))
        .then([decided({ decisionId: 'd-2', actionId: 'a-2', summary: 'Second sorting check at dawn' })]));

    it('folds to the decisions and the actions they propose', () =>
      expect(foldQualityMeeting(history)).toMatchObject({
        status: 'held',
        findingIds: ['f-1'],
        decisionIds: ['d-1'],
        actionIds: ['a-1'],
      }));
  });
});
