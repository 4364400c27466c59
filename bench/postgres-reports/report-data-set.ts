import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Pool } from 'pg';
import {
  type AnalyticsRows,
  type AnalyticsStore,
  PROJECTED_TABLES_IN_WRITE_ORDER,
  type ProjectionContext,
} from '@app/analytics';
import { type IsoWeek } from '@app/analytics/kpi/shared';
import type { RecordedEvent } from '@app/event-store';
import { BatchProjector } from '../../apps/projector/src/project-events/batch-projector';
import { StreamStateCache } from '../../apps/projector/src/project-events/stream-state-cache';
import { type StreamAppend } from '../../apps/seeder/src/generator/generate-histories';
import { ReportRowLoader } from './postgres-loader';
import { createReportIndexes, vacuumAnalyze } from './postgres-tables';

/**
 * One data set in both engines: generated histories recorded as a store would record them, projected
 * once by the projector's own batch path, and the very same rows inserted into chDB (as the projector
 * writes them) and upserted into the PostgreSQL tables. Streams through in chunks, so memory stays flat
 * whatever the size; then each engine is brought to its steady state (indexes and VACUUM ANALYZE for
 * PostgreSQL, background merges settled for chDB).
 */
export type BothEngines = { chdb: AnalyticsStore; database: string; pool: Pool; schema: string };

export type LoadPhases = {
  generate: number;
  project: number;
  chdbInsert: number;
  chdbMerges: number;
  postgresInsert: number;
  postgresIndexes: number;
  postgresVacuum: number;
};

export type LoadedDataSet = {
  /** Wall-clock time of the whole load, both engines' steady state included. */
  seconds: number;
  streams: number;
  events: number;
  rows: number;
  phases: LoadPhases;
  /** Counted complaints registered in each of the weeks asked about (by id), per business line. */
  registrations: Map<string, Map<string, number>>;
  chdbActiveParts: number;
};

export type LoadOptions = {
  context: ProjectionContext;
  /** Events per projected chunk (whole histories). */
  chunkEvents: number;
  /** Weeks whose counted registrations to tally, to pick a busy one. */
  weeks: readonly IsoWeek[];
  /** How long chDB's background merges may take to settle after the load. */
  mergeSettleMs: number;
  onProgress?: (events: number) => void;
};

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

const rowCount = (rows: AnalyticsRows): number =>
  PROJECTED_TABLES_IN_WRITE_ORDER.reduce((sum, table) => sum + rows[table].length, 0);

const tally = (into: LoadedDataSet['registrations'], weeks: readonly IsoWeek[], rows: AnalyticsRows) => {
  for (const row of rows.complaints) {
    if (row.merged_into !== null || row.abnormal === 1) continue;
    const at = Date.parse(row.registered_at);
    const week = weeks.find(({ start, end }) => at >= start.getTime() && at < end.getTime());
    if (!week) continue;
    const lines = into.get(week.id) ?? new Map<string, number>();
    lines.set(row.business_line, (lines.get(row.business_line) ?? 0) + 1);
    into.set(week.id, lines);
  }
};

/** The events of an append of a new stream, as the store records them: revisions from 0, positions on. */
const recorded = ({ streamId, events, expected }: StreamAppend, firstPosition: bigint): RecordedEvent[] => {
  if (expected !== 'no-stream') throw new Error(`${streamId}: expected a new stream, got ${expected}`);
  return events.map((event, streamRevision) => ({
    ...event,
    streamId,
    streamRevision,
    globalPosition: firstPosition + BigInt(streamRevision),
    recordedAt: new Date(Date.parse(event.metadata.occurredAt) + 1_000),
  }));
};

/** Waits until chDB runs no merge on the database (or the time is up); returns its active parts. */
async function settleMerges({ chdb, database }: BothEngines, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ merges }] = await chdb.query<{ merges: string }>(
      'SELECT count() AS merges FROM system.merges WHERE database = {database:String}',
      { database },
    );
    if (Number(merges) === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const [{ parts }] = await chdb.query<{ parts: string }>(
    'SELECT count() AS parts FROM system.parts WHERE database = {database:String} AND active',
    { database },
  );
  return Number(parts);
}

