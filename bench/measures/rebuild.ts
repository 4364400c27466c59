/**
 * Rebuild throughput and memory: N complaint histories from the seeder's generator are stored in a fresh
 * PostgreSQL schema (not timed), then `npm run rebuild`'s path replays them into a fresh chDB database in
 * a process of its own, whose resident memory is read from outside every 100 ms (so it is the rebuild's
 * memory alone: projections, state cache, chDB; the store is a server). Reports events/s, the
 * peak RSS, and the RSS at 25 / 50 / 75 / 100 % of the replay, to show that memory stays flat.
 *
 *   node dist/bench/measures/rebuild.js [--json] [--size=tiny|default|full] [--complaints=N] [--cache-size=C]
 *
 * Flat memory means memory bounded by the batch and cache sizes, not by the log's: the state cache
 * (PROJECTOR_CACHE_SIZE, 50,000 streams by default) is therefore bounded at a quarter of the data set's
 * complaints when that is less, so that the bound is reached within the first quarter of the replay and
 * the rest shows whether memory stays flat beyond it.
 *
 * DATABASE_URL names the PostgreSQL server. The schema and the temporary directory are removed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { seedEventStore } from '../../apps/seeder/src/seed-event-store';
import { type BenchFigure, type BenchResult, intOption } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { benchHistories } from '../support/generated-events';
import { runWhenMain } from '../support/measurement-main';
import {
  FLAT_GROWTH_SHARE,
  type ProgressMark,
  type RssSample,
  flatMemoryVerdict,
} from '../support/memory-profile';
import { benchDatabaseUrl, benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { rssMbOf } from '../support/process-rss';
import { formatCount, progressOf, seconds, throttled } from '../support/progress';
import {
  type ChildDone,
  type ChildProgress,
  DONE_PREFIX,
  OPENED_LINE,
  PROGRESS_PREFIX,
} from '../support/rebuild-child';

export const MEASUREMENT = 'rebuild';
const SAMPLE_EVERY_MS = 100;
/** PROJECTOR_CACHE_SIZE's default. */
const DEFAULT_CACHE_SIZE = 50_000;
const CHILD = join(__dirname, '..', 'support', 'rebuild-child.js');
const progress = progressOf(MEASUREMENT);

export interface RebuildBenchOptions {
  complaints: number;
  /** The rebuild's state cache, in streams (PROJECTOR_CACHE_SIZE). */
  cacheSize: number;
}

interface Watched {
  done: ChildDone;
  samples: RssSample[];
  marks: ProgressMark[];
  /** RSS when both stores were open and the replay began. */
  openedMb?: number;
}

/** Seeds the store the child will replay, through the seeder's own path; returns the events stored. */
async function seed(pool: Pool, schema: string, complaints: number): Promise<number> {
  const store = await PostgresEventStore.onPool(pool, { schema });
  const report = throttled(progress);
  try {
    const summary = await seedEventStore(store, benchHistories(complaints), {
      onProgress: (p) =>
        report(
          `seeding PostgreSQL (not timed): ${formatCount(p.complaints)}/${formatCount(complaints)} complaints`,
        ),
    });
    return summary.events;
  } finally {
    await store.close();
  }
}

