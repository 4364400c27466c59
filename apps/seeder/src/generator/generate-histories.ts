import {
  type ComplaintPolicy,
  type DecisionContext,
  DEFAULT_POLICY,
  type Taxonomy,
  defaultTaxonomy,
} from '@app/complaints';
import { HOUR_MS, HOUR_WEIGHTS, localMidnight } from './calendar';
import { type Arrival, complaintCase } from './complaint-case';
import { correctiveActionHistory } from './corrective-action-history';
import { type StreamAppend } from './decided-stream';
import { Rng, Weighted, seedFrom } from './random';
import { type DayPlan, type GeneratorOptions, type World, planWorld } from './world';

export type { GeneratorOptions } from './world';
export type { StreamAppend } from './decided-stream';

const HOURS = new Weighted(
  HOUR_WEIGHTS.map((_, hour) => hour),
  HOUR_WEIGHTS,
);

/** The day's arrivals in time order: business hours busiest, surge arrivals mixed in. */
const arrivalsOf = (world: World, day: DayPlan): Arrival[] => {
  const rng = new Rng(seedFrom(world.seed, 'day', day.day));
  const midnight = localMidnight(day.day);
  const at = () => midnight + HOURS.draw(rng) * HOUR_MS + Math.floor(rng.next() * 3600) * 1000;
  const arrivals: Arrival[] = [];
  for (const [surge, count] of day.surgeCounts)
    for (let i = 0; i < count; i++) arrivals.push({ at: at(), surge });
  while (arrivals.length < day.count) arrivals.push({ at: at() });
  return arrivals.sort((a, b) => a.at - b.at);
};

/**
 * A seeded, deterministic data set of complaint histories, as the appends that store it: each stream's
 * whole history in one append, complaints in order of arrival and each corrective action as its meeting
 * comes round. Lazy: only one day's arrivals are held at a time, so a million complaints stream through
 * in flat memory. Every event is decided by the domain's deciders with `taxonomy` and `policy`; the same
 * options give the very same appends, event ids included.
 */
export function* generateHistories(
  options: GeneratorOptions,
  taxonomy: Taxonomy = defaultTaxonomy(),
  policy: ComplaintPolicy = DEFAULT_POLICY,
): Generator<StreamAppend> {
  const world = planWorld(options, taxonomy);
  yield* historiesOf(world, { taxonomy, policy });
}

function* historiesOf(world: World, context: DecisionContext): Generator<StreamAppend> {
  const actions = [...world.actions].sort((a, b) => a.meetingAt - b.meetingAt);
  let nextAction = 0;
  let n = 0;
  for (const day of world.days) {
    const dayEnd = localMidnight(day.day + 1);
    for (; nextAction < actions.length && actions[nextAction]!.meetingAt < dayEnd; nextAction++) {
      const stream = correctiveActionHistory(world, actions[nextAction]!, context);
      if (stream.eventCount > 0) yield stream.toAppend();
    }
    const arrivals = arrivalsOf(world, day);
    for (let i = 0; i < arrivals.length; i++) {
      const result = complaintCase(world, context, arrivals[i]!, n, day.lineWeights, i + 1 < arrivals.length);
      n += result.streams.length;
      if (result.usedNextArrival) i++;
      for (const stream of result.streams) yield stream.toAppend();
    }
  }
}
