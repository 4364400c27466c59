/**
 * Report latency on chDB against the same figures computed with SQL over PostgreSQL tables: realistic
 * complaint histories (the seeder's generator, fixed seed, 12 months) are projected once and the very
 * same rows go into a fresh chDB database and fresh PostgreSQL tables (`bench/postgres-reports`); then
 * the weekly pack (a busy recent week, all lines and its busiest line) and a root-cause trend (cause
 * codes by week over 6 months) are timed on both, p50 and p90 of several runs after a warm-up. Both
 * engines must give the same answer: the warm-up results are compared and the notes say so. When the
 * pack misses its goal, each KPI's member set is timed alone on both engines to show where time goes.
 *
 *   node dist/bench/measures/reports-chdb-vs-postgres.js [--json] [--size=tiny|default|full]
 *        [--complaints=N] [--runs=R]
 *
 * Sizes: tiny 300 complaints, default 100k, full 100k and 1M. Generation, projection and both loads
 * stream in chunks of whole histories, so memory stays flat at 1M. chDB runs in a temporary directory
 * and PostgreSQL in a schema of its own, both removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { ChdbAnalyticsStore, hmacCustomerKey, migrate } from '@app/analytics';
import {
  countMemberSets,
  type IsoWeek,
  MEMBER_SETS,
  type MemberSetId,
  parseIsoWeek,
  previousWeeks,
  scopeParams,
  UNSCOPED,
} from '@app/analytics/kpi/shared';
import { drillDown } from '@app/analytics/kpi/drill-down';
import { executiveReport, type ExecutiveReportRequest } from '@app/analytics/kpi/executive';
import { rootCauseTrends, type TrendsRequest } from '@app/analytics/kpi/trends';
import { weeklyPack, type WeeklyPackRequest } from '@app/analytics/kpi/weekly-pack';
import { pgDrillDown } from '../postgres-reports/postgres-drill-down';
import { pgExecutiveReport } from '../postgres-reports/postgres-executive-report';
import { createReportTables, dropReportSchema } from '../postgres-reports/postgres-tables';
import { pgRootCauseTrends } from '../postgres-reports/postgres-trends';
import { pgCountMemberSets, pgWeeklyPack } from '../postgres-reports/postgres-weekly-pack';
import { type BothEngines, type LoadedDataSet, loadDataSet } from '../postgres-reports/report-data-set';
import { type BenchFigure, type BenchResult, intOption, timed } from '../support/bench-result';
import { bySize, stringOption } from '../support/bench-size';
import { BENCH_END_DAY, benchHistories } from '../support/generated-events';
import { runWhenMain } from '../support/measurement-main';
import { benchDatabaseUrl, freshSchemaName } from '../support/postgres';
import { formatCount, progressOf, seconds, throttled } from '../support/progress';

export const MEASUREMENT = 'reports-chdb-vs-postgres';
const GOAL_PACK_P50_MS = 250;
const GOAL_PACK_SIZE = 1_000_000;
const GOAL_RATIO = 5;
const GOAL_EXECUTIVE_P50_MS = 500;
const GOAL_DRILL_DOWN_P50_MS = 100;
const GOAL_TREND_P50_MS = 200;
const CHUNK_EVENTS = 50_000;
const MERGE_SETTLE_MS = 120_000;
const TIME_ZONE = 'Asia/Shanghai';
const TREND_MONTHS = 6;
/** Runs per member set when profiling a missed goal (after a warm-up), and how many sets the notes name. */
const PROFILE_RUNS = 3;
const PROFILE_SHOWN = 5;

/**
 * Session settings a PostgreSQL engineer would give a reporting connection on this machine: memory for
 * sorts and hashes, SSD page costs, no JIT (it compiles for longer than these statements run), and no
 * wait for the WAL flush while bulk loading a throw-away schema.
 */
const PG_SESSION = '-c work_mem=64MB -c random_page_cost=1.1 -c jit=off -c synchronous_commit=off';

const context = { customerKey: hmacCustomerKey('bench-reports-customer-secret') };
const progress = progressOf(MEASUREMENT);

export interface ReportsBenchOptions {
  /** Data set sizes, in complaint streams, each measured on fresh databases of its own. */
  sizes: number[];
  /** Timed runs per report and engine, after one warm-up; at least 5. */
  runs: number;
}

