import { Command } from '@nestjs/cqrs';
import { type CommandOutcome } from '../../command-loop/event-sourced-streams';
import { type RequestContext } from '../../shared/request-context';

export class MergeComplaintCommand extends Command<CommandOutcome> {
  constructor(
    readonly duplicateId: string,
    readonly intoComplaintId: string,
    readonly reason: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
