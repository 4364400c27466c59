import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type ComplaintEvent,
  type ComplaintRegistered,
  type DecisionContext,
  complaintStream,
  decideComplaint,
  foldComplaint,
} from '@app/complaints';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../../config/command-service.config';
import { DECISION_CONTEXT } from '../../config/domain-config';
import { EventSourcedStreams, type StreamStep } from '../../command-loop/event-sourced-streams';
import { CLOCK, type Clock, acceptanceNumberFor, hashOf, newId, uuidFrom } from '../../shared/ids';
import { assertSourceBound } from '@app/platform';
import { assertUnitsInScope } from '../../shared/org-unit-scope';
import { type RegistrationOutcome, RegisterComplaintCommand } from './register-complaint.command';

/**
 * A registration with an Idempotency-Key, or from an upstream system with (source system, external id),
 * gets a complaint id derived from that key: a repeat lands on the same stream and appends nothing.
 */
@CommandHandler(RegisterComplaintCommand)
export class RegisterComplaintHandler implements ICommandHandler<
  RegisterComplaintCommand,
  RegistrationOutcome
> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(DECISION_CONTEXT) private readonly decision: DecisionContext,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
  ) {}

  async execute(command: RegisterComplaintCommand): Promise<RegistrationOutcome> {
    const { step, complaintId, acceptanceNumber } = this.plan(command);
    const outcome = await this.streams.handleStep(step);
    const registered = outcome.replayed
      ? ((await this.streams.load(complaintStream(complaintId))).events[0] as ComplaintRegistered)
      : undefined;
    return {
      complaintId,
      acceptanceNumber: registered?.data.acceptanceNumber ?? acceptanceNumber,
      version: outcome.version,
      replayed: outcome.replayed,
    };
  }

  /** The registration as a step on its stream: what `execute` runs, and what a batch decides in memory. */
  plan({ input, context }: RegisterComplaintCommand): {
    step: StreamStep;
    complaintId: string;
    acceptanceNumber: string;
  } {
    assertUnitsInScope(context.scope, [input.receivedBy.orgUnit], 'receivedBy.orgUnit');
    // An upstream pair names the complaint for that system's later messages: only a caller bound to the
    // system may claim it, and the pair (not an Idempotency-Key) then decides the complaint's id.
    if (input.source) assertSourceBound(context.sources, input.source.system, 'source.system');
    const key = input.source
      ? `source:${input.source.system}:${input.source.externalId}`
      : context.idempotencyKey;
    const complaintId = key === undefined ? newId() : uuidFrom('complaint', key);
    const requestHash = hashOf(input);
    const receivedAt = input.receivedAt ?? this.clock.now();
    const acceptanceNumber = acceptanceNumberFor(complaintId, receivedAt, this.config.REPORTING_TIME_ZONE);
    const step: StreamStep = {
      streamId: complaintStream(complaintId),
      context: { ...context, idempotencyKey: key },
      requestHash,
      decide: (loaded, now) =>
        decideComplaint(
          {
            type: 'RegisterComplaint',
            data: { ...input, complaintId, acceptanceNumber, receivedAt },
            metadata: { now, actor: context.actor },
          },
          foldComplaint(loaded.events as ComplaintEvent[]),
          this.decision,
        ),
    };
    return { step, complaintId, acceptanceNumber };
  }
}
