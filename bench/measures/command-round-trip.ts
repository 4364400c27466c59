/**
 * The command round trip over HTTP: the real command service (`CommandServiceModule` in the HTTP app of
 * `createHttpApp`, as its e2e tests start it) listening on 127.0.0.1, driven by autocannon at a fixed
 * number of connections with unique commands — half registrations, half follow-on commands (classify,
 * then acknowledge) on complaints registered earlier in the run (`bench/support/http-command-mix.ts`).
 * Once on PostgreSQL (a fresh schema), once on the embedded PGlite store (a temporary directory). The load
 * generator runs in a worker thread of this process, so the service keeps its event loop to itself.
 * Commands per second, latency p50 / p99; any non-2xx answer or connection error fails the measurement.
 *
 *   node dist/bench/measures/command-round-trip.js [--json] [--size=tiny|default|full]
 *     [--connections=C --seconds=S --warmup=W] [--stores=postgres,pglite]
 *
 * DATABASE_URL names the PostgreSQL server (the local test database otherwise). The schema and the
 * directory are removed at the end, also after a failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { TokenIssuer, authConfigOf } from '@app/platform';
import { createHttpApp } from '../../apps/command-service/src/bootstrap';
import { CommandServiceModule } from '../../apps/command-service/src/command-service.module';
import { loadCommandServiceConfig } from '../../apps/command-service/src/config/command-service.config';
import { type BenchFigure, type BenchResult, intOption } from '../support/bench-result';
import { bySize, stringOption } from '../support/bench-size';
import { Cleanup } from '../support/cleanup';
import { AGENTS, agentJobNumber } from '../support/http-command-mix';
import { type LoadReport, runLoad } from '../support/http-load';
import { runWhenMain } from '../support/measurement-main';
import { benchDatabaseUrl, benchPool, dropSchema, freshSchemaName } from '../support/postgres';
import { formatCount, progressOf, seconds } from '../support/progress';

export const MEASUREMENT = 'command-round-trip';
const STORES = ['postgres', 'pglite'] as const;
type StoreKind = (typeof STORES)[number];
/** Issue #17: PostgreSQL ≥ 2,000 commands/s, the embedded PGlite ≥ 1,000; p99 under 50 ms on both. */
const GOAL = { commandsPerSecond: { postgres: 2_000, pglite: 1_000 }, p99Ms: 50 };
/** Below this many cores a busy service thread (plus the load generator) was waiting for a CPU. */
const STARVED_CORES = 0.8;
const progress = progressOf(MEASUREMENT);

export interface RoundTripOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  stores: readonly StoreKind[];
  databaseUrl: string;
}

type CallTimes = { calls: number; ms: number };
type StoreTimes = Record<'readStream' | 'append', CallTimes>;

/**
 * Times the store calls every command makes (read the stream, append), in place: the service gets the
 * very store it would open itself, only measured.
 */
const timeStoreCalls = (store: EventStore): StoreTimes => {
  const times: StoreTimes = { readStream: { calls: 0, ms: 0 }, append: { calls: 0, ms: 0 } };
  const readStream = store.readStream.bind(store);
  const append = store.append.bind(store);
  const timed =
    <A extends unknown[], R>(name: keyof StoreTimes, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await call(...args);
      } finally {
        times[name].calls++;
        times[name].ms += performance.now() - started;
      }
    };
  store.readStream = timed('readStream', readStream);
  store.append = timed('append', append);
  return times;
};

type RunningService = { url: string; times: StoreTimes; tokens: Record<string, string> };

