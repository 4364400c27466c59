/**
 * How big a benchmark run is. Every measurement takes `--size=tiny|default|full` and maps it to its own
 * counts, so the runner needs to know nothing about them; an explicit count option (`--events=N`…) still
 * wins over the size's.
 *
 *   tiny     a smoke run: seconds per measurement, proves the wiring, the figures mean little
 *   default  the figures worth comparing; the whole bench in under 15 minutes on two cores
 *   full     the large data sets (up to 1M complaints), as long as it takes
 */
export const BENCH_SIZES = ['tiny', 'default', 'full'] as const;
export type BenchSize = (typeof BENCH_SIZES)[number];

const isBenchSize = (value: string): value is BenchSize => (BENCH_SIZES as readonly string[]).includes(value);

/** `--name=value` as given, or undefined. */
export const stringOption = (name: string, argv: readonly string[] = process.argv): string | undefined => {
  const prefix = `--${name}=`;
  return argv.find((value) => value.startsWith(prefix))?.slice(prefix.length);
};

export const sizeOption = (argv: readonly string[] = process.argv): BenchSize => {
  const size = stringOption('size', argv) ?? 'default';
  if (!isBenchSize(size)) throw new Error(`--size must be one of ${BENCH_SIZES.join(', ')}`);
  return size;
};

/** The value for the run's size. */
export const bySize = <T>(values: Record<BenchSize, T>, argv: readonly string[] = process.argv): T =>
  values[sizeOption(argv)];
