/**
 * Append throughput of the SQL adapters: N events appended one per append (sequentially) and in batches,
 * the median of R rounds (new streams and event ids each round, so no round is an idempotent repeat).
 * Run with `npm run measure:append [-- --events=N --batch=B --rounds=R]`; DATABASE_URL points at the PostgreSQL
 * server (default postgres://postgres@127.0.0.1:5432/test). Leaves nothing behind: the PGlite data
 * directory and the PostgreSQL schema are made for the run and removed after it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PgliteEventStore, PostgresEventStore, type EventStore, type EventToAppend } from '@app/event-store';
import { intOption } from '../support/bench-result';

interface Measurement {
  engine: string;
  mode: string;
  events: number;
  appends: number;
  /** Seconds of each round, in the order run. */
  rounds: number[];
}

interface Engine {
  name: string;
  open(): Promise<{ store: EventStore; cleanup(): Promise<void> }>;
}

function events(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => {
    const eventId = randomUUID();
    return {
      eventId,
      type: 'ComplaintNoted',
      schemaVersion: 1,
      data: { n, text: 'Parcel arrived damaged; customer asks for a replacement.', amount: 42.5 },
      metadata: { occurredAt: new Date().toISOString(), correlationId: eventId, causationId: eventId },
    };
  });
}

/** Appends `total` events into one stream, `perAppend` at a time, each append awaited before the next. */
async function measure(
  store: EventStore,
  total: number,
  perAppend: number,
): Promise<{ seconds: number; appends: number }> {
  const stream = `measure-${randomUUID()}`;
  const batches: EventToAppend[][] = [];
  for (let written = 0; written < total; written += perAppend) {
    batches.push(events(Math.min(perAppend, total - written)));
  }
  let revision = -1;
  const started = process.hrtime.bigint();
  for (const batch of batches) {
    const result = await store.append(stream, batch, revision === -1 ? 'no-stream' : revision);
    revision = result.nextExpectedRevision;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, appends: batches.length };
}

const pglite: Engine = {
  name: 'pglite (disk)',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'event-store-measure-'));
    const store = await PgliteEventStore.open({ dataDir: join(dir, 'data') });
    return {
      store,
      async cleanup() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Engine = {
  name: 'postgres',
  async open() {
    const pool = new Pool({
      connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      connectionTimeoutMillis: 5_000,
    });
    const schema = `es_measure_${randomBytes(6).toString('hex')}`;
    const store = await PostgresEventStore.onPool(pool, { schema });
    return {
      store,
      async cleanup() {
        await store.close();
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      },
    };
  },
};

/** The mean of the two middle rounds when their count is even (the bench's `median` takes the upper one). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function printTable(rows: Measurement[]): void {
  const rate = (row: Measurement, seconds: number) =>
    Math.round(row.events / seconds).toLocaleString('en-US');
  const table = rows.map((row) => ({
    engine: row.engine,
    mode: row.mode,
    events: String(row.events),
    appends: String(row.appends),
    'median s': median(row.rounds).toFixed(2),
    'events/s (median)': rate(row, median(row.rounds)),
    'events/s (each round)': row.rounds.map((seconds) => rate(row, seconds)).join(', '),
  }));
  const columns = Object.keys(table[0]) as (keyof (typeof table)[number])[];
  const widths = columns.map((column) => Math.max(column.length, ...table.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
  console.log(line(columns));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of table) console.log(line(columns.map((column) => row[column])));
}

async function main(): Promise<void> {
  const total = intOption('events', 2_000);
  const batch = intOption('batch', 100);
  const rounds = intOption('rounds', 3);
  const results: Measurement[] = [];
  for (const engine of [pglite, postgres]) {
    const { store, cleanup } = await engine.open();
    try {
      // A short warm-up so connection setup and first-use costs do not count.
      await measure(store, 20, 1);
      for (const [mode, perAppend] of [
        ['single', 1],
        [`batched (${batch})`, batch],
      ] as const) {
        const measurement: Measurement = { engine: engine.name, mode, events: total, appends: 0, rounds: [] };
        for (let round = 0; round < rounds; round++) {
          const { seconds, appends } = await measure(store, total, perAppend);
          measurement.appends = appends;
          measurement.rounds.push(seconds);
        }
        results.push(measurement);
      }
    } finally {
      await cleanup();
    }
  }
  printTable(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
