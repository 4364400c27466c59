import { Inject, Injectable } from '@nestjs/common';
import {
  DuplicateEventIdError,
  type EventStore,
  NO_STREAM_REVISION,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '@app/event-store';
import {
  type InboundMessage,
  type InboundProblem,
  parseInboundMessage,
  validateInboundMessage,
} from '@app/messaging/inbound/inbound-message';
import { HandleComplaintHandler } from '../complaints/handle-complaint/handle-complaint.handler';
import { RegisterComplaintCommand } from '../complaints/register-complaint/register-complaint.command';
import { RegisterComplaintHandler } from '../complaints/register-complaint/register-complaint.handler';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';
import {
  EventSourcedStreams,
  type LoadedStream,
  type StreamStep,
} from '../command-loop/event-sourced-streams';
import { EVENT_STORE } from '../store/event-store.provider';
import { type IngressResult, refusalOf, unboundSource } from './inbound-ingress.service';
import { type InboundSender, toCommand } from './inbound-message.mapper';

/** What became of one complaint's messages: all stored (or already stored before), or none. */
export type GroupOutcome = {
  /** `accepted`: something was appended (or would be, in a dry run); `duplicate`: all was stored before. */
  status: 'accepted' | 'duplicate' | 'rejected';
  complaintId?: string;
  /** One result per message, in order; a rejected group rejects every message, the refused one with its reasons. */
  results: IngressResult[];
  /** For `rejected`: the message that was refused (its index in the group) and why. */
  refused?: { index: number; problems: InboundProblem[] };
  /** Events appended (or that would be) for the group. */
  eventsAppended: number;
  /** Messages whose events were stored before. */
  alreadyStored: number;
};

export const GROUP_REFUSED = 'INGRESS.GROUP_REFUSED';

/**
 * What dry batches decided and did not store, by stream, so that a later batch naming the same complaint
 * decides on it as a real run would. Bounded: past `limit` streams the oldest are forgotten (a complaint
 * repeated that far apart in a file is then decided on the store as it is).
 */
export class DryRunMemory {
  private readonly streams = new Map<string, LoadedStream>();

  constructor(private readonly limit = 100_000) {}

  get(streamId: string): LoadedStream | undefined {
    return this.streams.get(streamId);
  }

  remember({ streamId, after }: { streamId: string; after: LoadedStream }): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, after);
    if (this.streams.size > this.limit) this.streams.delete(this.streams.keys().next().value!);
  }
}

type Decided = {
  streamId: string;
  complaintId: string;
  loaded: LoadedStream;
  /** The stream once the group's events are stored. */
  after: LoadedStream;
  parts: StreamAppend['events'];
  outcome: GroupOutcome;
};

const rejectedGroup = (
  messages: readonly unknown[],
  index: number,
  problems: InboundProblem[],
  complaintId?: string,
): GroupOutcome => ({
  status: 'rejected',
  complaintId,
  refused: { index, problems },
  eventsAppended: 0,
  alreadyStored: 0,
  results: messages.map((message, i) => {
    const messageId = (message as { messageId?: unknown } | null)?.messageId;
    return {
      status: 'rejected',
      messageId: typeof messageId === 'string' ? messageId : undefined,
      problems:
        i === index
          ? problems
          : [
              {
                field: '',
                reason: `not stored: message ${index + 1} of the same complaint was refused`,
                code: GROUP_REFUSED,
              },
            ],
    };
  }),
});

/**
 * The ingress path for many complaints at once, each complaint's messages all or nothing: every message
 * of a group (one complaint, in order) is validated and decided on the complaint's state, the group's
 * own earlier messages included, before anything is stored; a refused message refuses its whole group;
 * the events of every accepted group are then appended in one `appendMany`. The same handlers plan each
 * step as for a single message, so a group stores exactly what its messages sent one by one would.
 * A concurrent writer on one of the complaints makes the batch decide again on fresh state.
 */