/** Runs the rebuild child and samples its RSS until it exits. */
async function watchRebuild(
  dataDir: string,
  schema: string,
  cacheSize: number,
  cleanup: Cleanup,
): Promise<Watched> {
  const child = spawn(process.execPath, [CHILD], {
    env: {
      ...process.env,
      EVENT_STORE: 'postgres',
      DATABASE_URL: benchDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      DATA_DIR: dataDir,
      ANALYTICS_STORE: 'chdb',
      CHDB_DATA_DIR: join(dataDir, 'chdb'),
      ANALYTICS_DATABASE: 'bench_rebuild',
      PROJECTOR_CACHE_SIZE: String(cacheSize),
      CUSTOMER_KEY_SECRET: 'bench-rebuild-customer-key-secret',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.add(child, 'rebuild process', (running) => running.exitCode === null && running.kill());
  const started = Date.now();
  const samples: RssSample[] = [];
  const marks: ProgressMark[] = [];
  let done: ChildDone | undefined;
  let openedMb: number | undefined;
  const report = throttled(progress);
  const sample = async () => {
    const rssMb = child.pid === undefined ? undefined : await rssMbOf(child.pid);
    if (rssMb !== undefined) samples.push({ atMs: Date.now() - started, rssMb });
    return rssMb;
  };
  const timer = setInterval(() => void sample(), SAMPLE_EVERY_MS);
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === OPENED_LINE) void sample().then((rss) => (openedMb = rss));
    else if (line.startsWith(PROGRESS_PREFIX)) {
      const p = JSON.parse(line.slice(PROGRESS_PREFIX.length)) as ChildProgress;
      const fraction = Number(p.position) / Math.max(1, Number(p.head));
      marks.push({ atMs: Date.now() - started, fraction });
      report(
        `rebuild: ${formatCount(p.events)} events, ${Math.round(fraction * 100)} %, RSS ` +
          `${Math.round(samples.at(-1)?.rssMb ?? 0)} MB`,
        fraction >= 1,
      );
    } else if (line.startsWith(DONE_PREFIX)) done = JSON.parse(line.slice(DONE_PREFIX.length)) as ChildDone;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearInterval(timer));
  if (code !== 0 || !done) throw new Error(`the rebuild process failed (exit code ${code})`);
  return { done, samples, marks, openedMb };
}

/** Why memory grew, for a run that missed the goal. */
const growthCause = (complaints: number, cacheSize: number): string =>
  complaints <= cacheSize
    ? `the state cache holds every stream of this data set (${formatCount(complaints)} of its ` +
      `${formatCount(cacheSize)} places), so it grows with the data up to its bound; a smaller ` +
      '--cache-size or a larger data set tells a bound from a leak.'
    : `memory grows past the state cache's bound (${formatCount(cacheSize)} streams), so something ` +
      'else holds on to replayed data: chDB caches and parts, or a leak.';

const figures = (complaints: number, watched: Watched): BenchFigure[] => {
  const { done, samples, marks, openedMb } = watched;
  const verdict = flatMemoryVerdict(samples, marks, Math.max(done.maxRssMb, ...samples.map((s) => s.rssMb)));
  const mb = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value)}`);
  const quartiles = verdict.quartilesMb.map(mb).join(' / ');
  const criterion =
    `flat: peak − RSS at 25 % of the replay < ${FLAT_GROWTH_SHARE * 100} % of peak ` +
    `(here ${Math.round(verdict.growthMb)} MB of ${Math.round(verdict.peakMb)} MB)`;
  return [
    {
      id: 'rebuild.events_per_s',
      label: 'rebuild: PostgreSQL log → projections → chDB, in its own process',
      value: Math.round(done.events / done.seconds),
      unit: 'events/s',
      notes:
        `${formatCount(done.events)} events of ${formatCount(complaints)} generated complaints ` +
        `(${formatCount(done.rowsWritten)} rows), ${done.rejected} rejected, in ${done.seconds.toFixed(1)} s; ` +
        `\`npm run rebuild\`'s path: pages of ${formatCount(done.batchSize)} events, up to ` +
        `${formatCount(done.cacheSize)} stream states cached` +
        (done.cacheSize < DEFAULT_CACHE_SIZE
          ? ` (${formatCount(DEFAULT_CACHE_SIZE)} by default; a quarter of the complaints here, so that the ` +
            'bound is reached early in the replay).'
          : '.'),
    },
    {
      id: 'rebuild.peak_rss_mb',
      label: 'rebuild: peak RSS',
      value: Math.round(verdict.peakMb),
      unit: 'MB',
      goal: { text: 'flat memory', met: verdict.flat },
      notes:
        `RSS at 25 / 50 / 75 / 100 % of the replay: ${quartiles} MB; ${mb(openedMb)} MB once both stores ` +
        `were open; sampled every ${SAMPLE_EVERY_MS} ms from outside (${samples.length} samples). ` +
        `Criterion — ${criterion}.` +
        (verdict.flat ? '' : ` Missed: ${growthCause(complaints, done.cacheSize)}`),
    },
  ];
};

export async function measureRebuild(options: RebuildBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const dir = cleanup.add(await mkdtemp(join(tmpdir(), 'bench-rebuild-')), 'temporary directory', (path) =>
      rm(path, { recursive: true, force: true }),
    );
    const pool = cleanup.add(benchPool(), 'pool', (pool) => pool.end());
    const schema = cleanup.add(freshSchemaName('bench_rebuild'), 'schema', (name) => dropSchema(pool, name));
    const events = await seed(pool, schema, options.complaints);
    progress(`seeded ${formatCount(events)} events; rebuilding in a child process`);
    const watched = await watchRebuild(dir, schema, options.cacheSize, cleanup);
    return {
      measurement: MEASUREMENT,
      seconds: seconds(started),
      figures: figures(options.complaints, watched),
    };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> => {
  const complaints = intOption(
    'complaints',
    bySize({ tiny: 200, default: 20_000, full: 200_000 }, argv),
    argv,
  );
  return measureRebuild({
    complaints,
    cacheSize: intOption('cache-size', Math.min(DEFAULT_CACHE_SIZE, Math.ceil(complaints / 4)), argv),
  });
};

runWhenMain(module, main);