/**
 * Loads the histories into both engines (migrated, empty). Each history comes whole in one append, so a
 * chunk of appends is projected from empty states: the projector's cache stays empty and, the tables
 * starting empty, nothing is looked up.
 */
export async function loadDataSet(
  histories: Iterable<StreamAppend>,
  engines: BothEngines,
  options: LoadOptions,
): Promise<LoadedDataSet> {
  const began = process.hrtime.bigint();
  // No stream spans two chunks, so no state is carried over: the cache stays empty.
  const cache = new StreamStateCache(1);
  const { chdb, database } = engines;
  const projector = new BatchProjector(chdb, database, options.context, cache, { tablesStartEmpty: true });
  const loader = new ReportRowLoader(engines.pool, engines.schema);
  const phases: LoadPhases = {
    generate: 0,
    project: 0,
    chdbInsert: 0,
    chdbMerges: 0,
    postgresInsert: 0,
    postgresIndexes: 0,
    postgresVacuum: 0,
  };
  const loaded = { streams: 0, events: 0, rows: 0, registrations: new Map<string, Map<string, number>>() };
  let chunk: RecordedEvent[] = [];
  // Each engine writes one chunk (chDB in its own threads, PostgreSQL in its own process) while the
  // next is generated and projected; a chunk waits for the engine's previous one.
  const inFlight = { chdb: Promise.resolve(), postgres: Promise.resolve() };
  const write = (
    engine: keyof typeof inFlight,
    phase: 'chdbInsert' | 'postgresInsert',
    work: () => Promise<void>,
  ) => {
    const started = process.hrtime.bigint();
    inFlight[engine] = work().then(() => {
      phases[phase] += seconds(started);
    });
    // A failed write is thrown by the next await of it; until then it is not an unhandled rejection.
    inFlight[engine].catch(() => undefined);
  };

  const flush = async () => {
    const started = process.hrtime.bigint();
    const prepared = await projector.prepare(chunk);
    phases.project += seconds(started);
    const { applied, duplicate, rejected } = prepared.outcomes;
    if (applied !== chunk.length || duplicate > 0 || rejected > 0)
      throw new Error(`a chunk projected ${applied} applied, ${duplicate} duplicate, ${rejected} rejected`);
    await inFlight.chdb;
    write('chdb', 'chdbInsert', () => projector.write(prepared));
    await inFlight.postgres;
    write('postgres', 'postgresInsert', () => loader.load(prepared.rows));
    tally(loaded.registrations, options.weeks, prepared.rows);
    loaded.rows += rowCount(prepared.rows);
    chunk = [];
    options.onProgress?.(loaded.events);
  };

  const appends = histories[Symbol.iterator]();
  let lastTurn = Date.now();
  for (;;) {
    // Generating is synchronous: the event loop gets a turn now and then, so the writes in flight move on.
    if (Date.now() - lastTurn > 20) {
      await nextTurn();
      lastTurn = Date.now();
    }
    const started = process.hrtime.bigint();
    const next = appends.next();
    if (next.done) break;
    const events = recorded(next.value, BigInt(loaded.events + 1));
    for (const event of events) chunk.push(event);
    phases.generate += seconds(started);
    loaded.streams += 1;
    loaded.events += events.length;
    if (chunk.length >= options.chunkEvents) await flush();
  }
  if (chunk.length > 0) await flush();
  await Promise.all([inFlight.chdb, inFlight.postgres]);

  let started = process.hrtime.bigint();
  await createReportIndexes(engines.pool, engines.schema);
  phases.postgresIndexes = seconds(started);
  started = process.hrtime.bigint();
  await vacuumAnalyze(engines.pool, engines.schema);
  phases.postgresVacuum = seconds(started);
  started = process.hrtime.bigint();
  const chdbActiveParts = await settleMerges(engines, options.mergeSettleMs);
  phases.chdbMerges = seconds(started);
  return { ...loaded, phases, chdbActiveParts, seconds: seconds(began) };
}
