/**
 * Append throughput of our PostgreSQL event store against Emmett's (`@event-driven-io/emmett-postgresql`),
 * side by side on the same server with the very same events: realistic complaint histories from the
 * seeder's generator, each store in a fresh database of its own. Two modes, appends always one at a time
 * (sequential, awaited before the next):
 *   single   one event per append, every complaint's history event by event, each append with the
 *            expected revision of its stream (new stream first, then the revision the last one left);
 *   batched  100 consecutive events per append, each batch into a stream of its own (a new stream).
 * Every round appends new streams with new event ids (prepared before the clock starts); median of R rounds
 * after a warm-up, the two stores taking turns to go first.
 *
 *   node dist/bench/measures/append-vs-emmett.js [--json] [--size=tiny|default|full]
 *     [--single=N --batched=N --rounds=R]
 *
 * DATABASE_URL names the server (the local test database otherwise). The two databases it creates
 * (`bench_ours_<pid>`, `bench_emmett_<pid>`) are dropped at the end, also after a failure.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { Pool } from 'pg';
import { STREAM_DOES_NOT_EXIST, type Event as EmmettEvent } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import {
  PgPoolExecutor,
  PostgresEventStore,
  SqlEventStore,
  type EventToAppend,
  type SqlExecutor,
  type SqlQueryable,
  type SqlRow,
} from '@app/event-store';
import { type BenchFigure, type BenchResult, intOption, median } from '../support/bench-result';
import { bySize } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { EVENTS_PER_COMPLAINT, benchHistories } from '../support/generated-events';
import { runWhenMain } from '../support/measurement-main';
import { findRepoRoot } from '../support/paths';
import { benchDatabaseUrl } from '../support/postgres';
import { formatCount, progressOf, seconds } from '../support/progress';

export const MEASUREMENT = 'append-vs-emmett';
const BATCH = 100;
/** The Emmett release measured, as installed. */
const EMMETT_VERSION = (
  JSON.parse(
    readFileSync(
      join(findRepoRoot(dirname(require.resolve('@event-driven-io/emmett-postgresql'))), 'package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const progress = progressOf(MEASUREMENT);

export interface AppendBenchOptions {
  /** Events per round in single-event appends. */
  single: number;
  /** Events per round in batched appends (rounded down to whole batches, at least one). */
  batched: number;
  rounds: number;
  databaseUrl: string;
}

/** One append as both stores get it; `expected` is the stream's revision before it, -1 for a new stream. */
type PlannedAppend = { streamId: string; events: EventToAppend[]; expected: number };

type Contender = {
  name: string;
  /** Turns the plan into the store's own input (not timed); the returned function appends it, one by one. */
  prepare(plan: readonly PlannedAppend[]): () => Promise<void>;
  close(): Promise<void>;
};

type Mode = { id: 'single' | 'batched'; label: string; plan(): PlannedAppend[] };

/**
 * The generator's histories in order, enough for `count` events. The mean history length varies with the
 * data set's size, so it is asked for half as many complaints again and stopped once there are enough.
 */
const historiesFor = (count: number): EventToAppend[][] => {
  const histories: EventToAppend[][] = [];
  let total = 0;
  for (const { events } of benchHistories(Math.ceil((1.5 * count) / EVENTS_PER_COMPLAINT) + 10)) {
    histories.push(events);
    total += events.length;
    if (total >= count) return histories;
  }
  throw new Error(`The generator made ${total} events, fewer than the ${count} asked for`);
};

/** The same event under a new id: each round stores new events, never an idempotent repeat. */
const renewed = (event: EventToAppend): EventToAppend => ({ ...event, eventId: randomUUID() });

const streamName = () => `complaint-${randomUUID()}`;

/** Every history event by event into a new stream per complaint, up to `count` events. */
const singlePlan = (histories: readonly EventToAppend[][], count: number): PlannedAppend[] => {
  const plan: PlannedAppend[] = [];
  for (const history of histories) {
    const streamId = streamName();
    for (const [revision, event] of history.entries()) {
      if (plan.length === count) return plan;
      plan.push({ streamId, events: [renewed(event)], expected: revision - 1 });
    }
  }
  return plan;
};

/** The histories' events in order, `BATCH` at a time, each batch a new stream. */
const batchedPlan = (histories: readonly EventToAppend[][], count: number): PlannedAppend[] => {
  const events = histories.flat().slice(0, count);
  const plan: PlannedAppend[] = [];
  for (let start = 0; start + BATCH <= events.length; start += BATCH)
    plan.push({
      streamId: streamName(),
      events: events.slice(start, start + BATCH).map(renewed),
      expected: -1,
    });
  return plan;
};

const ours = async (connectionString: string): Promise<Contender> => {
  const store = await PostgresEventStore.connect({ connectionString });
  return {
    name: 'ours',
    prepare: (plan) => async () => {
      for (const { streamId, events, expected } of plan)
        await store.append(streamId, events, expected < 0 ? 'no-stream' : expected);
    },
    close: () => store.close(),
  };
};

/**
 * Emmett with its schema migrated before the clock starts (no migration check inside the timed appends).
 * Our event id goes in as Emmett's `messageId`, so both stores keep the same ids; Emmett's stream version
 * counts events (1 after the first), ours is the last event's revision (0 after the first).
 */
const emmett = async (connectionString: string): Promise<Contender> => {
  // Our own pool (the same pg defaults Emmett's would have), so that closing really ends it: Emmett's
  // shared pools are reference-counted and may outlive close(), and an idle connection then dies with
  // an unhandled error when the run drops its database.
  const pool = new Pool({ connectionString });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(connectionString, {
    schema: { autoMigration: 'None' },
    connectionOptions: { pool },
  });
  const close = async () => {
    await store.close();
    await pool.end();
  };
  try {
    await store.schema.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  const toEmmett = ({ eventId, type, data, metadata }: EventToAppend): EmmettEvent =>
    ({ type, data, metadata: { ...metadata, messageId: eventId } }) as EmmettEvent;
  return {
    name: 'Emmett',
    prepare: (plan) => {
      const input = plan.map(({ streamId, events, expected }) => ({
        streamId,
        events: events.map(toEmmett),
        expectedStreamVersion: expected < 0 ? STREAM_DOES_NOT_EXIST : BigInt(expected + 1),
      }));
      return async () => {
        for (const { streamId, events, expectedStreamVersion } of input)
          await store.appendToStream(streamId, events, { expectedStreamVersion });
      };
    },
    close,
  };
};

/** Which of our append's statements a SQL text is. */
const statementOf = (sql: string): string => {
  if (sql.includes('json_agg')) return 'precheck';
  if (sql.includes('reserve_global_positions')) return 'reserve positions';
  if (/^\s*INSERT INTO \S+\."events"/.test(sql)) return 'insert events';
  if (sql.includes('"streams"')) return 'claim revisions';
  return 'other';
};

/** Times every statement of our appends, and the transactions around them (BEGIN, COMMIT, connection). */
class StatementTimer implements SqlExecutor {
  readonly ms = new Map<string, number>();

  constructor(private readonly inner: SqlExecutor) {}

  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.timed(this.inner, sql, params);
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await this.inner.transaction((tx) =>
        fn({
          query: <R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]) =>
            this.timed<R>(tx, sql, params),
        }),
      );
    } finally {
      this.add('transaction', performance.now() - started);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Each statement's share of the time in transactions; what is left is BEGIN, COMMIT and the pool. */
  shares(): string {
    const total = this.ms.get('transaction') ?? 0;
    // One-statement appends run no client-side transaction: nothing to split.
    if (total === 0) return '';
    const statements = [...this.ms].filter(([name]) => name !== 'transaction');
    const rest = total - statements.reduce((sum, [, ms]) => sum + ms, 0);
    return [...statements, ['BEGIN, COMMIT and the pool', rest] as const]
      .map(([name, ms]) => `${name} ${Math.round((100 * ms) / total)} %`)
      .join(', ');
  }

  private async timed<R extends SqlRow>(
    on: SqlQueryable,
    sql: string,
    params?: readonly unknown[],
  ): Promise<R[]> {
    const started = performance.now();
    try {
      return await on.query<R>(sql, params);
    } finally {
      this.add(statementOf(sql), performance.now() - started);
    }
  }

  private add(name: string, ms: number): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + ms);
  }
}

/**
 * A diagnostic round of our store, never a counted one: the same appends through an executor that times
 * each statement, to say where an append's time goes.
 */
const ourStatementShares = async (
  connectionString: string,
  plan: readonly PlannedAppend[],
): Promise<string> => {
  const timer = new StatementTimer(new PgPoolExecutor(new Pool({ connectionString })));
  const store = await new SqlEventStore(timer).start();
  try {
    timer.ms.clear();
    for (const { streamId, events, expected } of plan)
      await store.append(streamId, events, expected < 0 ? 'no-stream' : expected);
    return timer.shares();
  } finally {
    await store.close();
  }
};

const databaseUrlFor = (serverUrl: string, database: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/** A fresh database for the run, dropped at the end (its open sessions ended) whatever happened. */
const freshDatabase = async (admin: Pool, cleanup: Cleanup, serverUrl: string, prefix: string) => {
  const name = `${prefix}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  cleanup.add(name, `database ${name}`, () => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return databaseUrlFor(serverUrl, name);
};

const eventsIn = (plan: readonly PlannedAppend[]) => plan.reduce((sum, { events }) => sum + events.length, 0);

/** Runs each contender's appends for one round, in the given order; events/s per contender. */
const runRound = async (
  contenders: readonly Contender[],
  plan: readonly PlannedAppend[],
): Promise<Map<string, number>> => {
  const events = eventsIn(plan);
  const rates = new Map<string, number>();
  for (const contender of contenders) {
    const append = contender.prepare(plan);
    const started = process.hrtime.bigint();
    await append();
    rates.set(contender.name, events / seconds(started));
  }
  return rates;
};

/** Why a figure looks the way it does: time per append for each, and the statements ours sends. */
const appendNotes = (
  mode: Mode,
  events: number,
  rounds: number,
  perAppend: number,
  rates: Record<string, number[]>,
  shares: string,
) => {
  const ms = (rate: number) => ((1_000 * perAppend) / rate).toFixed(2);
  const list = (values: number[]) => values.map(formatCount).join(', ');
  return (
    `${formatCount(events)} events of generated complaint histories per round, ${mode.label}; ` +
    `one append at a time; median of ${rounds} rounds after a warm-up (ours ${list(rates.ours)}; ` +
    `Emmett ${list(rates.Emmett)}). Per append: ours ${ms(median(rates.ours))} ms, Emmett ` +
    `${ms(median(rates.Emmett))} ms. Ours sends 1 statement per append (append_events: idempotency and ` +
    `revision precheck, position reservation, revision claim and the insert in one PL/pgSQL function, ` +
    `in the statement's own transaction), Emmett 3 (BEGIN, emt_append_to_stream, COMMIT); ours also ` +
    `checks event ids for idempotent retries and that a new stream does not exist yet, Emmett does ` +
    `neither (its STREAM_DOES_NOT_EXIST goes unchecked). ` +
    (shares ? `Where ours spends an append (a diagnostic round, not counted): ${shares}. ` : '') +
    `Load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end.`
  );
};

export async function measureAppendVsEmmett(options: AppendBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const histories = historiesFor(Math.max(options.single, options.batched, BATCH));
  const modes: Mode[] = [
    {
      id: 'single',
      label: 'one event per append, each with its stream’s expected revision',
      plan: () => singlePlan(histories, options.single),
    },
    {
      id: 'batched',
      label: `${BATCH} events per append, each batch a new stream`,
      plan: () => batchedPlan(histories, Math.max(options.batched, BATCH)),
    },
  ];
  const cleanup = new Cleanup();
  const admin = cleanup.add(
    new Pool({ connectionString: options.databaseUrl, max: 1, connectionTimeoutMillis: 5_000 }),
    'admin pool',
    (pool) => pool.end(),
  );
  const contender = async (prefix: string, open: (url: string) => Promise<Contender>) => {
    const url = await freshDatabase(admin, cleanup, options.databaseUrl, prefix);
    return { url, contender: cleanup.add(await open(url), `${prefix} store`, (opened) => opened.close()) };
  };
  try {
    const { url: ourUrl, contender: our } = await contender('bench_ours', ours);
    const { contender: theirs } = await contender('bench_emmett', emmett);
    const contenders = [our, theirs];
    const figures: BenchFigure[] = [];
    for (const mode of modes) {
      // Warm-up: connections, prepared plans and JIT, for both stores.
      const warmup = mode.plan();
      await runRound(contenders, warmup.slice(0, Math.ceil(warmup.length / 5)));
      const rates: Record<string, number[]> = { ours: [], Emmett: [] };
      let events = 0;
      for (let round = 1; round <= options.rounds; round++) {
        const order = round % 2 === 1 ? contenders : [...contenders].reverse();
        const plan = mode.plan();
        events = eventsIn(plan);
        const measured = await runRound(order, plan);
        for (const [name, rate] of measured) rates[name].push(rate);
        progress(
          `${mode.id} round ${round}/${options.rounds}: ours ${formatCount(measured.get('ours')!)} events/s, ` +
            `Emmett ${formatCount(measured.get('Emmett')!)} events/s`,
        );
      }
      const diagnostic = mode.plan();
      const shares = await ourStatementShares(ourUrl, diagnostic.slice(0, Math.ceil(diagnostic.length / 5)));
      const [value, baseline] = [median(rates.ours), median(rates.Emmett)];
      const ratio = value / baseline;
      const perAppend = mode.id === 'single' ? 1 : BATCH;
      figures.push({
        id: `append.postgres.${mode.id}`,
        label:
          mode.id === 'single'
            ? 'append, PostgreSQL, single event per append'
            : `append, PostgreSQL, batched ${BATCH}/append`,
        value: Math.round(value),
        unit: 'events/s',
        baseline: { label: `Emmett ${EMMETT_VERSION} PostgreSQL`, value: Math.round(baseline) },
        ratio,
        ...(mode.id === 'batched'
          ? { goal: { text: '≥ 10k events/s and ≥ 1.5× Emmett', met: value >= 10_000 && ratio >= 1.5 } }
          : {}),
        notes: appendNotes(mode, events, options.rounds, perAppend, rates, shares),
      });
    }
    return { measurement: MEASUREMENT, seconds: seconds(started), figures };
  } finally {
    await cleanup.run();
  }
}

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  measureAppendVsEmmett({
    single: intOption('single', bySize({ tiny: 100, default: 1_000, full: 10_000 }, argv), argv),
    batched: intOption('batched', bySize({ tiny: 500, default: 10_000, full: 100_000 }, argv), argv),
    rounds: intOption('rounds', bySize({ tiny: 1, default: 3, full: 3 }, argv), argv),
    databaseUrl: benchDatabaseUrl(),
  });

runWhenMain(module, main);
