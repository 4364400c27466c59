import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type CorrectiveActionCommand,
  type CorrectiveActionEvent,
  type DecisionContext,
  correctiveActionNotFound,
  correctiveActionStream,
  decideCorrectiveAction,
  foldCorrectiveAction,
} from '@app/complaints';
import { DECISION_CONTEXT } from '../config/domain-config';
import { type CommandOutcome, EventSourcedStreams } from '../command-loop/event-sourced-streams';
import { hashOf, newId, uuidFrom } from '../shared/ids';
import { assertStreamInScope, assertUnitsInScope, correctiveActionOrgUnits } from '../shared/org-unit-scope';
import { HandleCorrectiveActionCommand } from './corrective-action.commands';

@CommandHandler(HandleCorrectiveActionCommand)
export class CorrectiveActionHandler implements ICommandHandler<
  HandleCorrectiveActionCommand,
  CommandOutcome & { actionId: string }
> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
  ) {}

  async execute({ actionId, step, context }: HandleCorrectiveActionCommand) {
    const key = context.idempotencyKey;
    const id = actionId ?? (key === undefined ? newId() : uuidFrom('corrective-action', key));
    const requestHash = hashOf({ actionId: id, step });
    if (step.type === 'ProposeCorrectiveAction')
      assertUnitsInScope(context.scope, step.data.orgUnits, 'orgUnits');
    const outcome = await this.streams.handle(
      correctiveActionStream(id),
      context,
      requestHash,
      (loaded, now) => {
        const command = {
          ...step,
          data: { ...step.data, actionId: id },
          metadata: { now, actor: context.actor },
        } as CorrectiveActionCommand;
        return decideCorrectiveAction(
          command,
          foldCorrectiveAction(loaded.events as CorrectiveActionEvent[]),
          this.decision,
        );
      },
      (loaded) => {
        // A new action is checked on the units it names (above); an existing one on those it was proposed with.
        if (step.type === 'ProposeCorrectiveAction' && loaded.events.length === 0) return;
        const units = correctiveActionOrgUnits(loaded.events as CorrectiveActionEvent[]);
        assertStreamInScope(context.scope, units, correctiveActionNotFound);
      },
    );
    return { ...outcome, actionId: id };
  }
}