export const reportsBenchOptions = (argv: readonly string[]): ReportsBenchOptions => ({
  sizes:
    stringOption('complaints', argv) !== undefined
      ? [intOption('complaints', 1, argv)]
      : bySize({ tiny: [300], default: [100_000], full: [100_000, 1_000_000] }, argv),
  runs: Math.max(5, intOption('runs', 7, argv)),
});

const sizeLabel = (complaints: number): string =>
  complaints % 1_000_000 === 0
    ? `${complaints / 1_000_000}M`
    : complaints % 1_000 === 0
      ? `${complaints / 1_000}k`
      : String(complaints);

const ms = (value: number): number => Math.round(value * 10) / 10;

/** The weeks a busy recent week is picked from: the 4 complete ISO weeks before the data set ends. */
const candidateWeeks = (): IsoWeek[] =>
  previousWeeks(parseIsoWeek(DateTime.fromISO(BENCH_END_DAY, { zone: TIME_ZONE }).toFormat("kkkk-'W'WW")), 4);

/** The busiest candidate week, and the line with the most complaints in it. */
const busiestWeek = (registrations: LoadedDataSet['registrations']) => {
  let best = { week: candidateWeeks()[0], volume: -1, line: 'postal', lineVolume: 0 };
  for (const week of candidateWeeks()) {
    const lines = [...(registrations.get(week.id) ?? new Map<string, number>())];
    const volume = lines.reduce((sum, [, n]) => sum + n, 0);
    if (volume <= best.volume) continue;
    const [line, lineVolume] = lines.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [
      'postal',
      0,
    ];
    best = { week, volume, line, lineVolume };
  }
  return best;
};

/** Cause codes by ISO week over the 6 months before the data set ends, every line. */
const trendRequest = (): TrendsRequest => {
  const last = DateTime.fromISO(BENCH_END_DAY, { zone: 'UTC' }).minus({ days: 1 });
  return {
    dimension: 'causeCode',
    granularity: 'week',
    from: last.minus({ months: TREND_MONTHS }).plus({ days: 1 }).toISODate()!,
    to: last.toISODate()!,
    timeZone: TIME_ZONE,
  };
};

type Timing = Awaited<ReturnType<typeof timed>>;
type Comparison = { chdb: Timing; postgres: Timing };

const sameAnswer = ({ chdb, postgres }: Comparison): boolean =>
  isDeepStrictEqual(chdb.warmUp, postgres.warmUp);

/** Each KPI's member set counted alone over the week on both engines, slowest on chDB first. */
type SetTiming = { set: MemberSetId; chdb: number; postgres: number };

async function profileMemberSets(
  { chdb, database, pool, schema }: BothEngines,
  week: IsoWeek,
): Promise<SetTiming[]> {
  const params = {
    start: week.start,
    end: week.end,
    businessLine: null,
    orgUnit: null,
    ...scopeParams(UNSCOPED),
  };
  const profile: SetTiming[] = [];
  for (const set of MEMBER_SETS) {
    const request = [{ name: 'profile', set }];
    const onChdb = await timed(PROFILE_RUNS, () => countMemberSets(chdb, database, request, params));
    const onPostgres = await timed(PROFILE_RUNS, () => pgCountMemberSets(pool, schema, request, params));
    profile.push({ set, chdb: onChdb.p50, postgres: onPostgres.p50 });
  }
  return profile.sort((a, b) => b.chdb - a.chdb);
}

const loadNotes = (loaded: LoadedDataSet): string => {
  const { streams, events, rows, phases: p, chdbActiveParts } = loaded;
  const s = (value: number) => `${value.toFixed(1)} s`;
  return (
    `Load in ${s(loaded.seconds)}: ${formatCount(streams)} streams, ${formatCount(events)} events, ` +
    `${formatCount(rows)} rows; ` +
    `generating ${s(p.generate)}, projecting ${s(p.project)}; alongside, chDB insert ${s(p.chdbInsert)} ` +
    `and PostgreSQL upsert ${s(p.postgresInsert)}; then PostgreSQL indexes ${s(p.postgresIndexes)} + ` +
    `VACUUM ANALYZE ${s(p.postgresVacuum)}, chDB merges settled in ${s(p.chdbMerges)} ` +
    `(${chdbActiveParts} active parts).`
  );
};