@Injectable()
export class InboundBatchIngress {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
    private readonly streams: EventSourcedStreams,
    private readonly register: RegisterComplaintHandler,
    private readonly handle: HandleComplaintHandler,
  ) {}

  /**
   * `dryRun`: decide everything and store nothing (what an import's `--check` reports); `decidedBefore`
   * then carries what earlier dry batches decided, so that a complaint seen again is decided on that.
   */
  async handleGroups(
    groups: readonly (readonly unknown[])[],
    sender: InboundSender = {},
    options: { dryRun?: boolean; decidedBefore?: DryRunMemory } = {},
  ): Promise<GroupOutcome[]> {
    const outcomes: (GroupOutcome | undefined)[] = new Array(groups.length);
    const planned = groups.map((messages, index) => {
      const plan = this.planGroup(messages, sender);
      if ('rejected' in plan) outcomes[index] = plan.rejected;
      return plan;
    });
    for (let attempt = 0; ; attempt++) {
      const pending = planned.flatMap((plan, index) =>
        outcomes[index] === undefined && 'steps' in plan ? [{ index, ...plan }] : [],
      );
      const decided = await this.decideAll(
        pending.map(({ index }) => groups[index]!),
        pending,
        options.decidedBefore,
      );
      const parts: StreamAppend[] = [];
      const owners: number[] = [];
      for (const [i, { index }] of pending.entries()) {
        const group = decided[i]!;
        if (group.parts.length > 0 && group.outcome.status !== 'rejected') {
          parts.push({
            streamId: group.streamId,
            events: group.parts,
            expected: group.loaded.version === NO_STREAM_REVISION ? 'no-stream' : group.loaded.version,
          });
          owners.push(index);
        }
      }
      try {
        if (!options.dryRun) await this.store.appendMany(parts);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          // Ids of this group stored elsewhere or in part: refused alone, the others go again.
          const owner = owners[parts.findIndex((part) => part.streamId === error.streamId)];
          if (owner === undefined) throw error;
          outcomes[owner] = rejectedGroup(groups[owner]!, 0, [
            {
              field: 'messageId',
              reason: `the complaint's stream holds some of these messages already, differently`,
              code: 'IDEMPOTENCY.KEY_REUSED',
            },
          ]);
          continue;
        }
        if (error instanceof WrongExpectedRevisionError && attempt < this.config.CONFLICT_RETRIES) continue;
        throw error;
      }
      for (const [i, { index }] of pending.entries()) outcomes[index] = decided[i]!.outcome;
      if (options.dryRun && options.decidedBefore)
        for (const group of decided)
          if (group.outcome.status === 'accepted') options.decidedBefore.remember(group);
      return outcomes as GroupOutcome[];
    }
  }

  /**
   * Many messages at once, each on its own as `InboundIngress` would take them one after the other (the
   * Kafka consumer's batch, `POST /ingress/batch` without `atomicPerComplaint`): a malformed or refused
   * message is rejected alone and the others go through. The messages are grouped by complaint in
   * order; every complaint is read in one look-up (its stored events tell a redelivered message, which
   * appends nothing), each message decided on its complaint as the messages before it leave it, and
   * every complaint's new events appended in one `appendMany`, each part with its own expected revision.
   * A concurrent writer on one of the complaints makes the batch decide again on fresh state; ids of a
   * message stored differently refuse that complaint's messages alone. One result per message, in order.
   *
   * `raw`: the messages as bytes (a topic's), parsed here; otherwise as JSON values (an HTTP body's).
   */
  async handleEach(
    messages: readonly unknown[],
    sender: InboundSender = {},
    { raw = false }: { raw?: boolean } = {},
  ): Promise<IngressResult[]> {
    const results: (IngressResult | undefined)[] = new Array(messages.length);
    type Planned = { index: number; message: InboundMessage; step: StreamStep; complaintId: string };
    const byStream = new Map<string, Planned[]>();
    for (const [index, input] of messages.entries()) {
      const parsed = raw
        ? parseInboundMessage(input as string | Buffer | null)
        : validateInboundMessage(input);
      if (!parsed.ok) {
        const messageId = (input as { messageId?: unknown } | null)?.messageId;
        results[index] = {
          status: 'rejected',
          ...(!raw && typeof messageId === 'string' ? { messageId } : {}),
          problems: parsed.problems,
        };
        continue;
      }
      const { message } = parsed;
      const unbound = unboundSource(message, sender);
      if (unbound) {
        results[index] = { status: 'rejected', messageId: message.messageId, problems: [unbound] };
        continue;
      }
      try {
        const command = toCommand(message, sender);
        const { step, complaintId } =
          command instanceof RegisterComplaintCommand
            ? this.register.plan(command)
            : { step: this.handle.plan(command), complaintId: command.complaintId };
        const planned = { index, message, step, complaintId };
        const steps = byStream.get(step.streamId);
        if (steps) steps.push(planned);
        else byStream.set(step.streamId, [planned]);
      } catch (error) {
        const refusal = refusalOf(error, message);
        if (!refusal) throw error;
        results[index] = { status: 'rejected', messageId: message.messageId, problems: [refusal] };
      }
    }
    for (let attempt = 0; byStream.size > 0; attempt++) {
      const loaded = await this.streams.loadMany([...byStream.keys()]);
      const decided = new Map<number, IngressResult>();
      const parts: StreamAppend[] = [];
      for (const [streamId, steps] of byStream) {
        const start = loaded.get(streamId) ?? EventSourcedStreams.empty();
        const state: LoadedStream = {
          recorded: [...start.recorded],
          events: [...start.events],
          version: start.version,
        };
        const events: StreamAppend['events'] = [];
        for (const { index, message, step, complaintId } of steps) {
          try {
            const outcome = await this.streams.decideOn(state, step);
            if (outcome.replayed) {
              decided.set(index, {
                status: 'duplicate',
                messageId: message.messageId,
                complaintId,
                version: outcome.outcome.version,
              });
              continue;
            }
            EventSourcedStreams.appendInMemory(streamId, state, outcome.events, outcome.toAppend);
            events.push(...outcome.toAppend);
            decided.set(index, {
              status: 'accepted',
              messageId: message.messageId,
              complaintId,
              version: state.version,
            });
          } catch (error) {
            const refusal = refusalOf(error, message);
            if (!refusal) throw error;
            decided.set(index, { status: 'rejected', messageId: message.messageId, problems: [refusal] });
          }
        }
        if (events.length > 0)
          parts.push({
            streamId,
            events,
            expected: start.version === NO_STREAM_REVISION ? 'no-stream' : start.version,
          });
      }
      try {
        await this.store.appendMany(parts);
      } catch (error) {
        if (error instanceof DuplicateEventIdError && byStream.has(error.streamId)) {
          for (const { index, message } of byStream.get(error.streamId)!)
            results[index] = {
              status: 'rejected',
              messageId: message.messageId,
              problems: [
                {
                  field: 'messageId',
                  reason: `the complaint's stream holds some of these messages already, differently`,
                  code: 'IDEMPOTENCY.KEY_REUSED',
                },
              ],
            };
          byStream.delete(error.streamId);
          continue;
        }
        if (error instanceof WrongExpectedRevisionError && attempt < this.config.CONFLICT_RETRIES) continue;
        throw error;
      }
      for (const [index, result] of decided) results[index] = result;
      break;
    }
    return results as IngressResult[];
  }

  /** Each message validated and planned; the group's messages must name one complaint. */
  private planGroup(
    messages: readonly unknown[],
    sender: InboundSender,
  ): { steps: StreamStep[]; complaintId: string } | { rejected: GroupOutcome } {
    const steps: StreamStep[] = [];
    let complaintId: string | undefined;
    for (const [index, json] of messages.entries()) {
      const validated = validateInboundMessage(json);
      if (!validated.ok) return { rejected: rejectedGroup(messages, index, validated.problems, complaintId) };
      const unbound = unboundSource(validated.message, sender);
      if (unbound) return { rejected: rejectedGroup(messages, index, [unbound], complaintId) };
      try {
        const command = toCommand(validated.message, sender);
        const planned =
          command instanceof RegisterComplaintCommand
            ? this.register.plan(command)
            : { step: this.handle.plan(command), complaintId: command.complaintId };
        if (complaintId !== undefined && planned.complaintId !== complaintId)
          return {
            rejected: rejectedGroup(messages, index, [
              {
                field: 'source.externalId',
                reason: 'names another complaint than the messages before it in its group',
                code: 'INGRESS.MIXED_GROUP',
              },
            ]),
          };
        complaintId = planned.complaintId;
        steps.push(planned.step);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return { rejected: rejectedGroup(messages, index, [refusal], complaintId) };
      }
    }
    if (complaintId === undefined)
      return {
        rejected: rejectedGroup(messages, 0, [
          { field: '', reason: 'a group holds at least one message', code: 'INGRESS.EMPTY_GROUP' },
        ]),
      };
    return { steps, complaintId };
  }

  /** Every group decided on its stream as stored now, step after step in memory. */
  private async decideAll(
    groups: readonly (readonly unknown[])[],
    plans: readonly { steps: StreamStep[]; complaintId: string }[],
    decidedBefore?: DryRunMemory,
  ): Promise<Decided[]> {
    const streamIds = plans.map(({ steps }) => steps[0]!.streamId);
    const revisions = await this.store.streamRevisions(streamIds);
    const loaded = new Map<string, LoadedStream>();
    for (const id of streamIds) {
      const remembered = decidedBefore?.get(id);
      if (remembered) loaded.set(id, remembered);
    }
    const existing = streamIds.filter((id) => revisions.get(id) !== NO_STREAM_REVISION && !loaded.has(id));
    if (existing.length > 0)
      for (const [id, stream] of await this.streams.loadMany(existing)) loaded.set(id, stream);
    const decided: Decided[] = [];
    for (const [g, { steps, complaintId }] of plans.entries())
      decided.push(
        await this.decideGroup(
          groups[g]!,
          steps,
          complaintId,
          loaded.get(streamIds[g]!) ?? EventSourcedStreams.empty(),
        ),
      );
    return decided;
  }

  private async decideGroup(
    messages: readonly unknown[],
    steps: readonly StreamStep[],
    complaintId: string,
    start: LoadedStream,
  ): Promise<Decided> {
    const streamId = steps[0]!.streamId;
    // The group's own copy, which each decided step adds to.
    const state: LoadedStream = {
      recorded: [...start.recorded],
      events: [...start.events],
      version: start.version,
    };
    const parts: StreamAppend['events'] = [];
    const results: IngressResult[] = [];
    let alreadyStored = 0;
    for (const [index, step] of steps.entries()) {
      const messageId = (messages[index] as { messageId: string }).messageId;
      try {
        const decided = await this.streams.decideOn(state, step);
        if (decided.replayed) {
          alreadyStored += 1;
          results.push({ status: 'duplicate', messageId, complaintId, version: decided.outcome.version });
          continue;
        }
        EventSourcedStreams.appendInMemory(streamId, state, decided.events, decided.toAppend);
        parts.push(...decided.toAppend);
        results.push({ status: 'accepted', messageId, complaintId, version: state.version });
      } catch (error) {
        const refusal = refusalOf(error, messages[index]);
        if (!refusal) throw error;
        return {
          streamId,
          complaintId,
          loaded: start,
          after: start,
          parts: [],
          outcome: rejectedGroup(messages, index, [refusal], complaintId),
        };
      }
    }
    return {
      streamId,
      complaintId,
      loaded: start,
      after: state,
      parts,
      outcome: {
        status: parts.length > 0 ? 'accepted' : 'duplicate',
        complaintId,
        results,
        eventsAppended: parts.length,
        alreadyStored,
      },
    };
  }
}
