import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type DecisionContext,
  type DomainEvent,
  DomainError,
  type QualityMeetingCommand,
  type QualityMeetingEvent,
  correctiveActionStream,
  decideCorrectiveAction,
  decideQualityMeeting,
  foldQualityMeeting,
  initialCorrectiveActionState,
  qualityMeetingNotFound,
  qualityMeetingStream,
  weeklyPackArchiveStream,
} from '@app/complaints';
import { DECISION_CONTEXT } from '../config/domain-config';
import { EventSourcedStreams, type LoadedStream } from '../command-loop/event-sourced-streams';
import { hashOf, newId, uuidFrom } from '../shared/ids';
import { assertStreamInScope, assertUnitsInScope } from '../shared/org-unit-scope';
import { type RequestContext } from '../shared/request-context';
import {
  HoldQualityMeetingCommand,
  type MeetingOutcome,
  RecordMeetingDecisionCommand,
  RecordMeetingFindingCommand,
} from './quality-meeting.commands';

/** The units a meeting covers: who may read and add to its record. */
const meetingOrgUnits = (loaded: LoadedStream): string[] => {
  const heldEvent = loaded.events.find((e) => e.type === 'QualityMeetingHeld');
  return heldEvent?.type === 'QualityMeetingHeld' ? [...heldEvent.data.orgUnits] : [];
};

const meetingState = (loaded: LoadedStream) => foldQualityMeeting(loaded.events as QualityMeetingEvent[]);

/** An id made from the request's Idempotency-Key (the same request makes the same id), or a new one. */
const idFor = (kind: string, context: RequestContext): string =>
  context.idempotencyKey === undefined ? newId() : uuidFrom(kind, context.idempotencyKey);

@CommandHandler(HoldQualityMeetingCommand)
export class HoldQualityMeetingHandler implements ICommandHandler<HoldQualityMeetingCommand, MeetingOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  async execute({ data, context }: HoldQualityMeetingCommand): Promise<MeetingOutcome> {
    const meetingId = idFor('quality-meeting', context);
    assertUnitsInScope(context.scope, data.orgUnits, 'orgUnits');
    // The pack reviewed must have been archived: a meeting cannot cite a pack nobody can read back.
    if (data.reviewedArchiveId !== null) {
      const archive = await this.streams.load(weeklyPackArchiveStream(data.reviewedArchiveId));
      if (archive.recorded.length === 0)
        throw new DomainError(
          'QUALITY_MEETING.ARCHIVE_NOT_FOUND',
          'No archived pack has this id',
          'reviewedArchiveId',
        );
    }
    const outcome = await this.streams.handle(
      qualityMeetingStream(meetingId),
      context,
      hashOf({ meetingId, data }),
      (loaded, now) =>
        decideQualityMeeting(
          {
            type: 'HoldQualityMeeting',
            data: { ...data, meetingId },
            metadata: { now, actor: context.actor },
          },
          meetingState(loaded),
          this.decision,
        ),
    );
    return { ...outcome, meetingId };
  }
}

@CommandHandler(RecordMeetingFindingCommand)
export class RecordMeetingFindingHandler implements ICommandHandler<
  RecordMeetingFindingCommand,
  MeetingOutcome & { findingId: string }
> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  async execute({ meetingId, data, context }: RecordMeetingFindingCommand) {
    const findingId = idFor('meeting-finding', context);
    const command = (now: string): QualityMeetingCommand => ({
      type: 'RecordMeetingFinding',
      data: { ...data, findingId },
      metadata: { now, actor: context.actor },
    });
    const outcome = await this.streams.handle(
      qualityMeetingStream(meetingId),
      context,
      hashOf({ meetingId, data }),
      (loaded, now) => decideQualityMeeting(command(now), meetingState(loaded), this.decision),
      (loaded) => assertStreamInScope(context.scope, meetingOrgUnits(loaded), qualityMeetingNotFound),
    );
    return { ...outcome, meetingId, findingId };
  }
}

/**
 * A decision and the corrective action it proposes, linked both ways: the decision names the action and
 * the action's proposal names the meeting and the decision. Both are decided before anything is stored,
 * then stored in one append of the two streams (one transaction on the SQL stores: both or neither); the
 * action's event ids are made from its id, so the same request again (same Idempotency-Key) stores
 * nothing twice.
 */
@CommandHandler(RecordMeetingDecisionCommand)
export class RecordMeetingDecisionHandler implements ICommandHandler<
  RecordMeetingDecisionCommand,
  MeetingOutcome & { decisionId: string; actionId: string }
> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  async execute({ meetingId, data, context }: RecordMeetingDecisionCommand) {
    const decisionId = idFor('meeting-decision', context);
    const actionId = idFor('corrective-action', context);
    const requestHash = hashOf({ meetingId, data });
    assertUnitsInScope(context.scope, data.orgUnits, 'orgUnits');
    let proposed: DomainEvent[] = [];
    const outcome = await this.streams.handleStep({
      streamId: qualityMeetingStream(meetingId),
      context,
      requestHash,
      decide: (loaded, now) => {
        const metadata = { now, actor: context.actor };
        const state = meetingState(loaded);
        const recorded = decideQualityMeeting(
          {
            type: 'RecordMeetingDecision',
            data: { decisionId, findingId: data.findingId, actionId, summary: data.summary },
            metadata,
          },
          state,
          this.decision,
        );
        if (state.status !== 'held') throw qualityMeetingNotFound();
        proposed = decideCorrectiveAction(
          {
            type: 'ProposeCorrectiveAction',
            data: {
              actionId,
              businessLine: state.businessLine,
              meetingDate: state.heldAt,
              causeCodes: data.causeCodes,
              orgUnits: data.orgUnits,
              description: data.description,
              owner: data.owner,
              dueAt: data.dueAt,
              meetingId,
              decisionId,
            },
            metadata,
          },
          initialCorrectiveActionState(),
          this.decision,
        );
        return recorded;
      },
      authorize: (loaded) =>
        assertStreamInScope(context.scope, meetingOrgUnits(loaded), qualityMeetingNotFound),
      companions: () => [
        {
          streamId: correctiveActionStream(actionId),
          events: proposed,
          idSeed: `meeting-decision-action:${actionId}`,
        },
      ],
    });
    return { ...outcome, meetingId, decisionId, actionId };
  }
}
