import { Command } from '@nestjs/cqrs';
import { type HoldQualityMeeting, type RecordMeetingFinding } from '@app/complaints';
import { type CommandOutcome } from '../command-loop/event-sourced-streams';
import { type RequestContext } from '../shared/request-context';

export type MeetingOutcome = CommandOutcome & { meetingId: string };

export class HoldQualityMeetingCommand extends Command<MeetingOutcome> {
  constructor(
    readonly data: Omit<HoldQualityMeeting['data'], 'meetingId'>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class RecordMeetingFindingCommand extends Command<MeetingOutcome & { findingId: string }> {
  constructor(
    readonly meetingId: string,
    readonly data: Omit<RecordMeetingFinding['data'], 'findingId'>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** The decision and the corrective action it proposes, as the request states them. */
export type DecisionRequest = {
  findingId: string | null;
  summary: string;
  causeCodes: string[];
  orgUnits: string[];
  description: string;
  owner: string;
  dueAt: string;
};

export class RecordMeetingDecisionCommand extends Command<
  MeetingOutcome & { decisionId: string; actionId: string }
> {
  constructor(
    readonly meetingId: string,
    readonly data: DecisionRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}
