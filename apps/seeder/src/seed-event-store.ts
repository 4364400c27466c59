import { COMPLAINT_STREAM_PREFIX, CORRECTIVE_ACTION_STREAM_PREFIX } from '@app/complaints';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type EventStore } from '@app/event-store';
import { type StreamAppend } from './generator/generate-histories';

export type SeedProgress = {
  /** Complaint streams stored, newly or by an earlier run. */
  complaints: number;
  correctiveActions: number;
  /** Events of the streams stored so far, newly or by an earlier run. */
  events: number;
  /** Events this run appended; 0 when the data set was seeded before. */
  appendedEvents: number;
};

export type SeedSummary = SeedProgress & { seconds: number };

export type SeedOptions = {
  /** Appends in flight at once; the store orders each stream's own events, streams are independent. */
  concurrency?: number;
  onProgress?: (progress: SeedProgress) => void;
};

/**
 * Writes generated histories through the event-store port: each stream's whole history in one append,
 * a few streams at a time. The generator is pulled only as fast as the store takes its appends, so
 * memory stays flat whatever the size; an append the store already holds (same event ids) is skipped
 * by the store itself, which makes a re-run append nothing.
 */
export const seedEventStore = async (
  store: EventStore,
  appends: Iterable<StreamAppend>,
  options: SeedOptions = {},
): Promise<SeedSummary> => {
  const started = process.hrtime.bigint();
  const progress: SeedProgress = { complaints: 0, correctiveActions: 0, events: 0, appendedEvents: 0 };
  const iterator = appends[Symbol.iterator]();
  let failed = false;
  let lastTurn = Date.now();
  const worker = async (): Promise<void> => {
    while (!failed) {
      // An embedded store may settle appends as microtasks only; give timers (the progress bar) a turn.
      if (Date.now() - lastTurn > 100) {
        lastTurn = Date.now();
        await nextTurn();
      }
      const next = iterator.next();
      if (next.done) return;
      const { streamId, events, expected } = next.value;
      try {
        const result = await store.append(streamId, events, expected);
        if (result.appended) progress.appendedEvents += events.length;
      } catch (error) {
        failed = true;
        throw error;
      }
      progress.events += events.length;
      if (streamId.startsWith(COMPLAINT_STREAM_PREFIX)) progress.complaints += 1;
      else if (streamId.startsWith(CORRECTIVE_ACTION_STREAM_PREFIX)) progress.correctiveActions += 1;
      options.onProgress?.({ ...progress });
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker);
  const outcomes = await Promise.allSettled(workers);
  const rejected = outcomes.find(
    (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
  );
  if (rejected) throw rejected.reason;
  return { ...progress, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};
