import type { EventToAppend, RecordedEvent } from '@app/event-store';
import { generateHistories, type StreamAppend } from '../../apps/seeder/src/generator/generate-histories';

/**
 * The data every measurement generates: the seeder's realistic histories (made by the domain's deciders),
 * a fixed seed and end day so that every run of the bench measures the very same events.
 */
export const BENCH_SEED = 20_260_302;
export const BENCH_END_DAY = '2026-03-02';

/** The seeder's appends for `complaints` complaint streams: each stream's whole history in one append. */
export const benchHistories = (complaints: number, months = 12): Generator<StreamAppend> =>
  generateHistories({ complaints, seed: BENCH_SEED, end: BENCH_END_DAY, months });

/** Mean events per complaint stream of the generator, to turn an event count into complaints. */
export const EVENTS_PER_COMPLAINT = 9.4;

/**
 * The appends' events as a store fed by live traffic would record them: in the order they happened
 * (a stream's own order kept even where two of its events share a time), revisions per stream from 0,
 * positions from `firstPosition`, recorded a second after they happened.
 */
export const liveFeed = (appends: Iterable<StreamAppend>, firstPosition = 1n): RecordedEvent[] => {
  const timed: { at: number; streamId: string; event: EventToAppend }[] = [];
  for (const { streamId, events } of appends) {
    let at = -Infinity;
    for (const event of events) {
      at = Math.max(at, Date.parse(event.metadata.occurredAt));
      timed.push({ at, streamId, event });
    }
  }
  // Array.prototype.sort is stable: equal times keep the append order, so each stream's own order.
  timed.sort((a, b) => a.at - b.at);
  const revisions = new Map<string, number>();
  let position = firstPosition;
  return timed.map(({ at, streamId, event }) => {
    const streamRevision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, streamRevision + 1);
    return {
      ...event,
      streamId,
      streamRevision,
      globalPosition: position++,
      recordedAt: new Date(at + 1_000),
    };
  });
};
