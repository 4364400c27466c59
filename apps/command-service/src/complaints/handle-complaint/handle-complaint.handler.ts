import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type ComplaintEvent,
  type DecisionContext,
  type SingleComplaintCommand,
  complaintNotFound,
  complaintStream,
  decideComplaint,
  foldComplaint,
} from '@app/complaints';
import { DECISION_CONTEXT } from '../../config/domain-config';
import {
  type CommandOutcome,
  EventSourcedStreams,
  type StreamStep,
} from '../../command-loop/event-sourced-streams';
import { hashOf } from '../../shared/ids';
import { assertStreamInScope, complaintOrgUnits } from '../../shared/org-unit-scope';
import { HandleComplaintCommand } from './handle-complaint.command';

@CommandHandler(HandleComplaintCommand)
export class HandleComplaintHandler implements ICommandHandler<HandleComplaintCommand, CommandOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  execute(command: HandleComplaintCommand): Promise<CommandOutcome> {
    return this.streams.handleStep(this.plan(command));
  }

  /** The command as a step on its complaint's stream: what `execute` runs, and what a batch decides in memory. */
  plan({ complaintId, action, context }: HandleComplaintCommand): StreamStep {
    return {
      streamId: complaintStream(complaintId),
      context,
      requestHash: hashOf({ complaintId, action }),
      decide: (loaded, now) => {
        const command = {
          ...action,
          data: { ...action.data, complaintId },
          metadata: { now, actor: context.actor },
        } as SingleComplaintCommand;
        return decideComplaint(command, foldComplaint(loaded.events as ComplaintEvent[]), this.decision);
      },
      authorize: (loaded) =>
        assertStreamInScope(
          context.scope,
          complaintOrgUnits(loaded.events as ComplaintEvent[]),
          complaintNotFound,
        ),
    };
  }
}