/** The command service on a fresh store, listening on a free port of 127.0.0.1; `cleanup` undoes it. */
const startService = async (
  kind: StoreKind,
  databaseUrl: string,
  cleanup: Cleanup,
): Promise<RunningService> => {
  const dataDir = cleanup.add(await mkdtemp(join(tmpdir(), 'bench-commands-')), 'data directory', (dir) =>
    rm(dir, { recursive: true, force: true }),
  );
  const schema = freshSchemaName('bench_commands');
  if (kind === 'postgres')
    cleanup.add(schema, `schema ${schema}`, async () => {
      const pool = benchPool(1);
      try {
        await dropSchema(pool, schema);
      } finally {
        await pool.end();
      }
    });
  const config = loadCommandServiceConfig({
    EVENT_STORE: kind,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // A key of this run only: the agents' tokens are signed with it, and every command is verified.
    AUTH_JWT_SECRETS: randomBytes(32).toString('base64url'),
  });
  const store = cleanup.add(await openConfiguredEventStore(config), 'event store', (opened) =>
    opened.close(),
  );
  const times = timeStoreCalls(store);
  const app = cleanup.add(
    await createHttpApp(CommandServiceModule.register({ config, eventStore: store }), config, {
      logger: false,
    }),
    'command service',
    (started) => started.close(),
  );
  await app.listen(0, '127.0.0.1');
  const issuer = new TokenIssuer(authConfigOf(config));
  const now = Math.floor(Date.now() / 1000);
  const tokens = Object.fromEntries(
    Array.from({ length: AGENTS }, (_, i) => {
      const subject = agentJobNumber(i);
      return [
        subject,
        issuer.issue({ subject, roles: ['agent'], ttlSeconds: 6 * 3600 }, { subject: 'bench' }, now).token,
      ];
    }),
  );
  return { url: await app.getUrl(), times, tokens };
};

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** What the timed part cost the machine: this process's cores (service and load generator) and the load. */
type MachineUse = { serviceLoop: number; processCores: number; loadAverage: number };

/** Where the time went: the store calls' share of a command, how busy each event loop and the machine were. */
const limits = (kind: StoreKind, report: LoadReport, times: StoreTimes, use: MachineUse): string => {
  const perCommand = (t: CallTimes) => t.ms / Math.max(1, report.completed);
  const perCall = (t: CallTimes) => t.ms / Math.max(1, t.calls);
  const store = perCommand(times.readStream) + perCommand(times.append);
  const parts = [
    `store calls ${ms(store)} of the ${ms(report.latencyMs.mean)} mean latency per command ` +
      `(read stream ${ms(perCall(times.readStream))}, append ${ms(perCall(times.append))} per call` +
      (kind === 'postgres' ? `, waiting for one of the pool's 10 connections included)` : ')'),
    `the service's event loop busy ${Math.round(100 * use.serviceLoop)} % of the time, the load ` +
      `generator's ${Math.round(100 * report.loadEventLoopUtilization)} %; this process used ` +
      `${use.processCores.toFixed(2)} of ${availableParallelism()} cores, load average ${use.loadAverage.toFixed(1)}`,
  ];
  const starved = use.loadAverage > availableParallelism() && use.processCores < STARVED_CORES;
  if (starved)
    parts.push(
      `the process was short of CPU: its event loop had work ${Math.round(100 * use.serviceLoop)} % of ` +
        'the time but the machine ran more than it has cores, so this figure says as much about the ' +
        "machine's other work as about the service",
    );
  else if (use.serviceLoop > 0.9)
    parts.push(
      'the service is CPU-bound on its one event loop (HTTP parsing, DTO validation and transformation, ' +
        'the Nest pipeline, JSON), sharing the cores with the load generator and the database',
    );
  else if (store > report.latencyMs.mean / 2)
    parts.push('most of a command is spent waiting for the store (its statements and commits)');
  return parts.join('; ');
};

const mixNotes = ({ answered, sent }: LoadReport): string =>
  `mix answered: ${formatCount(answered.register)} registrations, ${formatCount(answered.classify)} classify, ` +
  `${formatCount(answered.acknowledge)} acknowledge` +
  (sent.fallbacks > 0 ? ` (${sent.fallbacks} registrations sent for want of a complaint to follow up)` : '');

const figuresFor = (
  kind: StoreKind,
  report: LoadReport,
  times: StoreTimes,
  use: MachineUse,
  options: RoundTripOptions,
): BenchFigure[] => {
  const store = kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)';
  const goal = GOAL.commandsPerSecond[kind];
  const met = report.commandsPerSecond >= goal && report.latencyMs.p99 < GOAL.p99Ms;
  const conditions =
    `${options.connections} connections, ${options.seconds} s after a ${options.warmupSeconds} s warm-up, ` +
    `${formatCount(report.completed)} commands`;
  return [
    {
      id: `commands.${kind}.throughput`,
      label: `command round trip over HTTP, ${store}`,
      value: Math.round(report.commandsPerSecond),
      unit: 'commands/s',
      goal: { text: `≥ ${formatCount(goal)} commands/s with p99 < ${GOAL.p99Ms} ms`, met },
      notes:
        `${conditions}; ${mixNotes(report)}; every answer 2xx. ` +
        `${met ? 'Timing spans' : 'What limits it'}: ${limits(kind, report, times, use)}.`,
    },
    {
      id: `commands.${kind}.p50`,
      label: `command latency p50, ${store}`,
      value: report.latencyMs.p50,
      unit: 'ms',
      notes: conditions,
    },
    {
      id: `commands.${kind}.p99`,
      label: `command latency p99, ${store}`,
      value: report.latencyMs.p99,
      unit: 'ms',
      goal: { text: `< ${GOAL.p99Ms} ms`, met: report.latencyMs.p99 < GOAL.p99Ms },
      notes: `${conditions}; max ${ms(report.latencyMs.max)}`,
    },
  ];
};

