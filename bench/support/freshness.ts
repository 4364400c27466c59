import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, EventToAppend } from '@app/event-store';
import { benchHistories } from './generated-events';
import type { TimedAnalyticsStore } from './timed-analytics-store';

/** One new complaint: its registration, the first event of a generated history. */
export interface Registration {
  streamId: string;
  event: EventToAppend;
}

/** `count` registrations of the generator's complaints, as the command service would append them. */
export const registrations = (count: number): Registration[] => {
  const out: Registration[] = [];
  // Corrective actions' streams come along with the complaints' and are skipped.
  for (const { streamId, events } of benchHistories(count)) {
    if (events[0]?.type === 'ComplaintRegistered') out.push({ streamId, event: events[0] });
  }
  return out;
};

export interface FreshnessOptions {
  store: EventStore;
  timed: TimedAnalyticsStore;
  registrations: readonly Registration[];
  /** The first ones warm up the path (JIT, connections, first parts) and are not counted. */
  warmUp: number;
  /** How long one event may take before the measurement fails. */
  timeoutMs: number;
  /** Pause up to this long between samples, so appends land anywhere in the pipeline's poll cycle. */
  maxPauseMs: number;
  onSample?(done: number, total: number): void;
}

/**
 * Appends the registrations one at a time and times each from just before its append until its row was
 * inserted into ClickHouse: the time a new complaint takes to show in the reports. Milliseconds, sorted.
 */
export const sampleFreshness = async (options: FreshnessOptions): Promise<number[]> => {
  const latencies: number[] = [];
  for (const [i, { streamId, event }] of options.registrations.entries()) {
    const started = process.hrtime.bigint();
    const visible = options.timed.visible(event.eventId, options.timeoutMs);
    // Awaited below; a timeout during the append must not count as an unhandled rejection meanwhile.
    visible.catch(() => undefined);
    await options.store.append(streamId, [event], 'no-stream');
    const inserted = await visible;
    if (i >= options.warmUp) latencies.push(Number(inserted - started) / 1e6);
    options.onSample?.(i + 1, options.registrations.length);
    await sleep(Math.random() * options.maxPauseMs);
  }
  return latencies.sort((a, b) => a - b);
};
