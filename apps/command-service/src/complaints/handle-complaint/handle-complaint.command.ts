import { Command } from '@nestjs/cqrs';
import { type SingleComplaintCommand } from '@app/complaints';
import { type CommandOutcome } from '../../command-loop/event-sourced-streams';
import { type RequestContext } from '../../shared/request-context';

type Untimed<C> = C extends { type: infer T; data: infer D } ? { type: T; data: D } : never;

/** Any command on one existing complaint: type and data; time and actor are added by the handler. */
export type ComplaintAction = Untimed<Exclude<SingleComplaintCommand, { type: 'RegisterComplaint' }>>;

export class HandleComplaintCommand extends Command<CommandOutcome> {
  constructor(
    readonly complaintId: string,
    readonly action: ComplaintAction,
    readonly context: RequestContext,
  ) {
    super();
  }
}
