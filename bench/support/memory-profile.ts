/** One reading of a process's resident set size, at a time since the start of the watch. */
export interface RssSample {
  atMs: number;
  rssMb: number;
}

/** How far a process had got (0 to 1) at a time since the start of the watch. */
export interface ProgressMark {
  atMs: number;
  fraction: number;
}

/**
 * The RSS when the work first reached `fraction`: the last sample taken at or before that moment (the
 * first sample, if none was). Undefined if there is no sample or the work never got that far.
 */
export const rssAtProgress = (
  samples: readonly RssSample[],
  marks: readonly ProgressMark[],
  fraction: number,
): number | undefined => {
  const reached = marks.find((mark) => mark.fraction >= fraction);
  if (!reached || samples.length === 0) return undefined;
  const before = samples.filter((sample) => sample.atMs <= reached.atMs);
  return (before.at(-1) ?? samples[0]).rssMb;
};

export interface FlatMemoryVerdict {
  peakMb: number;
  /** RSS at 25, 50, 75 and 100 % of the work. */
  quartilesMb: (number | undefined)[];
  /** Peak − RSS at 25 %: what the remaining three quarters of the work added. */
  growthMb: number;
  flat: boolean;
}

/** Share of the peak that the last three quarters of the work may add and still count as flat. */
export const FLAT_GROWTH_SHARE = 0.25;

/**
 * Flat memory: once a quarter of the work is done (stores open, caches and buffers at their working
 * size), the rest adds less than a quarter of the peak. Memory that grows with the data keeps growing
 * past that point; memory bounded by batch and cache sizes does not.
 */
export const flatMemoryVerdict = (
  samples: readonly RssSample[],
  marks: readonly ProgressMark[],
  peakMb = Math.max(...samples.map((sample) => sample.rssMb)),
): FlatMemoryVerdict => {
  const quartilesMb = [0.25, 0.5, 0.75, 1].map((q) => rssAtProgress(samples, marks, q));
  const growthMb = Math.max(0, peakMb - (quartilesMb[0] ?? 0));
  return { peakMb, quartilesMb, growthMb, flat: growthMb < FLAT_GROWTH_SHARE * peakMb };
};
