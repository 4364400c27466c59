import { Command } from '@nestjs/cqrs';
import { type CorrectiveActionCommand } from '@app/complaints';
import { type CommandOutcome } from '../command-loop/event-sourced-streams';
import { type RequestContext } from '../shared/request-context';

type Untimed<C> = C extends { type: infer T; data: infer D } ? { type: T; data: Omit<D, 'actionId'> } : never;

export type CorrectiveActionStep = Untimed<CorrectiveActionCommand>;

/** Proposing makes a new action (id made here); the other steps name an existing one. */
export class HandleCorrectiveActionCommand extends Command<CommandOutcome & { actionId: string }> {
  constructor(
    readonly actionId: string | undefined,
    readonly step: CorrectiveActionStep,
    readonly context: RequestContext,
  ) {
    super();
  }
}