/** Every answer must be 2xx: a command the service refused would make the figure meaningless. */
const assertAllSucceeded = (kind: StoreKind, report: LoadReport): void => {
  if (report.non2xx === 0 && report.errors === 0 && report.timeouts === 0) return;
  const samples = report.failures
    .map(({ kind: command, status, body }) => `${command} → ${status} ${body.slice(0, 300)}`)
    .join('\n  ');
  throw new Error(
    `${kind}: ${report.non2xx} non-2xx answers, ${report.errors - report.timeouts} connection errors, ` +
      `${report.timeouts} commands unanswered after ${report.timeoutSeconds} s; the measurement is void.` +
      (samples ? `\n  ${samples}` : ''),
  );
};

const measureStore = async (kind: StoreKind, options: RoundTripOptions): Promise<BenchFigure[]> => {
  progress(`${kind}: starting the command service`);
  const cleanup = new Cleanup();
  try {
    const service = await startService(kind, options.databaseUrl, cleanup);
    const snapshot = () => ({
      loop: performance.eventLoopUtilization(),
      cpu: process.cpuUsage(),
      at: performance.now(),
    });
    let timedFrom = snapshot();
    const report = await runLoad(
      {
        url: service.url,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        runTag: `${kind}-${randomBytes(4).toString('hex')}`,
        tokens: service.tokens,
      },
      (message) => progress(`${kind}: ${message}`),
      () => {
        timedFrom = snapshot();
        for (const times of Object.values(service.times)) Object.assign(times, { calls: 0, ms: 0 });
      },
    );
    const cpu = process.cpuUsage(timedFrom.cpu);
    const use: MachineUse = {
      serviceLoop: performance.eventLoopUtilization(timedFrom.loop).utilization,
      processCores: (cpu.user + cpu.system) / 1_000 / (performance.now() - timedFrom.at),
      loadAverage: loadavg()[0],
    };
    assertAllSucceeded(kind, report);
    progress(
      `${kind}: ${formatCount(report.commandsPerSecond)} commands/s, p50 ${ms(report.latencyMs.p50)}, ` +
        `p99 ${ms(report.latencyMs.p99)}`,
    );
    return figuresFor(kind, report, service.times, use, options);
  } finally {
    await cleanup.run();
  }
};

export async function measureCommandRoundTrip(options: RoundTripOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const figures: BenchFigure[] = [];
  for (const kind of options.stores) figures.push(...(await measureStore(kind, options)));
  return { measurement: MEASUREMENT, seconds: seconds(started), figures };
}

const storesOption = (argv: readonly string[]): StoreKind[] => {
  const given = stringOption('stores', argv)?.split(',') ?? [...STORES];
  const unknown = given.filter((kind) => !(STORES as readonly string[]).includes(kind));
  if (unknown.length > 0 || given.length === 0) throw new Error(`--stores takes ${STORES.join(',')}`);
  return given as StoreKind[];
};

export const main = (argv: readonly string[] = process.argv): Promise<BenchResult> =>
  measureCommandRoundTrip({
    connections: intOption('connections', bySize({ tiny: 4, default: 32, full: 32 }, argv), argv),
    warmupSeconds: intOption('warmup', bySize({ tiny: 1, default: 5, full: 10 }, argv), argv),
    seconds: intOption('seconds', bySize({ tiny: 2, default: 20, full: 60 }, argv), argv),
    stores: storesOption(argv),
    databaseUrl: benchDatabaseUrl(),
  });

runWhenMain(module, main);
