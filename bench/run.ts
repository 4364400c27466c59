/**
 * `npm run bench`: runs every measurement of `bench/measures/` in a process of its own (chDB allows one
 * data directory per process), each pair of figures measured side by side in the same run, and prints
 * one markdown table of figures, peers, ratios and goals, with notes and the machine it ran on. The same
 * report is written to `bench/results/<YYYY-MM-DD>.md` (the day's earlier report is replaced).
 *
 *   npm run bench [-- --size=tiny|default|full] [--only=relay-vs-kafkajs,rebuild] [--out=<dir>]
 *
 * PostgreSQL must be reachable (DATABASE_URL, or the local cluster, which is started if it is stopped). A
 * Kafka broker is started for the measurements that need one and stopped after them, unless
 * KAFKA_BROKERS names one. A failing measurement is reported as failed and the run goes on; the exit code
 * is 1 if any failed. Progress of each measurement goes to stderr as it comes, the report to stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_RESULT_PREFIX, type BenchResult } from './support/bench-result';
import { benchEnvironment } from './support/bench-environment';
import { type MeasurementOutcome, failedMeasurements, renderReport } from './support/bench-report';
import { type BenchSize, sizeOption, stringOption } from './support/bench-size';
import { type KafkaBroker, startKafkaBroker } from './support/kafka-broker';
import { REPO_ROOT } from './support/paths';

type Service = 'postgres' | 'kafka';

export interface MeasurementSpec {
  /** `bench/measures/<name>.ts`. */
  name: string;
  needs: readonly Service[];
}

/** Every measurement, in the order they run: those that need the broker one after the other. */
export const MEASUREMENTS: readonly MeasurementSpec[] = [
  { name: 'append-vs-emmett', needs: ['postgres'] },
  { name: 'command-round-trip', needs: ['postgres'] },
  { name: 'relay-vs-kafkajs', needs: ['postgres', 'kafka'] },
  { name: 'ingress', needs: ['postgres', 'kafka'] },
  { name: 'freshness-kafka', needs: ['postgres', 'kafka'] },
  { name: 'projection-vs-raw-insert', needs: [] },
  { name: 'rebuild', needs: ['postgres'] },
  { name: 'import', needs: ['postgres'] },
  { name: 'reports-chdb-vs-postgres', needs: ['postgres'] },
  { name: 'complaint-search', needs: [] },
];

/** A measurement still running after this long is stopped and reported as failed. */
const TIMEOUT_S: Record<BenchSize, number> = { tiny: 300, default: 600, full: 6 * 3_600 };
/** Lines of a measurement's stderr kept for the report, should it fail. */
const STDERR_TAIL = 15;
/** How long a measurement told to stop may take to clean up. */
const KILL_GRACE_MS = 20_000;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const exitCodeOf = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

/** PostgreSQL and Kafka, each brought up once and only when a measurement needs it. */
class Services {
  private postgresReady?: Promise<void>;
  private broker?: Promise<KafkaBroker | string>;

  postgres(): Promise<void> {
    return (this.postgresReady ??= (async () => {
      const child = spawn('bash', [join(REPO_ROOT, 'scripts', 'ensure-postgres.sh')], {
        stdio: ['ignore', 2, 2],
      });
      const { code } = await exitCodeOf(child);
      if (code !== 0) throw new Error('PostgreSQL is not reachable (scripts/ensure-postgres.sh failed)');
    })());
  }

  /** The broker's address: KAFKA_BROKERS when given, otherwise a broker started for the run. */
  async kafka(): Promise<string> {
    if (!this.broker) {
      const given = process.env.KAFKA_BROKERS;
      if (!given) log('starting a Kafka broker');
      this.broker = given ? Promise.resolve(given) : startKafkaBroker();
    }
    const broker = await this.broker;
    return typeof broker === 'string' ? broker : broker.brokers;
  }

  async stopKafka(): Promise<void> {
    const broker = this.broker;
    this.broker = undefined;
    const started = await broker?.catch(() => undefined);
    if (started && typeof started !== 'string') {
      log('stopping the Kafka broker');
      await started.stop();
    }
  }
}

interface Running {
  child?: ChildProcess;
  interrupted?: NodeJS.Signals;
}

const failed = (
  measurement: string,
  reason: string,
  started: bigint,
  stderrTail: string[] = [],
): MeasurementOutcome => ({
  measurement,
  status: 'failed',
  reason,
  seconds: Number(process.hrtime.bigint() - started) / 1e9,
  stderrTail,
});

