/**
 * Given / when / then for deciders, after Emmett's `DeciderSpecification`:
 * `given(events).when(command).then(expectedEvents)` or `.thenThrows(code, field?)`.
 * The state is always folded from the given events, never built by hand.
 */
import { type MergeComplaint } from '../complaint/complaint.commands';
import { decideComplaint, decideMerge, type SingleComplaintCommand } from '../complaint/complaint.decide';
import { type ComplaintEvent } from '../complaint/complaint.events';
import { foldComplaint } from '../complaint/complaint.state';
import { type DecisionContext } from '../complaint/decide/context';
import {
  type CorrectiveActionCommand,
  type CorrectiveActionEvent,
  decideCorrectiveAction,
  foldCorrectiveAction,
} from '../corrective-action/corrective-action';
import { DomainError } from '../shared/domain-error';
import {
  type QualityMeetingCommand,
  type QualityMeetingEvent,
  decideQualityMeeting,
  foldQualityMeeting,
} from '../quality-meeting/quality-meeting';
import {
  type WeeklyPackArchiveCommand,
  type WeeklyPackArchiveEvent,
  decideWeeklyPackArchive,
  foldWeeklyPackArchive,
} from '../weekly-pack-archive/weekly-pack-archive';
import { defaultContext } from './fixtures';

export type Outcome<Result> = Readonly<{
  /** The decision equals `expected` exactly: same events, same order, no extra or undefined keys. */
  then: (expected: Result) => void;
  /** The decision throws a DomainError with this code (and this field, when one is given). */
  thenThrows: (code: string, field?: string) => void;
  /** The DomainError the decision throws, for the rare assertion beyond code and field. */
  error: () => DomainError;
}>;

const outcomeOf = <Result>(decide: () => Result): Outcome<Result> => {
  const error = (): DomainError => {
    const thrown = thrownBy(decide);
    expect(thrown).toBeInstanceOf(DomainError);
    return thrown as DomainError;
  };
  return {
    then: (expected) => expect(decide()).toStrictEqual(expected),
    thenThrows: (code, field) => {
      const thrown = error();
      expect(thrown.code).toBe(code);
      if (field !== undefined) expect(thrown.field).toBe(field);
    },
    error,
  };
};

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the decision to throw, but it returned events');
};

/** A complaint's history; `context` replaces the default taxonomy and policy. */
export const given = (events: readonly ComplaintEvent[], context: DecisionContext = defaultContext()) => ({
  when: (command: SingleComplaintCommand): Outcome<ComplaintEvent[]> =>
    outcomeOf(() => decideComplaint(command, foldComplaint(events), context)),
});

type MergeResult = { duplicate: ComplaintEvent[]; target: ComplaintEvent[] };

/** Merging is decided over two histories: the duplicate's and the surviving complaint's. */
export const givenMerge = (
  duplicate: readonly ComplaintEvent[],
  target: readonly ComplaintEvent[],
  context: DecisionContext = defaultContext(),
) => ({
  when: (command: MergeComplaint): Outcome<MergeResult> =>
    outcomeOf(() => decideMerge(command, foldComplaint(duplicate), foldComplaint(target), context)),
});

export const givenAction = (events: readonly CorrectiveActionEvent[], context = defaultContext()) => ({
  when: (command: CorrectiveActionCommand): Outcome<CorrectiveActionEvent[]> =>
    outcomeOf(() => decideCorrectiveAction(command, foldCorrectiveAction(events), context)),
});

export const givenArchive = (events: readonly WeeklyPackArchiveEvent[], context = defaultContext()) => ({
  when: (command: WeeklyPackArchiveCommand): Outcome<WeeklyPackArchiveEvent[]> =>
    outcomeOf(() => decideWeeklyPackArchive(command, foldWeeklyPackArchive(events), context)),
});

export const givenMeeting = (events: readonly QualityMeetingEvent[], context = defaultContext()) => ({
  when: (command: QualityMeetingCommand): Outcome<QualityMeetingEvent[]> =>
    outcomeOf(() => decideQualityMeeting(command, foldQualityMeeting(events), context)),
});
