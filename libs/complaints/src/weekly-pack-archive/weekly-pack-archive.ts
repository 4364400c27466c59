import { DomainError, ensure } from '../shared/domain-error';
import { isValidInstant } from '../shared/time';
import { type Command, type Event, assertNever } from '../shared/typing';
import { type Taxonomy } from '../taxonomy/taxonomy';

/**
 * A weekly pack as it was on the day it was archived: the figures the meeting saw, frozen. It is an
 * event because the event log is the one thing a rebuild of the read models never rewrites: a later
 * correction of a complaint changes the live pack, never this record. One stream per business line, ISO
 * week and org unit (none: the whole line), written once.
 */
export type WeeklyPackArchived = Event<
  'WeeklyPackArchived',
  {
    archiveId: string;
    businessLine: string;
    /** ISO week, `YYYY-Www`, read in `timeZone`. */
    week: string;
    /** The receiving org unit the pack was restricted to; null for the whole business line. */
    orgUnit: string | null;
    timeZone: string;
    /** Identifies the KPI definitions the figures were computed with (a digest of them). */
    definitionsVersion: string;
    /** The pack's figures as the reports answered them then; opaque to the domain. */
    figures: Record<string, unknown>;
    generatedAt: string;
  }
>;

export type WeeklyPackArchiveEvent = WeeklyPackArchived;

export const WEEKLY_PACK_ARCHIVE_EVENT_TYPES: readonly WeeklyPackArchiveEvent['type'][] = [
  'WeeklyPackArchived',
];

export type ArchiveWeeklyPack = Command<
  'ArchiveWeeklyPack',
  {
    businessLine: string;
    week: string;
    orgUnit: string | null;
    timeZone: string;
    definitionsVersion: string;
    figures: Record<string, unknown>;
  }
>;

export type WeeklyPackArchiveCommand = ArchiveWeeklyPack;

export type WeeklyPackArchiveState =
  { status: 'none' } | { status: 'archived'; archiveId: string; generatedAt: string };

export const WeeklyPackArchiveErrors = {
  ALREADY_ARCHIVED: 'WEEKLY_PACK_ARCHIVE.ALREADY_ARCHIVED',
  INVALID_WEEK: 'WEEKLY_PACK_ARCHIVE.INVALID_WEEK',
  UNKNOWN_BUSINESS_LINE: 'TAXONOMY.UNKNOWN_BUSINESS_LINE',
  INVALID_INSTANT: 'COMMAND.INVALID_INSTANT',
} as const;
const E = WeeklyPackArchiveErrors;

const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** URI-encoding that also escapes the id's separator and its whole-line mark. */
const encodePart = (part: string): string =>
  encodeURIComponent(part).replace(/\./g, '%2E').replace(/\*/g, '%2A');

/**
 * The archive's id, which is also its stream's suffix: line, week and unit joined by dots, each encoded
 * so that no two (line, week, unit) share an id; `*` stands for the whole line.
 */
export const weeklyPackArchiveId = (businessLine: string, week: string, orgUnit: string | null): string =>
  [encodePart(businessLine), encodePart(week), orgUnit === null ? '*' : encodePart(orgUnit)].join('.');

export const initialWeeklyPackArchiveState = (): WeeklyPackArchiveState => ({ status: 'none' });

export const evolveWeeklyPackArchive = (
  _state: WeeklyPackArchiveState,
  event: WeeklyPackArchiveEvent,
): WeeklyPackArchiveState => {
  switch (event.type) {
    case 'WeeklyPackArchived':
      return { status: 'archived', archiveId: event.data.archiveId, generatedAt: event.data.generatedAt };
    default:
      return assertNever(event.type);
  }
};

/** Archives a pack once: a second archive of the same line, week and unit is refused, never merged. */
export const decideWeeklyPackArchive = (
  command: WeeklyPackArchiveCommand,
  state: WeeklyPackArchiveState,
  { taxonomy }: { taxonomy: Taxonomy },
): WeeklyPackArchiveEvent[] => {
  switch (command.type) {
    case 'ArchiveWeeklyPack': {
      const d = command.data;
      if (state.status === 'archived')
        throw new DomainError(
          E.ALREADY_ARCHIVED,
          `This pack was archived at ${state.generatedAt}; an archive is never rewritten`,
          'week',
          'conflict',
        );
      ensure(
        taxonomy.line(d.businessLine) !== undefined,
        E.UNKNOWN_BUSINESS_LINE,
        `Unknown business line '${d.businessLine}'`,
        'businessLine',
      );
      ensure(ISO_WEEK.test(d.week), E.INVALID_WEEK, 'week must be an ISO week, YYYY-Www', 'week');
      ensure(isValidInstant(command.metadata.now), E.INVALID_INSTANT, 'now is not a valid instant');
      return [
        {
          type: 'WeeklyPackArchived',
          data: {
            archiveId: weeklyPackArchiveId(d.businessLine, d.week, d.orgUnit),
            ...d,
            generatedAt: command.metadata.now,
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
};

export const foldWeeklyPackArchive = (events: readonly WeeklyPackArchiveEvent[]): WeeklyPackArchiveState =>
  events.reduce(evolveWeeklyPackArchive, initialWeeklyPackArchiveState());
