import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { type DomainEvent, DomainError, upcast, versioned } from '@app/complaints';
import {
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  NO_STREAM_REVISION,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { CommandMetrics } from '../metrics/command-metrics';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';
import { EVENT_STORE } from '../store/event-store.provider';
import { StaleVersionError, idempotencyKeyReused } from './command-errors';
import { CLOCK, type Clock, newId, uuidFrom } from '../shared/ids';
import { type RequestContext } from '../shared/request-context';

const MAX_CONFLICT_BACKOFF_MS = 250;
const EPOCH = new Date(0);

const loadedFrom = (recorded: RecordedEvent[]): LoadedStream => ({
  recorded,
  events: recorded.map((e) => upcast(e.type, e.schemaVersion, e.data)),
  version: recorded.length > 0 ? recorded[recorded.length - 1]!.streamRevision : NO_STREAM_REVISION,
});

export type LoadedStream = {
  recorded: RecordedEvent[];
  events: DomainEvent[];
  /** The stream's revision, NO_STREAM_REVISION (-1) when it does not exist. */
  version: number;
};

export type CommandOutcome = {
  streamId: string;
  version: number;
  eventTypes: string[];
  /** True when the Idempotency-Key matched an earlier request: nothing was appended. */
  replayed: boolean;
};

export type Decision = (loaded: LoadedStream, now: string) => DomainEvent[] | Promise<DomainEvent[]>;

/** Throws when the caller may not touch the loaded stream (its org units are outside the caller's). */
export type Authorization = (loaded: LoadedStream) => void | Promise<void>;

/**
 * Another stream's events that a step stores with its own, in the same `appendMany` (one transaction on
 * the SQL stores), e.g. the corrective action a meeting's decision proposes. Their ids derive from
 * `idSeed`, so the same request again stores nothing twice.
 */
export type CompanionAppend = { streamId: string; events: DomainEvent[]; idSeed: string };

/** One command on one stream, as a handler plans it: what `handle` runs, and what a batch decides in memory. */
export type StreamStep = {
  streamId: string;
  context: RequestContext;
  requestHash: string;
  decide: Decision;
  authorize?: Authorization;
  /** Asked after `decide`: other streams' events stored together with the step's (`handleStep` only). */
  companions?: () => CompanionAppend[];
};

/** A step decided on a loaded stream: replayed (its key was there), or the events to append. */
export type DecidedStep =
  | { replayed: true; outcome: CommandOutcome }
  | { replayed: false; events: DomainEvent[]; toAppend: EventToAppend[]; now: string };

/**
 * The shared body of every command handler: read the stream, check the caller may touch it, decide,
 * append with the revision read.
 * A concurrent write is retried from a fresh read (the decision is made again, so this is safe) unless
 * the client pinned an expected version, which then gets a 409.
 */
@Injectable()
export class EventSourcedStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
    private readonly metrics: CommandMetrics,
  ) {}

  async load(streamId: string): Promise<LoadedStream> {
    return loadedFrom(await this.store.readStream(streamId));
  }

  /** Several streams in one read, for a batch. */
  async loadMany(streamIds: readonly string[]): Promise<Map<string, LoadedStream>> {
    const read = await this.store.readStreams(streamIds);
    return new Map([...read].map(([id, recorded]) => [id, loadedFrom(recorded)]));
  }

  async handle(
    streamId: string,
    context: RequestContext,
    requestHash: string,
    decide: Decision,
    authorize?: Authorization,
  ): Promise<CommandOutcome> {
    return this.handleStep({ streamId, context, requestHash, decide, authorize });
  }

  async handleStep(step: StreamStep): Promise<CommandOutcome> {
    const { streamId, context } = step;
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load(streamId);
      const decided = await this.decideOn(loaded, step);
      if (decided.replayed) {
        this.metrics.replayed();
        return decided.outcome;
      }
      const { events, toAppend, now } = decided;
      const expected = loaded.version === NO_STREAM_REVISION ? ('no-stream' as const) : loaded.version;
      const companions = (step.companions?.() ?? []).map(({ streamId: id, events: theirs, idSeed }) => ({
        streamId: id,
        events: this.envelopes(theirs, context, step.requestHash, now, (index) =>
          uuidFrom('event', `${idSeed}\u0000${index}`),
        ),
        expected: 'any' as const,
      }));
      try {
        // With companions, one appendMany: on the SQL stores all of it or none (KurrentDB appends the
        // parts in order, the companions first, and the same request again completes it).
        const result =
          companions.length === 0
            ? await this.store.append(streamId, toAppend, expected)
            : (await this.store.appendMany([...companions, { streamId, events: toAppend, expected }])).at(
                -1,
              )!;
        if (result.appended)
          this.metrics.appended(toAppend.length + companions.reduce((n, part) => n + part.events.length, 0));
        else this.metrics.replayed();
        return {
          streamId,
          version: result.nextExpectedRevision,
          eventTypes: events.map((e) => e.type),
          replayed: !result.appended,
        };
      } catch (error) {
        if (error instanceof DuplicateEventIdError) throw idempotencyKeyReused();
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedVersion !== undefined || attempt >= this.config.CONFLICT_RETRIES) {
          this.metrics.answeredStale();
          throw new StaleVersionError(streamId, error.actual);
        }
        this.metrics.conflictRetried();
        await this.backOff(attempt);
      }
    }
  }

  /**
   * A step decided on a stream as loaded (or as a batch has it in memory): the caller may touch it, its
   * key replays, the pinned version holds, the domain decides. Nothing is appended here.
   */
  async decideOn(loaded: LoadedStream, { streamId, context, requestHash, decide, authorize }: StreamStep) {
    const now = this.businessTime(context);
    // Before the idempotent replay too: a caller out of scope learns nothing from a repeated key.
    await authorize?.(loaded);
    const replay = this.replayOf(streamId, loaded, context, requestHash);
    if (replay) return { replayed: true, outcome: replay } satisfies DecidedStep;
    if (context.expectedVersion !== undefined && context.expectedVersion !== loaded.version) {
      this.metrics.answeredStale();
      throw new StaleVersionError(streamId, loaded.version);
    }
    const events = await decide(loaded, now);
    const key = context.idempotencyKey;
    const toAppend = this.envelopes(events, context, requestHash, now, (index) =>
      key === undefined ? newId() : uuidFrom('event', `${key}\u0000${index}`),
    );
    return { replayed: false, events, toAppend, now } satisfies DecidedStep;
  }

  /**
   * Adds `toAppend` to a stream held in memory by a batch, as the store will hold it once they are
   * stored: what the next step decides on. The batch owns `stream` (a copy of what it loaded): it is
   * changed in place, each step adding to it.
   */
  static appendInMemory(
    streamId: string,
    stream: LoadedStream,
    events: DomainEvent[],
    toAppend: EventToAppend[],
  ): void {
    for (const [index, event] of toAppend.entries())
      stream.recorded.push({
        ...event,
        streamId,
        streamRevision: stream.version + 1 + index,
        globalPosition: 0n,
        recordedAt: EPOCH,
      });
    stream.events.push(...events);
    stream.version += events.length;
  }

  /** An empty stream, as `load` gives one that does not exist. */
  static empty(): LoadedStream {
    return { recorded: [], events: [], version: NO_STREAM_REVISION };
  }

  /** Full jitter: a random wait in [0, min(cap, base × 2^attempt)). */
  private async backOff(attempt: number): Promise<void> {
    const base = this.config.CONFLICT_RETRY_BASE_MS;
    if (base === 0) return;
    await sleep(Math.random() * Math.min(MAX_CONFLICT_BACKOFF_MS, base * 2 ** attempt));
  }

  /**
   * Appends already-decided events whatever the stream's revision. Their ids derive from `idSeed`, so
   * appending them again (a retry, a repair after a crash) stores nothing twice.
   */
  async appendDecided(
    streamId: string,
    events: DomainEvent[],
    context: RequestContext,
    requestHash: string,
    idSeed: string,
  ): Promise<number> {
    const toAppend = this.envelopes(events, context, requestHash, this.clock.now(), (index) =>
      uuidFrom('event', `${idSeed}\u0000${index}`),
    );
    const result = await this.store.append(streamId, toAppend, 'any');
    if (result.appended) this.metrics.appended(toAppend.length);
    return result.nextExpectedRevision;
  }

  /** A reported past instant is taken as given, but never one after the clock's now. */
  private businessTime(context: RequestContext): string {
    const clock = this.clock.now();
    if (context.occurredAt === undefined) return clock;
    if (Date.parse(context.occurredAt) > Date.parse(clock))
      throw new DomainError('COMMAND.OCCURRED_IN_FUTURE', 'occurredAt lies in the future', 'occurredAt');
    return context.occurredAt;
  }

  private replayOf(
    streamId: string,
    loaded: LoadedStream,
    context: RequestContext,
    requestHash: string,
  ): CommandOutcome | undefined {
    const key = context.idempotencyKey;
    if (key === undefined) return undefined;
    const earlier = loaded.recorded.filter((e) => e.metadata.idempotencyKey === key);
    if (earlier.length === 0) return undefined;
    if (earlier[0]!.metadata.requestHash !== requestHash) throw idempotencyKeyReused();
    return {
      streamId,
      version: earlier[earlier.length - 1]!.streamRevision,
      eventTypes: earlier.map((e) => e.type),
      replayed: true,
    };
  }

  private envelopes(
    events: DomainEvent[],
    context: RequestContext,
    requestHash: string,
    now: string,
    idFor: (index: number) => string,
  ): EventToAppend[] {
    const key = context.idempotencyKey;
    return events.map((event, index) => ({
      eventId: idFor(index),
      ...versioned(event),
      metadata: {
        occurredAt: now,
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor: { ...context.actor },
        ...(key === undefined ? {} : { idempotencyKey: key, requestHash }),
      },
    }));
  }
}
