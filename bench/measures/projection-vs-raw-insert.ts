/**
 * Projection throughput against the ceiling of the same engine, and freshness in embedded mode:
 *   (a) the projector's pipeline (state cache with look-ups, projectBatch, writeRows) over N events of
 *       realistic complaint histories, in the order they happened, in batches; (a') the same without state
 *       look-ups, as the rebuild runs it;
 *   (b) raw inserts of the very rows (a) produced, into a fresh database of the same chDB engine, with the
 *       same batches, and (b') as one insert per table;
 *   freshness: registrations appended to a PGlite store one at a time, each timed until the store-feed
 *       projector's insert of its row into chDB has returned (from then on every query sees it).
 *
 *   node dist/bench/measures/projection-vs-raw-insert.js [--json] [--size=tiny|default|full]
 *        [--events=N --batch=B --rounds=R --samples=S]
 *
 * Runs in a temporary directory, removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnalyticsRows,
  type AnalyticsStore,
  AnalyticsCheckpointStore,
  ChdbAnalyticsStore,
  type InsertRow,
  PROJECTED_TABLES_IN_WRITE_ORDER,
  hmacCustomerKey,
  migrate,
  qualified,
  writeRows,
} from '@app/analytics';
import { PgliteEventStore, type RecordedEvent } from '@app/event-store';
import { StoreFeed } from '../../apps/projector/src/feed/store/store-feed';
import { BatchProjector } from '../../apps/projector/src/project-events/batch-projector';
import { ProjectorService } from '../../apps/projector/src/project-events/projector.service';
import { StreamStateCache } from '../../apps/projector/src/project-events/stream-state-cache';
import { type BenchFigure, type BenchResult, intOption, median, percentile } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { EVENTS_PER_COMPLAINT, benchHistories, liveFeed } from '../support/generated-events';
import { registrations, sampleFreshness } from '../support/freshness';
import { runWhenMain } from '../support/measurement-main';
import { formatCount, plural, progressOf, seconds, throttled } from '../support/progress';
import { TimedAnalyticsStore } from '../support/timed-analytics-store';

export const MEASUREMENT = 'projection-vs-raw-insert';
const GOAL_EVENTS_PER_S = 50_000;
const GOAL_SHARE_OF_RAW = 0.5;
const GOAL_FRESHNESS_P99_MS = 1_000;
/** The projector's default poll of the store once caught up (PROJECTOR_POLL_INTERVAL_MS). */
const POLL_INTERVAL_MS = 50;
const WARM_UP_SAMPLES = 20;
const CACHE_SIZE = 50_000;

const context = { customerKey: hmacCustomerKey('bench-projection-secret') };
const quiet = { log: () => undefined, warn: console.warn, error: console.error };
const progress = progressOf(MEASUREMENT);

export interface ProjectionBenchOptions {
  /** Events to project (rounded up to whole complaint histories). */
  events: number;
  batch: number;
  rounds: number;
  /** Freshness samples, counted after the warm-up. */
  samples: number;
}

interface PipelineTime {
  seconds: number;
  /** Of which projecting (look-ups and projectBatch) rather than inserting. */
  preparing: number;
}

interface Rounds {
  live: PipelineTime[];
  rebuild: PipelineTime[];
  raw: number[];
  bulk: number[];
}

async function freshDatabase(store: AnalyticsStore, name: string): Promise<string> {
  await store.command(`DROP DATABASE IF EXISTS ${name} SYNC`);
  await migrate(store, name);
  return name;
}

/** (a) and (a'): the seconds taken and the rows written per batch, for (b). */
async function pipeline(
  store: AnalyticsStore,
  database: string,
  events: readonly RecordedEvent[],
  batch: number,
  tablesStartEmpty: boolean,
): Promise<PipelineTime & { batches: AnalyticsRows[] }> {
  const projector = new BatchProjector(store, database, context, new StreamStateCache(CACHE_SIZE), {
    tablesStartEmpty,
  });
  const batches: AnalyticsRows[] = [];
  let preparing = 0n;
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += batch) {
    const before = process.hrtime.bigint();
    const prepared = await projector.prepare(events.slice(i, i + batch));
    preparing += process.hrtime.bigint() - before;
    if (prepared.outcomes.rejected > 0)
      throw new Error(`an event was rejected: ${prepared.rows.rejected_events[0].reason}`);
    await projector.write(prepared);
    projector.commit(prepared);
    batches.push(prepared.rows);
  }
  return { seconds: seconds(started), preparing: Number(preparing) / 1e9, batches };
}