type SizeRun = {
  complaints: number;
  runs: number;
  loaded: LoadedDataSet;
  /** Member sets timed alone, when the pack missed its goal. */
  profile?: SetTiming[];
};

const conditions = ({ complaints, runs }: SizeRun): string =>
  `${formatCount(complaints)} generated complaints (fixed seed, 12 months to ${BENCH_END_DAY}), chDB in ` +
  `process vs PostgreSQL (${PG_SESSION.replace(/-c /g, '')}) on the same machine, p50 of ${runs} runs ` +
  `after a warm-up.`;

const comparisonNotes = (comparison: Comparison): string[] => [
  `p90: chDB ${ms(comparison.chdb.p90)} ms, PostgreSQL ${ms(comparison.postgres.p90)} ms.`,
  sameAnswer(comparison)
    ? 'Both engines gave the same result.'
    : 'The engines gave DIFFERENT results: this is not a like-for-like comparison.',
];

const packGoal = (complaints: number, comparison: Comparison) => {
  const ratio = comparison.postgres.p50 / comparison.chdb.p50;
  const atGoalSize = complaints >= GOAL_PACK_SIZE;
  const fastEnough = !atGoalSize || comparison.chdb.p50 <= GOAL_PACK_P50_MS;
  return {
    text: atGoalSize
      ? `p50 ≤ ${GOAL_PACK_P50_MS} ms at 1M complaints and ≥ ${GOAL_RATIO}× faster than PostgreSQL`
      : `≥ ${GOAL_RATIO}× faster than PostgreSQL (the ${GOAL_PACK_P50_MS} ms bound is set at 1M: --size=full)`,
    met: ratio >= GOAL_RATIO && fastEnough,
    limits: [
      ...(fastEnough ? [] : [`chDB's p50 is above ${GOAL_PACK_P50_MS} ms`]),
      ...(ratio >= GOAL_RATIO
        ? []
        : [
            ratio < 1
              ? `PostgreSQL answers ${(1 / ratio).toFixed(1)}× faster than chDB`
              : `chDB is only ${ratio.toFixed(1)}× faster than PostgreSQL`,
          ]),
    ],
  };
};

const profileNote = (profile: readonly SetTiming[]): string =>
  `Where chDB's time goes, each member set counted alone over the week (p50, chDB vs PostgreSQL): ` +
  profile
    .slice(0, PROFILE_SHOWN)
    .map(({ set, chdb, postgres }) => `${set} ${Math.round(chdb)} vs ${Math.round(postgres)} ms`)
    .join(', ') +
  '; the pack counts all of them in one statement on each engine.';

const packFigure = (
  run: SizeRun,
  id: string,
  what: string,
  scope: string,
  comparison: Comparison,
): BenchFigure => {
  const { limits, ...goal } = packGoal(run.complaints, comparison);
  const label = sizeLabel(run.complaints);
  return {
    id,
    label: `${what}, ${label} complaints: chDB vs PostgreSQL SQL, p50`,
    value: ms(comparison.chdb.p50),
    unit: 'ms',
    baseline: { label: 'PostgreSQL', value: ms(comparison.postgres.p50) },
    ratio: comparison.postgres.p50 / comparison.chdb.p50,
    // A few hundred complaints measure overheads, not the engines: no goal at the smoke size.
    ...(run.complaints >= 10_000 ? { goal } : {}),
    notes: [
      scope,
      ...comparisonNotes(comparison),
      ...(goal.met || run.complaints < 10_000 ? [] : limits.map((limit) => `Missed: ${limit}.`)),
      ...(run.profile && !goal.met ? [profileNote(run.profile)] : []),
      conditions(run),
      loadNotes(run.loaded),
    ].join(' '),
  };
};

/**
 * A report with a latency bound at 1M complaints (and, when `faster`, the bound that chDB answers before
 * PostgreSQL); below 1M it is only compared.
 */
