/**
 * Import throughput: a regulator-style export of N rows (`bench/support/regulator-export.ts`, mapped by
 * `examples/import/regulator-mapping.json`: anonymous, product + issue, status deciding closure, dispute
 * as follow-up, referrals, tags) imported by `npm run import`'s own command, in a process of its own,
 * into a fresh PGlite data directory and into a fresh PostgreSQL schema, side by side; then the same
 * file again into each (a re-run, which stores nothing). Rows/s are the import's own figure: rows over
 * the seconds from the first row to the last batch stored (the process's start-up not included).
 *
 *   node dist/bench/measures/import.js [--json] [--size=tiny|default|full] [--rows=N]
 *
 * The import's progress lines are passed on as they come. DATABASE_URL names the PostgreSQL server; the
 * schema and the temporary directory are removed at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type EventStore, type EventToAppend, PgliteEventStore, PostgresEventStore } from '@app/event-store';
import { type BenchFigure, type BenchResult, intOption } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { runWhenMain } from '../support/measurement-main';
import { REPO_ROOT } from '../support/paths';
import { benchDatabaseUrl, benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { cpuSecondsOf } from '../support/process-rss';
import { formatCount, progressOf, seconds, throttled } from '../support/progress';
import { writeRegulatorExport } from '../support/regulator-export';

export const MEASUREMENT = 'import';
const GOAL_ROWS_PER_S = 5_000;
const IMPORT = join(REPO_ROOT, 'dist', 'apps', 'command-service', 'src', 'import', 'main.js');
const MAPPING = join(REPO_ROOT, 'examples', 'import', 'regulator-mapping.json');
const progress = progressOf(MEASUREMENT);

type Summary = {
  rows: number;
  imported: number;
  rejected: number;
  events: number;
  rowsPerS: number;
  /** CPU seconds the import process used, start-up included (sampled from /proc until it exits). */
  cpuSeconds?: number;
};

const SUMMARY =
  /rows: (\d+), imported: (\d+) \(already present: \d+\), rejected: (\d+), events appended: (\d+), (\d+) rows\/s/;

/** Runs the import command; its progress bar's lines go on to stderr, its summary is parsed. */
const runImport = async (
  label: string,
  file: string,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
): Promise<Summary> => {
  const child = spawn(process.execPath, [IMPORT, file, '--mapping', MAPPING, '--report', `${file}.rejects`], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add(child, `${label} import`, (running) => running.exitCode === null && running.kill());
  const report = throttled(progress, 5_000);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  createInterface({ input: child.stderr }).on('line', (line) => report(`${label}: ${line.trim()}`));
  let cpuSeconds: number | undefined;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) void cpuSecondsOf(child.pid).then((cpu) => (cpuSeconds = cpu ?? cpuSeconds));
  }, 200);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearInterval(sampler));
  const match = SUMMARY.exec(stdout);
  if (!match || (code !== 0 && code !== 3))
    throw new Error(`the ${label} import failed (exit ${code}): ${stdout}`);
  const [, rows, imported, rejected, events, rowsPerS] = match.map(Number);
  progress(
    `${label}: ${formatCount(rows!)} rows, ${formatCount(events!)} events, ${formatCount(rowsPerS!)} rows/s`,
  );
  return {
    rows: rows!,
    imported: imported!,
    rejected: rejected!,
    events: events!,
    rowsPerS: rowsPerS!,
    cpuSeconds,
  };
};

/** Streams per appendMany in the raw peer: the import's batch of 500 rows, one stream each. */
const STREAMS_PER_APPEND = 500;

type RawAppend = { rowsPerS: number; events: number };

/**
 * The store's own ceiling for this file: every event the import stored, read back as stored (sealed),
 * appended again into a fresh store of the same kind in the import's batches (500 streams per
 * appendMany, one at a time). Only the appends are timed; nothing is decided, sealed or read meanwhile.
 * A stream's events are consecutive in the feed (each row is appended whole), so a new stream id starts
 * a new part; a stream seen again in the same batch (a row repeated in the file) starts a new batch.
 */
