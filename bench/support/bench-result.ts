/**
 * What every benchmark measurement reports. Each measurement runs in its own process (chDB allows one
 * data directory per process) and, when started with `--json`, ends by printing one line
 * `BENCH_RESULT <json>` holding a `BenchResult`; the runner (`bench/run.ts`) collects them into one
 * table of figures and ratios, measured side by side in the same run.
 */
export type BenchFigure = {
  /** Stable id, e.g. `append.postgres.batched`. */
  id: string;
  /** What was measured, for the table: `append, PostgreSQL, batched 100/append`. */
  label: string;
  value: number;
  /** `events/s`, `commands/s`, `ms`, `MB`… */
  unit: string;
  /** The peer measured side by side in the same run, when there is one. */
  baseline?: { label: string; value: number };
  /** value ÷ baseline.value, or baseline.value ÷ value when lower is better (latency): > 1 means ours is better. */
  ratio?: number;
  /** The goal from the issue, and whether this run met it. */
  goal?: { text: string; met: boolean };
  /** Conditions: sizes, concurrency, batches, repetitions; what limits the figure when a goal is missed. */
  notes?: string;
};

export type BenchResult = { measurement: string; figures: BenchFigure[]; seconds: number };

export const BENCH_RESULT_PREFIX = 'BENCH_RESULT ';

/** Prints the result line the runner reads (only with --json; otherwise a readable list). */
export const emitBenchResult = (result: BenchResult, argv: readonly string[] = process.argv): void => {
  if (argv.includes('--json')) {
    process.stdout.write(`${BENCH_RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return;
  }
  for (const figure of result.figures) {
    const baseline = figure.baseline ? ` vs ${figure.baseline.label} ${figure.baseline.value}` : '';
    const ratio = figure.ratio !== undefined ? ` (ratio ${figure.ratio.toFixed(2)})` : '';
    const goal = figure.goal ? ` — goal ${figure.goal.text}: ${figure.goal.met ? 'met' : 'missed'}` : '';
    process.stdout.write(`${figure.label}: ${figure.value} ${figure.unit}${baseline}${ratio}${goal}\n`);
  }
};

/** `--name=value` as a positive integer, or the fallback. */
export const intOption = (name: string, fallback: number, argv: readonly string[] = process.argv): number => {
  const arg = argv.find((value) => value.startsWith(`--${name}=`));
  const value = Number(arg?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};

export const median = (values: readonly number[]): number => percentile(values, 0.5);

/** Milliseconds per run of `run`: p50 and p90 of `runs` runs after a warm-up, whose answer is kept. */
export const timed = async (
  runs: number,
  run: () => Promise<unknown>,
): Promise<{ p50: number; p90: number; warmUp: unknown }> => {
  const warmUp = await run(); // caches, plans, first reads of the parts, JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: median(samples), p90: percentile(samples, 0.9), warmUp };
};