const boundedFigure = (
  run: SizeRun,
  id: string,
  what: string,
  boundMs: number,
  faster: boolean,
  comparison: Comparison,
): BenchFigure => {
  const atGoalSize = run.complaints >= GOAL_PACK_SIZE;
  const ratio = comparison.postgres.p50 / comparison.chdb.p50;
  return {
    id,
    label: `${what}, ${sizeLabel(run.complaints)} complaints: chDB vs PostgreSQL SQL, p50`,
    value: ms(comparison.chdb.p50),
    unit: 'ms',
    baseline: { label: 'PostgreSQL', value: ms(comparison.postgres.p50) },
    ratio,
    ...(atGoalSize
      ? {
          goal: {
            text: `p50 ≤ ${boundMs} ms at 1M complaints${faster ? ' and faster than PostgreSQL' : ''}`,
            met: comparison.chdb.p50 <= boundMs && (!faster || ratio > 1),
          },
        }
      : {}),
    notes: [...comparisonNotes(comparison), conditions(run)].join(' '),
  };
};

/** Loads one size into fresh databases of both engines, times the reports, and returns the figures. */
async function measureSize(
  complaints: number,
  options: ReportsBenchOptions,
  engines: BothEngines,
): Promise<BenchFigure[]> {
  const label = sizeLabel(complaints);
  const report = throttled(progress, 5_000);
  progress(
    `${label}: generating, projecting and loading ${formatCount(complaints)} complaints into both engines…`,
  );
  const loaded = await loadDataSet(benchHistories(complaints), engines, {
    context,
    chunkEvents: CHUNK_EVENTS,
    weeks: candidateWeeks(),
    mergeSettleMs: MERGE_SETTLE_MS,
    onProgress: (events) => report(`${label}: ${formatCount(events)} events loaded`),
  });
  progress(`${label}: ${loadNotes(loaded)}`);

  const { week, volume, line, lineVolume } = busiestWeek(loaded.registrations);
  const allLines: WeeklyPackRequest = { week: week.id, timeZone: TIME_ZONE };
  const oneLine: WeeklyPackRequest = { ...allLines, businessLine: line };
  const trend = trendRequest();
  const { chdb, database, pool, schema } = engines;
  const compare = async (
    name: string,
    onChdb: () => Promise<unknown>,
    onPostgres: () => Promise<unknown>,
  ): Promise<Comparison> => {
    progress(`${label}: timing ${name}, ${options.runs} runs per engine after a warm-up…`);
    const comparison = {
      chdb: await timed(options.runs, onChdb),
      postgres: await timed(options.runs, onPostgres),
    };
    progress(
      `${label}: ${name}: chDB p50 ${ms(comparison.chdb.p50)} ms, PostgreSQL p50 ${ms(comparison.postgres.p50)} ms` +
        (sameAnswer(comparison) ? '' : ' — THE ENGINES DISAGREE'),
    );
    return comparison;
  };
  const packAll = await compare(
    'weekly pack, all lines',
    () => weeklyPack(chdb, database, allLines),
    () => pgWeeklyPack(pool, schema, allLines),
  );
  const packLine = await compare(
    `weekly pack, ${line}`,
    () => weeklyPack(chdb, database, oneLine),
    () => pgWeeklyPack(pool, schema, oneLine),
  );
  const causeTrend = await compare(
    'root-cause trend',
    () => rootCauseTrends(chdb, database, trend),
    () => pgRootCauseTrends(pool, schema, trend),
  );
  // The last whole quarter and year before the data set ends: three periods each (now, before, a year ago).
  const quarter: ExecutiveReportRequest = { period: '2025-Q4', timeZone: TIME_ZONE };
  const year: ExecutiveReportRequest = { period: '2025', timeZone: TIME_ZONE };
  const execQuarter = await compare(
    'executive report, 2025-Q4',
    () => executiveReport(chdb, database, quarter),
    () => pgExecutiveReport(pool, schema, quarter),
  );
  const execYear = await compare(
    'executive report, 2025',
    () => executiveReport(chdb, database, year),
    () => pgExecutiveReport(pool, schema, year),
  );
  // The largest set of the pack: the week's counted complaints, first page of 50, as the dashboard asks.
  const drill = { metric: 'volume' as const, period: { start: week.start, end: week.end }, pageSize: 50 };
  const drillPage = await compare(
    'drill-down, volume of the week, first page',
    async () => {
      const { members, total, complaintIds } = await drillDown(chdb, database, drill);
      return { members, total, complaintIds };
    },
    () => pgDrillDown(pool, schema, drill),
  );
  const run: SizeRun = { complaints, runs: options.runs, loaded };
  if (complaints >= 10_000 && !(packGoal(complaints, packAll).met && packGoal(complaints, packLine).met)) {
    progress(`${label}: a pack missed its goal; timing each member set alone…`);
    run.profile = await profileMemberSets(engines, week);
  }

  return [
    packFigure(
      run,
      `reports.pack.all_lines.${label}`,
      'weekly pack, all lines',
      `Week ${week.id}, the busiest of the 4 before ${BENCH_END_DAY}: ${formatCount(volume)} counted complaints.`,
      packAll,
    ),
    packFigure(
      run,
      `reports.pack.one_line.${label}`,
      `weekly pack, ${line}`,
      `Week ${week.id}, ${line} (its busiest line): ${formatCount(lineVolume)} counted complaints.`,
      packLine,
    ),
    boundedFigure(
      run,
      `reports.executive.quarter.${label}`,
      `executive report, a quarter (2025-Q4 vs Q3 and 2024-Q4)`,
      GOAL_EXECUTIVE_P50_MS,
      true,
      execQuarter,
    ),
    boundedFigure(
      run,
      `reports.executive.year.${label}`,
      `executive report, a year (2025 vs 2024)`,
      GOAL_EXECUTIVE_P50_MS,
      true,
      execYear,
    ),
    boundedFigure(
      run,
      `reports.drill_down.volume.${label}`,
      `drill-down, first page of the week's volume (${formatCount(volume)} complaints)`,
      GOAL_DRILL_DOWN_P50_MS,
      false,
      drillPage,
    ),
    {
      id: `reports.trend.cause_code.${label}`,
      label: `root-cause trend (cause codes by week, ${TREND_MONTHS} months), ${label} complaints: chDB vs PostgreSQL SQL, p50`,
      value: ms(causeTrend.chdb.p50),
      unit: 'ms',
      baseline: { label: 'PostgreSQL', value: ms(causeTrend.postgres.p50) },
      ratio: causeTrend.postgres.p50 / causeTrend.chdb.p50,
      ...(run.complaints >= GOAL_PACK_SIZE
        ? {
            goal: {
              text: `p50 ≤ ${GOAL_TREND_P50_MS} ms at 1M complaints`,
              met: causeTrend.chdb.p50 <= GOAL_TREND_P50_MS,
            },
          }
        : {}),
      notes: [
        `${trend.from} to ${trend.to}, every line, ${TIME_ZONE}: daily counts over the whole window the ` +
          `spikes' baselines and the previous period need.`,
        ...comparisonNotes(causeTrend),
        conditions(run),
      ].join(' '),
    },
  ];
}

