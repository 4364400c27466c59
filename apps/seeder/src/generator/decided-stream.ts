import {
  type DomainEvent,
  type CommandMetadata,
  type ComplaintEvent,
  type ComplaintState,
  type CorrectiveActionCommand,
  type CorrectiveActionEvent,
  type CorrectiveActionState,
  type DecisionContext,
  type OpenComplaintState,
  type SingleComplaintCommand,
  decideComplaint,
  decideCorrectiveAction,
  evolveComplaint,
  evolveCorrectiveAction,
  initialComplaintState,
  initialCorrectiveActionState,
  versioned,
} from '@app/complaints';
import { type EventToAppend, type ExpectedRevision } from '@app/event-store';
import { eventIdFor } from './ids';

/** One stream's whole history, appended in one go; `expected` is what the store must hold before it. */
export type StreamAppend = { streamId: string; events: EventToAppend[]; expected: ExpectedRevision };

/**
 * A stream built the way the command service builds it: every command is decided against the state
 * folded so far, and the decided events are wrapped with their business time (`occurredAt`) and actor.
 */
abstract class DecidedStream<State, Event extends DomainEvent> {
  abstract state: State;
  private readonly envelopes: EventToAppend[] = [];

  constructor(
    readonly streamId: string,
    private readonly seed: number,
  ) {}

  protected abstract evolve(state: State, event: Event): State;

  /** Folds the decided events into the state and keeps them, with ids from (seed, stream, revision). */
  record(events: readonly Event[], metadata: CommandMetadata): void {
    const first = this.envelopes.length;
    const correlationId = eventIdFor(this.seed, this.streamId, first);
    events.forEach((event, i) => {
      this.state = this.evolve(this.state, event);
      this.envelopes.push({
        eventId: i === 0 ? correlationId : eventIdFor(this.seed, this.streamId, first + i),
        ...versioned(event),
        metadata: {
          occurredAt: metadata.now,
          correlationId,
          causationId: correlationId,
          actor: { ...metadata.actor },
        },
      });
    });
  }

  get eventCount(): number {
    return this.envelopes.length;
  }

  toAppend(): StreamAppend {
    return { streamId: this.streamId, events: this.envelopes, expected: 'no-stream' };
  }
}

export class ComplaintStream extends DecidedStream<ComplaintState, ComplaintEvent> {
  state: ComplaintState = initialComplaintState();

  constructor(
    readonly complaintId: string,
    streamId: string,
    seed: number,
    private readonly context: DecisionContext,
  ) {
    super(streamId, seed);
  }

  get open(): OpenComplaintState {
    if (this.state.status === 'none') throw new Error(`${this.complaintId} is not registered`);
    return this.state;
  }

  decide(command: SingleComplaintCommand): void {
    this.record(decideComplaint(command, this.state, this.context), command.metadata);
  }

  protected evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
    return evolveComplaint(state, event);
  }
}

export class CorrectiveActionStream extends DecidedStream<CorrectiveActionState, CorrectiveActionEvent> {
  state: CorrectiveActionState = initialCorrectiveActionState();

  constructor(
    streamId: string,
    seed: number,
    private readonly context: DecisionContext,
  ) {
    super(streamId, seed);
  }

  decide(command: CorrectiveActionCommand): void {
    this.record(decideCorrectiveAction(command, this.state, this.context), command.metadata);
  }

  protected evolve(state: CorrectiveActionState, event: CorrectiveActionEvent): CorrectiveActionState {
    return evolveCorrectiveAction(state, event);
  }
}
