import { Pauses, backoffDelay } from '@app/event-store';
import {
  type FeedBatch,
  FeedBatchLost,
  type FeedConsumer,
  type ProjectionFeed,
} from '../feed/projection-feed.port';
import { type BatchProjector, type PreparedBatch } from './batch-projector';
import { ProjectorMetrics } from './projector-metrics';
import { type StreamStateCache } from './stream-state-cache';

export interface ProjectorLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  /** First pause after a failure; it doubles per failed attempt up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs: number;
  /** While a batch waits to be retried, the feed is kept alive this often (Kafka heartbeats). */
  keepAliveMs?: number;
}

export type ProjectorState = 'idle' | 'running' | 'retrying' | 'stopping' | 'stopped';

/** The step a retried batch is stuck at: writing to the analytics store, or acknowledging to the feed. */
export type FailingStep = 'analytics' | 'feed';

export interface ProjectorStatus {
  state: ProjectorState;
  /** Why the projector is retrying, while it is. */
  lastError?: string;
  /** Which step keeps failing, while the projector is retrying. */
  failing?: FailingStep;
}

/** The batch was given up (the projector is stopping, or the feed lost it); it will come again. */
const ABANDONED = Symbol('abandoned');

/**
 * Feed → projection → ClickHouse. For each batch: the states of its streams (cache, else ClickHouse),
 * `projectBatch`, one insert per table, and only then the acknowledgement (Kafka offsets, or the
 * checkpoint). A failed read, insert or acknowledgement is retried on the same batch with backoff, for as
 * long as it takes: while ClickHouse is down nothing is acknowledged, so nothing is lost, and the
 * projector carries on by itself once it is back. Events are idempotent by their stream revision, so a
 * batch written twice (a crash before its acknowledgement) changes nothing the second time.
 */
export class ProjectorService implements FeedConsumer {
  readonly metrics = new ProjectorMetrics();
  private state: ProjectorState = 'idle';
  private lastError?: string;
  private failing?: FailingStep;
  /** Every pause under way: members of a group in one process retry their batches side by side. */
  private readonly pauses = new Pauses();

  constructor(
    private readonly feed: ProjectionFeed,
    private readonly projector: BatchProjector,
    private readonly cache: StreamStateCache,
    private readonly options: ProjectorOptions,
    private readonly logger: ProjectorLog,
  ) {}

  /** Opens the feed; batches then arrive in the background. */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'running';
    await this.feed.start(this);
  }

  /** Lets the batch in flight finish (written and acknowledged, unless it is failing), then stops the feed. */
  async stop(): Promise<void> {
    if (this.state === 'idle' || this.state === 'stopped') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.pauses.wakeAll();
    await this.feed.stop();
    this.state = 'stopped';
  }

  status(): ProjectorStatus {
    return {
      state: this.state,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      ...(this.state === 'retrying' && this.failing !== undefined ? { failing: this.failing } : {}),
    };
  }

  async handle(batch: FeedBatch): Promise<void> {
    const count = batch.events.length + batch.undecodable.length;
    if (count === 0) return;
    const what = `Projecting ${count} events (${batch.label})`;
    const prepared = await this.untilDone(batch, what, 'analytics', async () => {
      const next = await this.projector.prepare(batch.events, batch.undecodable);
      await this.projector.write(next);
      return next;
    });
    if (prepared === ABANDONED) return;
    this.projector.commit(prepared);
    const acknowledged = await this.untilDone(batch, `Acknowledging ${batch.label}`, 'feed', () =>
      batch.acknowledge(),
    );
    if (acknowledged === ABANDONED) return;
    this.metrics.recordBatch(prepared);
    this.reportRejections(prepared, batch);
  }

  invalidate(reason: string): void {
    if (this.cache.size > 0) this.logger.log(`Forgetting ${this.cache.size} cached stream states: ${reason}`);
    this.cache.clear();
  }

  private reportRejections(prepared: PreparedBatch, batch: FeedBatch): void {
    const rejected = prepared.outcomes.rejected + prepared.outcomes.undecodable;
    if (rejected === 0) return;
    const [first] = prepared.rows.rejected_events;
    this.logger.warn(
      `${rejected} event(s) of ${batch.label} rejected and recorded in rejected_events` +
        (first ? `, e.g. ${first.type} at position ${first.global_position}: ${first.reason}` : ''),
    );
  }

  private async untilDone<T>(
    batch: FeedBatch,
    what: string,
    step: FailingStep,
    attempt: () => Promise<T>,
  ): Promise<T | typeof ABANDONED> {
    for (let failures = 0; ; failures++) {
      try {
        const result = await attempt();
        if (failures > 0) this.logger.log(`${what} succeeded after ${failures} failed attempts`);
        if (this.state === 'retrying') this.state = 'running';
        this.lastError = undefined;
        this.failing = undefined;
        return result;
      } catch (error) {
        if (error instanceof FeedBatchLost) return this.abandon(what, error.message);
        if (this.giveUp(batch)) return this.abandon(what, 'the projector is stopping');
        // Jitter, so that projectors restarted together do not hit a recovering ClickHouse in step.
        const delay = backoffDelay(failures, {
          initialMs: this.options.retryInitialMs,
          maxMs: this.options.retryMaxMs,
          jitter: true,
        });
        this.state = 'retrying';
        this.failing = step;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.warn(
          `${what} failed (attempt ${failures + 1}); retrying in ${delay} ms: ${this.lastError}`,
        );
        try {
          await this.pause(delay, batch);
        } catch (lost) {
          if (lost instanceof FeedBatchLost) return this.abandon(what, lost.message);
          throw lost;
        }
        if (this.giveUp(batch)) return this.abandon(what, 'the projector is stopping');
      }
    }
  }

  private abandon(what: string, why: string): typeof ABANDONED {
    if (this.state === 'retrying') this.state = 'running';
    this.logger.warn(`${what} abandoned (${why}); it is delivered again, nothing was acknowledged`);
    return ABANDONED;
  }

  private giveUp(batch: FeedBatch): boolean {
    return this.state === 'stopping' || this.state === 'stopped' || batch.abandoned();
  }

  /** Sleeps `ms` in slices, keeping the feed alive in between (a Kafka member that goes quiet is evicted). */
  private async pause(ms: number, batch: FeedBatch): Promise<void> {
    const until = Date.now() + ms;
    const slice = this.options.keepAliveMs ?? 1_000;
    for (let left = ms; left > 0 && !this.giveUp(batch); left = until - Date.now()) {
      await this.pauses.sleep(Math.min(left, slice));
      await batch.keepAlive();
    }
  }
}