export async function measureReportsChdbVsPostgres(options: ReportsBenchOptions): Promise<BenchResult> {
  const started = process.hrtime.bigint();
  const dir = await mkdtemp(join(tmpdir(), 'bench-reports-'));
  const chdb = await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') });
  const pool = new Pool({
    connectionString: benchDatabaseUrl(),
    connectionTimeoutMillis: 30_000,
    max: 4,
    options: PG_SESSION,
  });
  pool.on('error', () => undefined);
  const figures: BenchFigure[] = [];
  try {
    for (const complaints of options.sizes) {
      const engines: BothEngines = {
        chdb,
        database: `bench_reports_${sizeLabel(complaints).toLowerCase()}`,
        pool,
        schema: freshSchemaName('bench_reports'),
      };
      try {
        await migrate(chdb, engines.database);
        await createReportTables(pool, engines.schema);
        figures.push(...(await measureSize(complaints, options, engines)));
      } finally {
        await dropReportSchema(pool, engines.schema);
        await chdb.command(`DROP DATABASE IF EXISTS ${engines.database} SYNC`);
      }
    }
  } finally {
    await pool.end();
    await chdb.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { measurement: MEASUREMENT, figures, seconds: seconds(started) };
}

export const main = (argv: readonly string[]): Promise<BenchResult> =>
  measureReportsChdbVsPostgres(reportsBenchOptions(argv));

runWhenMain(module, main);
