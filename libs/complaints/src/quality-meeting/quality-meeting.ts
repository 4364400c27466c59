import { DomainError, ensure } from '../shared/domain-error';
import { isValidInstant } from '../shared/time';
import { type Command, type Event, assertNever } from '../shared/typing';
import { type Taxonomy } from '../taxonomy/taxonomy';
import { weeklyPackArchiveId } from '../weekly-pack-archive/weekly-pack-archive';

/**
 * The weekly quality-analysis meeting (质量分析会) as a record: who met, for which week, business line and
 * org units, which archived pack they reviewed, what they found (查原因、找问题) and what they decided
 * (定措施). Each decision proposes a corrective action: the decision names the action, and the action's
 * proposal names the meeting and the decision, so either leads to the other.
 */
export type QualityMeetingHeld = Event<
  'QualityMeetingHeld',
  {
    meetingId: string;
    businessLine: string;
    /** ISO week reviewed, `YYYY-Www`. */
    week: string;
    /** The org units whose quality the meeting covers: who may read and add to its record. */
    orgUnits: string[];
    heldAt: string;
    /** Staff job numbers. */
    attendees: string[];
    /** The archived pack reviewed (`weeklyPackArchiveId`), of the same line and week; null when none was. */
    reviewedArchiveId: string | null;
    chairedBy: string;
    recordedAt: string;
  }
>;
export type MeetingFindingRecorded = Event<
  'MeetingFindingRecorded',
  { meetingId: string; findingId: string; causeCodes: string[]; summary: string; recordedAt: string }
>;
export type MeetingDecisionRecorded = Event<
  'MeetingDecisionRecorded',
  {
    meetingId: string;
    decisionId: string;
    /** The finding it answers, when it answers one. */
    findingId: string | null;
    /** The corrective action it proposes. */
    actionId: string;
    summary: string;
    recordedAt: string;
  }
>;

export type QualityMeetingEvent = QualityMeetingHeld | MeetingFindingRecorded | MeetingDecisionRecorded;

export const QUALITY_MEETING_EVENT_TYPES: readonly QualityMeetingEvent['type'][] = [
  'QualityMeetingHeld',
  'MeetingFindingRecorded',
  'MeetingDecisionRecorded',
];

export type HoldQualityMeeting = Command<
  'HoldQualityMeeting',
  {
    meetingId: string;
    businessLine: string;
    week: string;
    orgUnits: string[];
    heldAt: string;
    attendees: string[];
    reviewedArchiveId: string | null;
  }
>;
export type RecordMeetingFinding = Command<
  'RecordMeetingFinding',
  { findingId: string; causeCodes: string[]; summary: string }
>;
export type RecordMeetingDecision = Command<
  'RecordMeetingDecision',
  { decisionId: string; findingId: string | null; actionId: string; summary: string }
>;

export type QualityMeetingCommand = HoldQualityMeeting | RecordMeetingFinding | RecordMeetingDecision;

export type QualityMeetingState =
  | { status: 'none' }
  | {
      status: 'held';
      meetingId: string;
      businessLine: string;
      week: string;
      orgUnits: string[];
      heldAt: string;
      findingIds: string[];
      decisionIds: string[];
      actionIds: string[];
    };

export const QualityMeetingErrors = {
  NOT_FOUND: 'QUALITY_MEETING.NOT_FOUND',
  ALREADY_HELD: 'QUALITY_MEETING.ALREADY_HELD',
  UNKNOWN_BUSINESS_LINE: 'TAXONOMY.UNKNOWN_BUSINESS_LINE',
  UNKNOWN_CAUSE: 'TAXONOMY.UNKNOWN_CAUSE',
  INVALID_WEEK: 'QUALITY_MEETING.INVALID_WEEK',
  INVALID_INSTANT: 'COMMAND.INVALID_INSTANT',
  NO_ATTENDEES: 'QUALITY_MEETING.NO_ATTENDEES',
  NO_ORG_UNITS: 'QUALITY_MEETING.NO_ORG_UNITS',
  ARCHIVE_OF_ANOTHER_WEEK: 'QUALITY_MEETING.ARCHIVE_OF_ANOTHER_WEEK',
  NO_CAUSES: 'QUALITY_MEETING.NO_CAUSES',
  EMPTY_SUMMARY: 'QUALITY_MEETING.EMPTY_SUMMARY',
  DUPLICATE_FINDING: 'QUALITY_MEETING.DUPLICATE_FINDING',
  DUPLICATE_DECISION: 'QUALITY_MEETING.DUPLICATE_DECISION',
  UNKNOWN_FINDING: 'QUALITY_MEETING.UNKNOWN_FINDING',
  ACTION_ALREADY_DECIDED: 'QUALITY_MEETING.ACTION_ALREADY_DECIDED',
} as const;
const E = QualityMeetingErrors;

const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

export const initialQualityMeetingState = (): QualityMeetingState => ({ status: 'none' });