const isResult = (value: unknown): value is BenchResult => {
  const result = value as BenchResult;
  return (
    typeof result?.measurement === 'string' &&
    Array.isArray(result.figures) &&
    result.figures.every((figure) => typeof figure.label === 'string' && Number.isFinite(figure.value))
  );
};

/** Runs `dist/bench/measures/<name>.js --json --size=…`, passing its progress through as it comes. */
async function runMeasurement(
  spec: MeasurementSpec,
  size: BenchSize,
  env: NodeJS.ProcessEnv,
  running: Running,
): Promise<MeasurementOutcome> {
  const started = process.hrtime.bigint();
  const script = join(__dirname, 'measures', `${spec.name}.js`);
  if (!existsSync(script))
    return failed(spec.name, `bench/measures/${spec.name}.ts is missing or not built`, started);
  log(`${spec.name}: starting (--size=${size})`);
  const child = spawn(process.execPath, [script, '--json', `--size=${size}`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.child = child;
  let result: unknown;
  let malformed = false;
  const tail: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(BENCH_RESULT_PREFIX)) return void process.stderr.write(`${line}\n`);
    try {
      result = JSON.parse(line.slice(BENCH_RESULT_PREFIX.length));
    } catch {
      malformed = true;
    }
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL) tail.shift();
  });
  let timedOut = false;
  const timeout = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }, TIMEOUT_S[size] * 1_000);
  const { code, signal } = await exitCodeOf(child).finally(() => {
    clearTimeout(timeout);
    running.child = undefined;
  });
  if (timedOut) return failed(spec.name, `timed out after ${TIMEOUT_S[size]} s`, started, tail);
  if (code !== 0)
    return failed(spec.name, signal ? `killed by ${signal}` : `exit code ${code}`, started, tail);
  if (malformed || !isResult(result))
    return failed(
      spec.name,
      result === undefined && !malformed ? 'no result line' : 'malformed result',
      started,
      tail,
    );
  log(`${spec.name}: done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
  return { measurement: spec.name, status: 'ok', result };
}

const selectedMeasurements = (argv: readonly string[]): MeasurementSpec[] => {
  const only = stringOption('only', argv)
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!only) return [...MEASUREMENTS];
  const unknown = only.filter((name) => !MEASUREMENTS.some((spec) => spec.name === name));
  if (unknown.length > 0)
    throw new Error(
      `--only: unknown measurement ${unknown.join(', ')}; known: ${MEASUREMENTS.map((s) => s.name).join(', ')}`,
    );
  return MEASUREMENTS.filter((spec) => only.includes(spec.name));
};

/** Runs the selected measurements and writes the report; the exit code says whether any failed. */
export async function runBench(argv: readonly string[] = process.argv): Promise<number> {
  const started = process.hrtime.bigint();
  const size = sizeOption(argv);
  const selected = selectedMeasurements(argv);
  const outDir = stringOption('out', argv) ?? join(REPO_ROOT, 'bench', 'results');
  const services = new Services();
  const running: Running = {};
  const onSignal = (signal: NodeJS.Signals) => {
    if (running.interrupted) process.exit(130);
    running.interrupted = signal;
    log(`${signal}: stopping the measurement in progress (again to quit at once)`);
    running.child?.kill(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcomes: MeasurementOutcome[] = [];
  try {
    for (const [i, spec] of selected.entries()) {
      if (running.interrupted) break;
      const env: NodeJS.ProcessEnv = { ...process.env };
      try {
        if (spec.needs.includes('postgres')) await services.postgres();
        if (spec.needs.includes('kafka')) env.KAFKA_BROKERS = await services.kafka();
      } catch (error) {
        outcomes.push(
          failed(spec.name, String(error instanceof Error ? error.message : error), process.hrtime.bigint()),
        );
        continue;
      }
      outcomes.push(await runMeasurement(spec, size, env, running));
      if (!selected.slice(i + 1).some((next) => next.needs.includes('kafka'))) await services.stopKafka();
    }
  } finally {
    await services.stopKafka();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (running.interrupted) {
    log('interrupted: no report written');
    return 130;
  }
  const environment = await benchEnvironment();
  const report = renderReport({
    size,
    environment,
    outcomes,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });
  process.stdout.write(report);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, `${environment.date}.md`);
  await writeFile(file, report);
  log(`report written to ${file}`);
  return failedMeasurements(outcomes).length > 0 ? 1 : 0;
}

if (require.main === module)
  runBench().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