const rawAppendOf = async (source: EventStore, target: EventStore, rows: number): Promise<RawAppend> => {
  let appendNs = 0n;
  let events = 0;
  let parts = new Map<string, EventToAppend[]>();
  let last: string | undefined;
  const flush = async () => {
    if (parts.size === 0) return;
    const started = process.hrtime.bigint();
    await target.appendMany(
      [...parts].map(([streamId, part]) => ({ streamId, events: part, expected: 'any' })),
    );
    appendNs += process.hrtime.bigint() - started;
    parts = new Map();
  };
  for (let after = 0n; ;) {
    const page = await source.readAll({ after, maxCount: 5_000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.globalPosition;
    for (const { streamId, eventId, type, schemaVersion, data, metadata } of page) {
      if (streamId !== last) {
        if (parts.size >= STREAMS_PER_APPEND || parts.has(streamId)) await flush();
        parts.set(streamId, []);
        last = streamId;
      }
      parts.get(streamId)!.push({ eventId, type, schemaVersion, data, metadata });
      events += 1;
    }
  }
  await flush();
  return { rowsPerS: Math.round(rows / (Number(appendNs) / 1e9)), events };
};

const rawAppendBetween = async (
  openSource: () => Promise<EventStore>,
  openTarget: () => Promise<EventStore>,
  rows: number,
): Promise<RawAppend> => {
  const source = await openSource();
  try {
    const target = await openTarget();
    try {
      return await rawAppendOf(source, target, rows);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
};

const figure = (
  id: string,
  label: string,
  run: Summary,
  notes: string,
  goal: boolean,
  raw?: RawAppend,
): BenchFigure => ({
  id,
  label,
  value: run.rowsPerS,
  unit: 'rows/s',
  ...(raw
    ? {
        baseline: { label: 'the same events appended raw (the store alone)', value: raw.rowsPerS },
        ratio: run.rowsPerS / raw.rowsPerS,
      }
    : {}),
  ...(goal
    ? { goal: { text: `≥ ${formatCount(GOAL_ROWS_PER_S)} rows/s`, met: run.rowsPerS >= GOAL_ROWS_PER_S } }
    : {}),
  notes,
});

export async function measureImport(rows: number): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const cleanup = new Cleanup();
  try {
    const dir = cleanup.add(await mkdtemp(join(tmpdir(), 'bench-import-')), 'temporary directory', (path) =>
      rm(path, { recursive: true, force: true }),
    );
    const file = join(dir, 'regulator-export.csv');
    const closed = await writeRegulatorExport(file, rows);
    progress(`wrote ${formatCount(rows)} rows (${formatCount(closed)} closed) to import`);
    const pool = cleanup.add(benchPool(1), 'pool', (p) => p.end());
    const schema = cleanup.add(freshSchemaName('bench_import'), 'schema', (name) => dropSchema(pool, name));
    const pglite = { EVENT_STORE: 'pglite', DATA_DIR: join(dir, 'data') };
    const postgres = { EVENT_STORE: 'postgres', DATABASE_URL: benchDatabaseUrl(), DATABASE_SCHEMA: schema };
    const first = {
      pglite: await runImport('PGlite', file, pglite, cleanup),
      postgres: await runImport('PostgreSQL', file, postgres, cleanup),
    };
    const again = {
      pglite: await runImport('PGlite again', file, pglite, cleanup),
      postgres: await runImport('PostgreSQL again', file, postgres, cleanup),
    };
    for (const run of [...Object.values(first), ...Object.values(again)])
      if (run.imported !== rows) throw new Error(`only ${run.imported} of ${rows} rows were imported`);
    const rawSchema = cleanup.add(freshSchemaName('bench_import_raw'), 'schema', (name) =>
      dropSchema(pool, name),
    );
    const raw = {
      pglite: await rawAppendBetween(
        () => PgliteEventStore.open({ dataDir: join(pglite.DATA_DIR, 'event-store') }),
        () => PgliteEventStore.open({ dataDir: join(dir, 'raw-data') }),
        rows,
      ),
      postgres: await rawAppendBetween(
        () => PostgresEventStore.connect({ connectionString: benchDatabaseUrl(), schema }),
        () => PostgresEventStore.connect({ connectionString: benchDatabaseUrl(), schema: rawSchema }),
        rows,
      ),
    };
    for (const [store, run] of Object.entries(raw))
      progress(`${store}: the same events appended raw: ${formatCount(run.rowsPerS)} rows/s`);
    const perRow = first.postgres.events / rows;
    const load = loadavg()[0]!.toFixed(1);
    const cpuPerRow = (run: Summary) =>
      run.cpuSeconds === undefined
        ? ''
        : `; the import process used ${((run.cpuSeconds * 1000) / rows).toFixed(2)} ms of CPU per row ` +
          '(start-up included)';
    const limits = (run: Summary, where: string, ceiling: RawAppend) =>
      run.rowsPerS >= GOAL_ROWS_PER_S
        ? ''
        : ` Missed: each row is ${perRow.toFixed(1)} events decided by the domain's deciders, sealed ` +
          '(personal data encrypted field by field under a key per complaint) and stored with their indexes ' +
          `and one key per complaint${cpuPerRow(run)}, ${where}; the store alone, given the same ` +
          `${formatCount(ceiling.events)} events already sealed in the same batches, appends ` +
          `${formatCount(ceiling.rowsPerS)} rows/s one appendMany at a time, as the import sends them, so no ` +
          'import of this design reaches more on this machine; ' +
          `load average ${load} on ${cpus().length} cores at the end.`;
    const conditions =
      `${formatCount(rows)} rows of a regulator-style export (${formatCount(first.postgres.events)} events, ` +
      `${perRow.toFixed(1)} per row), batches of 500 rows each appended in one appendMany, one batch deciding ` +
      'while the one before it is stored; rows/s over the import itself (start-up not included). Peer: the ' +
      'events the import stored, read back as stored and appended raw into a fresh store of the same kind ' +
      `in appendMany calls of ${STREAMS_PER_APPEND} streams, only the appends timed: the store's own ceiling.`;
    return {
      measurement: MEASUREMENT,
      seconds: seconds(started),
      figures: [
        figure(
          'import.pglite',
          'import, PGlite (embedded)',
          first.pglite,
          `${conditions}${limits(first.pglite, 'PGlite (WebAssembly) writing in the same process', raw.pglite)}`,
          true,
          raw.pglite,
        ),
        figure(
          'import.postgres',
          'import, PostgreSQL',
          first.postgres,
          `${conditions}${limits(first.postgres, 'the server writing in parallel on the other core', raw.postgres)}`,
          true,
          raw.postgres,
        ),
        figure(
          'import.pglite.again',
          'import again (nothing new), PGlite (embedded)',
          again.pglite,
          'The same file a second time: every row read back from the store and found stored; nothing appended.',
          false,
        ),
        figure(
          'import.postgres.again',
          'import again (nothing new), PostgreSQL',
          again.postgres,
          'The same file a second time: every row read back from the store and found stored; nothing appended.',
          false,
        ),
      ],
    };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  measureImport(intOption('rows', bySize({ tiny: 300, default: 20_000, full: 200_000 }, argv), argv));

runWhenMain(module, main);