export const evolveQualityMeeting = (
  state: QualityMeetingState,
  event: QualityMeetingEvent,
): QualityMeetingState => {
  switch (event.type) {
    case 'QualityMeetingHeld': {
      const { meetingId, businessLine, week, orgUnits, heldAt } = event.data;
      return {
        status: 'held',
        meetingId,
        businessLine,
        week,
        orgUnits,
        heldAt,
        findingIds: [],
        decisionIds: [],
        actionIds: [],
      };
    }
    case 'MeetingFindingRecorded':
      return state.status === 'none'
        ? state
        : { ...state, findingIds: [...state.findingIds, event.data.findingId] };
    case 'MeetingDecisionRecorded':
      return state.status === 'none'
        ? state
        : {
            ...state,
            decisionIds: [...state.decisionIds, event.data.decisionId],
            actionIds: [...state.actionIds, event.data.actionId],
          };
    default:
      return assertNever(event);
  }
};

/** The one answer for a meeting that is not there (or not the caller's to see). */
export const qualityMeetingNotFound = (): DomainError =>
  new DomainError(E.NOT_FOUND, 'Quality meeting not found', undefined, 'not-found');

const held = (state: QualityMeetingState) => {
  if (state.status === 'none') throw qualityMeetingNotFound();
  return state;
};

const ensureSummary = (summary: string) =>
  ensure(summary.trim().length > 0, E.EMPTY_SUMMARY, 'Say what was found or decided', 'summary');

/** Whether an archive id names a pack of this line and week (of the whole line or any of its units). */
const archiveOf = (archiveId: string, businessLine: string, week: string): boolean =>
  archiveId.startsWith(weeklyPackArchiveId(businessLine, week, null).slice(0, -1));

export const decideQualityMeeting = (
  command: QualityMeetingCommand,
  state: QualityMeetingState,
  { taxonomy }: { taxonomy: Taxonomy },
): QualityMeetingEvent[] => {
  const now = command.metadata.now;
  switch (command.type) {
    case 'HoldQualityMeeting': {
      const d = command.data;
      if (state.status !== 'none')
        throw new DomainError(E.ALREADY_HELD, 'A meeting with this id was recorded', 'meetingId', 'conflict');
      ensure(
        taxonomy.line(d.businessLine) !== undefined,
        E.UNKNOWN_BUSINESS_LINE,
        `Unknown business line '${d.businessLine}'`,
        'businessLine',
      );
      ensure(ISO_WEEK.test(d.week), E.INVALID_WEEK, 'week must be an ISO week, YYYY-Www', 'week');
      ensure(isValidInstant(d.heldAt), E.INVALID_INSTANT, 'heldAt is not a valid instant', 'heldAt');
      ensure(d.orgUnits.length > 0, E.NO_ORG_UNITS, 'Name at least one org unit', 'orgUnits');
      ensure(d.attendees.length > 0, E.NO_ATTENDEES, 'Name at least one attendee', 'attendees');
      ensure(
        d.reviewedArchiveId === null || archiveOf(d.reviewedArchiveId, d.businessLine, d.week),
        E.ARCHIVE_OF_ANOTHER_WEEK,
        'The reviewed pack must be an archived pack of the same business line and week',
        'reviewedArchiveId',
      );
      return [
        {
          type: 'QualityMeetingHeld',
          data: {
            ...d,
            orgUnits: [...new Set(d.orgUnits)],
            attendees: [...new Set(d.attendees)],
            chairedBy: command.metadata.actor.id,
            recordedAt: now,
          },
        },
      ];
    }
    case 'RecordMeetingFinding': {
      const s = held(state);
      const d = command.data;
      ensure(
        !s.findingIds.includes(d.findingId),
        E.DUPLICATE_FINDING,
        'This finding was recorded',
        'findingId',
      );
      ensure(d.causeCodes.length > 0, E.NO_CAUSES, 'Name at least one cause code', 'causeCodes');
      d.causeCodes.forEach((code, i) =>
        ensure(
          taxonomy.cause(s.businessLine, code) !== undefined,
          E.UNKNOWN_CAUSE,
          `Unknown cause '${code}'`,
          `causeCodes[${i}]`,
        ),
      );
      ensureSummary(d.summary);
      return [{ type: 'MeetingFindingRecorded', data: { meetingId: s.meetingId, ...d, recordedAt: now } }];
    }
    case 'RecordMeetingDecision': {
      const s = held(state);
      const d = command.data;
      ensure(
        !s.decisionIds.includes(d.decisionId),
        E.DUPLICATE_DECISION,
        'This decision was recorded',
        'decisionId',
      );
      ensure(
        d.findingId === null || s.findingIds.includes(d.findingId),
        E.UNKNOWN_FINDING,
        'The meeting recorded no such finding',
        'findingId',
      );
      ensure(
        !s.actionIds.includes(d.actionId),
        E.ACTION_ALREADY_DECIDED,
        'Another decision of this meeting proposed this action',
        'actionId',
      );
      ensureSummary(d.summary);
      return [{ type: 'MeetingDecisionRecorded', data: { meetingId: s.meetingId, ...d, recordedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const foldQualityMeeting = (events: readonly QualityMeetingEvent[]): QualityMeetingState =>
  events.reduce(evolveQualityMeeting, initialQualityMeetingState());
