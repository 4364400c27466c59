/**
 * Projection throughput against the ceiling of the same engine, and freshness in embedded mode:
 *   (a) the projector's pipeline (state cache with look-ups, projectBatch, writeRows) over N events made by
 *       the domain's deciders, in batches; (a') the same without state look-ups, as the rebuild runs it;
 *   (b) raw inserts of the very rows (a) produced, into a fresh database of the same chDB engine, with the
 *       same batches, and (b') as one insert per table;
 *   freshness: events appended to a PGlite store, timed until the store-feed projector's insert of their
 *   row into chDB has returned (from then on every query sees it), p50 / p99.
 *
 *   npm run measure:projection [-- --events=N --batch=B --samples=S --rounds=R]
 *
 * Runs in a temporary directory, removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnalyticsRows,
  type AnalyticsStore,
  ChdbAnalyticsStore,
  type InsertRow,
  PROJECTED_TABLES_IN_WRITE_ORDER,
  AnalyticsCheckpointStore,
  hmacCustomerKey,
  migrate,
  qualified,
  writeRows,
} from '@app/analytics';
import { PgliteEventStore, type RecordedEvent } from '@app/event-store';
import { StoreFeed } from '../src/feed/store/store-feed';
import { BatchProjector } from '../src/project-events/batch-projector';
import { ProjectorService } from '../src/project-events/projector.service';
import { StreamStateCache } from '../src/project-events/stream-state-cache';
import { generateComplaintLog, recordLog } from './complaint-histories';

const context = { customerKey: hmacCustomerKey('measure-projection-secret') };
const quiet = { log: () => undefined, warn: console.warn, error: console.error };

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  const value = Number(arg?.split('=')[1] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const rate = (events: number, s: number) =>
  `${Math.round(events / s)
    .toLocaleString('en-US')
    .padStart(9)} events/s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function freshDatabase(store: AnalyticsStore, name: string): Promise<string> {
  await store.command(`DROP DATABASE IF EXISTS ${name} SYNC`);
  await migrate(store, name);
  return name;
}

/** (a): returns the seconds taken and the rows written per batch, for (b). */
async function pipeline(
  store: AnalyticsStore,
  database: string,
  events: RecordedEvent[],
  batch: number,
  tablesStartEmpty: boolean,
): Promise<{ seconds: number; batches: AnalyticsRows[] }> {
  const projector = new BatchProjector(store, database, context, new StreamStateCache(50_000), {
    tablesStartEmpty,
  });
  const batches: AnalyticsRows[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += batch) {
    const prepared = await projector.project(events.slice(i, i + batch));
    if (prepared.outcomes.rejected > 0)
      throw new Error(`rejected: ${prepared.rows.rejected_events[0].reason}`);
    batches.push(prepared.rows);
  }
  return { seconds: seconds(started), batches };
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

/** Notes when each complaint_events insert returned, per event id. */
class TimedStore implements AnalyticsStore {
  readonly visibleAt = new Map<string, bigint>();
  constructor(private readonly inner: AnalyticsStore) {}
  command: AnalyticsStore['command'] = (sql, params) => this.inner.command(sql, params);
  query: AnalyticsStore['query'] = (sql, params) => this.inner.query(sql, params);
  ping = () => this.inner.ping();
  close = () => this.inner.close();
  async insert(table: string, rows: readonly InsertRow[]): Promise<void> {
    await this.inner.insert(table, rows);
    const now = process.hrtime.bigint();
    if (table.endsWith('.complaint_events'))
      for (const row of rows) this.visibleAt.set(String(row.event_id), now);
  }
}

async function freshness(
  analytics: AnalyticsStore,
  dir: string,
  samples: number,
  pollIntervalMs: number,
): Promise<number[]> {
  const store = await PgliteEventStore.open({ dataDir: join(dir, `pglite-${pollIntervalMs}`) });
  const timed = new TimedStore(analytics);
  const database = await freshDatabase(analytics, `measure_fresh_${pollIntervalMs}`);
  const cache = new StreamStateCache(50_000);
  const feed = new StoreFeed(
    store,
    new AnalyticsCheckpointStore(timed, database),
    { checkpointName: 'measure', batchSize: 1_000, pollIntervalMs, retryMaxMs: 1_000 },
    quiet,
  );
  const projector = new ProjectorService(
    feed,
    new BatchProjector(timed, database, context, cache),
    cache,
    {
      retryMaxMs: 1_000,
    },
    quiet,
  );
  const registrations = generateComplaintLog({
    complaints: samples + 20,
    idPrefix: `fresh${pollIntervalMs}`,
  }).steps.filter((step) => step.events[0].type === 'ComplaintRegistered');
  const latencies: number[] = [];
  try {
    await projector.start();
    for (const [i, step] of registrations.slice(0, samples + 20).entries()) {
      const started = process.hrtime.bigint();
      await store.append(step.streamId, step.events, 'no-stream');
      const id = step.events[0].eventId;
      const deadline = Date.now() + 5_000;
      while (!timed.visibleAt.has(id)) {
        if (Date.now() > deadline) throw new Error(`event ${id} not projected within 5 s`);
        await sleep(1);
      }
      // The first appends warm up (JIT, first inserts into fresh parts); they are not counted.
      if (i >= 20) latencies.push(Number(timed.visibleAt.get(id)! - started) / 1e6);
      await sleep(Math.random() * pollIntervalMs);
    }
  } finally {
    await projector.stop();
    await store.close();
  }
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const target = option('events', 75_000);
  const batch = option('batch', 1_000);
  const samples = option('samples', 200);
  const rounds = option('rounds', 3);
  const dir = await mkdtemp(join(tmpdir(), 'projection-measure-'));
  const store = await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') });
  try {
    const log = generateComplaintLog({ complaints: Math.ceil(target / 7.1) });
    const events = recordLog(log);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `${events.length} events of ${log.complaintCount} complaints (made by the deciders), batches of ${batch}, chDB in process`,
    );
    // Warm-up: JIT, the engine's first parts and caches, on a throw-away database.
    await pipeline(
      store,
      await freshDatabase(store, 'measure_warmup'),
      events.slice(0, 5 * batch),
      batch,
      false,
    );

    const runs = { live: [] as number[], rebuild: [] as number[], raw: [] as number[], bulk: [] as number[] };
    let rows = 0;
    for (let round = 0; round < rounds; round++) {
      const live = await pipeline(
        store,
        await freshDatabase(store, 'measure_pipeline'),
        events,
        batch,
        false,
      );
      const rebuild = await pipeline(
        store,
        await freshDatabase(store, 'measure_rebuild'),
        events,
        batch,
        true,
      );
      runs.live.push(live.seconds);
      runs.rebuild.push(rebuild.seconds);
      runs.raw.push(await rawBatches(store, await freshDatabase(store, 'measure_raw'), live.batches));
      runs.bulk.push(await rawBulk(store, await freshDatabase(store, 'measure_bulk'), live.batches));
      rows = live.batches.reduce(
        (sum, rows) => sum + PROJECTED_TABLES_IN_WRITE_ORDER.reduce((n, table) => n + rows[table].length, 0),
        0,
      );
    }
    const [live, rebuild, raw, bulk] = [runs.live, runs.rebuild, runs.raw, runs.bulk].map(median);
    const line = (label: string, s: number, all: number[]) =>
      out(
        `  ${label.padEnd(66)} ${rate(events.length, s)}  (median ${s.toFixed(2)} s of ${all.map((x) => x.toFixed(2)).join(', ')})`,
      );
    out(`median of ${rounds} rounds:`);
    line('(a)  projector pipeline: cache + look-ups, projectBatch, writeRows', live, runs.live);
    line("(a') the same without state look-ups (as the rebuild runs it)", rebuild, runs.rebuild);
    line(`(b)  raw inserts of the same ${rows} rows, same batches`, raw, runs.raw);
    line("(b') raw inserts of the same rows, one insert per table", bulk, runs.bulk);
    out(
      `  pipeline / raw (same batches) = ${(raw / live).toFixed(2)}; without look-ups / raw = ${(raw / rebuild).toFixed(2)}`,
    );

    for (const poll of [50, 10]) {
      const latencies = await freshness(store, dir, samples, poll);
      out(
        `freshness, embedded (PGlite append → row inserted into chDB by the store-feed projector, poll ${poll} ms): ` +
          `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
          `max ${latencies[latencies.length - 1].toFixed(1)} ms over ${latencies.length} samples`,
      );
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