async function rawBatches(
  store: AnalyticsStore,
  database: string,
  batches: AnalyticsRows[],
): Promise<number> {
  const started = process.hrtime.bigint();
  for (const rows of batches) await writeRows(store, database, rows);
  return seconds(started);
}

async function rawBulk(store: AnalyticsStore, database: string, batches: AnalyticsRows[]): Promise<number> {
  const started = process.hrtime.bigint();
  for (const table of PROJECTED_TABLES_IN_WRITE_ORDER) {
    const rows = batches.flatMap((b) => b[table] as InsertRow[]);
    if (rows.length > 0) await store.insert(qualified(database, table), rows);
  }
  return seconds(started);
}

const rowCount = (batches: readonly AnalyticsRows[]): number =>
  batches.reduce(
    (sum, rows) => sum + PROJECTED_TABLES_IN_WRITE_ORDER.reduce((n, table) => n + rows[table].length, 0),
    0,
  );

/** PGlite append → row in chDB through the store-feed projector, as the standalone process runs it. */
async function freshness(analytics: AnalyticsStore, dir: string, samples: number): Promise<number[]> {
  const store = await PgliteEventStore.open({ dataDir: join(dir, 'pglite') });
  const timed = new TimedAnalyticsStore(analytics);
  const database = await freshDatabase(analytics, 'bench_freshness');
  const cache = new StreamStateCache(CACHE_SIZE);
  const feed = new StoreFeed(
    store,
    new AnalyticsCheckpointStore(timed, database),
    { checkpointName: 'bench', batchSize: 1_000, pollIntervalMs: POLL_INTERVAL_MS, retryMaxMs: 1_000 },
    quiet,
  );
  const projector = new ProjectorService(
    feed,
    new BatchProjector(timed, database, context, cache),
    cache,
    { retryMaxMs: 1_000 },
    quiet,
  );
  const report = throttled(progress);
  try {
    await projector.start();
    return await sampleFreshness({
      store,
      timed,
      registrations: registrations(samples + WARM_UP_SAMPLES),
      warmUp: WARM_UP_SAMPLES,
      timeoutMs: 10_000,
      maxPauseMs: POLL_INTERVAL_MS,
      onSample: (done, total) => report(`freshness, embedded: ${done}/${total} samples`, done === total),
    });
  } finally {
    await projector.stop();
    await store.close();
  }
}

const throughputFigures = (
  eventCount: number,
  rows: number,
  options: ProjectionBenchOptions,
  runs: Rounds,
): BenchFigure[] => {
  const rate = (s: number) => eventCount / s;
  const live = median(runs.live.map((run) => run.seconds));
  const rebuild = median(runs.rebuild.map((run) => run.seconds));
  const [raw, bulk] = [median(runs.raw), median(runs.bulk)];
  const preparingShare = median(runs.live.map((run) => run.preparing / run.seconds));
  const share = raw / live;
  const met = rate(live) >= GOAL_EVENTS_PER_S && share >= GOAL_SHARE_OF_RAW;
  const limits: string[] = [];
  if (rate(raw) < GOAL_EVENTS_PER_S)
    limits.push(
      `the engine's own insert of the same rows in the same batches reaches only ` +
        `${formatCount(rate(raw))} events/s here (one insert per table and batch; ${formatCount(rate(bulk))} ` +
        `events/s as one insert per table), so inserting bounds the pipeline`,
    );
  if (share < GOAL_SHARE_OF_RAW)
    limits.push(
      `projecting (state look-ups and projectBatch) takes ${Math.round(preparingShare * 100)} % of the ` +
        `pipeline's time`,
    );
  const conditions =
    `${formatCount(eventCount)} events (${formatCount(rows)} rows in ${PROJECTED_TABLES_IN_WRITE_ORDER.length} tables) of generated ` +
    `complaint histories in the order they happened, batches of ${options.batch}, chDB in process, ` +
    `median of ${plural(options.rounds, 'round')}; projecting is ${Math.round(preparingShare * 100)} % of the ` +
    `pipeline's time, inserting the rest; raw as one insert per table: ${formatCount(rate(bulk))} events/s.`;
  return [
    {
      id: 'projection.pipeline.events_per_s',
      label: 'projection: projector pipeline (look-ups, projectBatch, inserts)',
      value: Math.round(rate(live)),
      unit: 'events/s',
      baseline: { label: 'raw insert of the same rows, same batches', value: Math.round(rate(raw)) },
      ratio: share,
      goal: { text: `≥ ${formatCount(GOAL_EVENTS_PER_S)} events/s and ≥ 50 % of raw`, met },
      notes: met ? conditions : `${conditions} Missed: ${limits.join('; ') || 'see the figures'}.`,
    },
    {
      id: 'projection.rebuild_path.events_per_s',
      label: 'projection without state look-ups (as the rebuild runs it)',
      value: Math.round(rate(rebuild)),
      unit: 'events/s',
      baseline: { label: 'raw insert of the same rows, same batches', value: Math.round(rate(raw)) },
      ratio: raw / rebuild,
    },
  ];
};

const freshnessFigures = (latencies: number[]): BenchFigure[] => {
  const [p50, p99] = [percentile(latencies, 0.5), percentile(latencies, 0.99)];
  const conditions =
    `${latencies.length} registrations appended one at a time to PGlite after ${WARM_UP_SAMPLES} warm-up ` +
    `ones, until the store-feed projector (poll ${POLL_INTERVAL_MS} ms) inserted the row into chDB; ` +
    `max ${latencies[latencies.length - 1].toFixed(0)} ms.`;
  const met = p99 <= GOAL_FRESHNESS_P99_MS;
  return [
    {
      id: 'freshness.embedded.p50_ms',
      label: 'freshness, embedded: append → row in chDB, p50',
      value: Number(p50.toFixed(1)),
      unit: 'ms',
    },
    {
      id: 'freshness.embedded.p99_ms',
      label: 'freshness, embedded: append → row in chDB, p99',
      value: Number(p99.toFixed(1)),
      unit: 'ms',
      goal: { text: `≤ ${GOAL_FRESHNESS_P99_MS} ms`, met },
      notes: met
        ? conditions
        : `${conditions} Missed: a sample waits for the next poll (up to ${POLL_INTERVAL_MS} ms), then for ` +
          `the batch's inserts into every table, which took longer here than the goal allows.`,
    },
  ];
};

export async function measureProjection(options: ProjectionBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const dir = cleanup.add(
      await mkdtemp(join(tmpdir(), 'bench-projection-')),
      'temporary directory',
      (path) => rm(path, { recursive: true, force: true }),
    );
    const store = cleanup.add(await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') }), 'chDB', (s) =>
      s.close(),
    );
    progress(`generating about ${formatCount(options.events)} events with the deciders`);
    const events = liveFeed(benchHistories(Math.ceil(options.events / EVENTS_PER_COMPLAINT)));
    // Warm-up: JIT, the engine's first parts and caches, on a throw-away database.
    await pipeline(
      store,
      await freshDatabase(store, 'bench_warmup'),
      events.slice(0, 5 * options.batch),
      options.batch,
      false,
    );
    const runs: Rounds = { live: [], rebuild: [], raw: [], bulk: [] };
    let rows = 0;
    for (let round = 1; round <= options.rounds; round++) {
      const { batches, ...live } = await pipeline(
        store,
        await freshDatabase(store, 'bench_pipeline'),
        events,
        options.batch,
        false,
      );
      rows = rowCount(batches);
      runs.live.push(live);
      const { batches: _same, ...rebuild } = await pipeline(
        store,
        await freshDatabase(store, 'bench_rebuild'),
        events,
        options.batch,
        true,
      );
      runs.rebuild.push(rebuild);
      runs.raw.push(await rawBatches(store, await freshDatabase(store, 'bench_raw'), batches));
      runs.bulk.push(await rawBulk(store, await freshDatabase(store, 'bench_bulk'), batches));
      progress(
        `round ${round}/${options.rounds}: pipeline ${formatCount(events.length / live.seconds)} events/s, ` +
          `raw insert ${formatCount(events.length / runs.raw.at(-1)!)} events/s`,
      );
    }
    const figures = throughputFigures(events.length, rows, options, runs);
    figures.push(...freshnessFigures(await freshness(store, dir, options.samples)));
    return { measurement: MEASUREMENT, seconds: seconds(started), figures };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  measureProjection({
    events: intOption('events', bySize({ tiny: 2_000, default: 50_000, full: 300_000 }, argv), argv),
    batch: intOption('batch', 1_000, argv),
    rounds: intOption('rounds', bySize({ tiny: 1, default: 3, full: 3 }, argv), argv),
    samples: intOption('samples', bySize({ tiny: 20, default: 200, full: 500 }, argv), argv),
  });

runWhenMain(module, main);
