/**
 * Report latency on a large data set: complaint histories made by the domain's deciders are projected
 * into a fresh chDB database (the projector's own batch path), then the weekly pack and a drill-down are
 * timed on a busy week, all business lines and one, median and p90 of several runs after a warm-up.
 *
 *   npm run measure:reports [-- --complaints=100000 --runs=7]
 *
 * Runs in a temporary directory, removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { DateTime } from 'luxon';
import { ChdbAnalyticsStore, hmacCustomerKey, migrate } from '@app/analytics';
import { drillDown } from '@app/analytics/kpi/drill-down';
import { countMemberSets, MEMBER_SETS, parseIsoWeek, scopeParams, UNSCOPED } from '@app/analytics/kpi/shared';
import { weeklyPack } from '@app/analytics/kpi/weekly-pack';
import { generateComplaintLog, recordLog } from '../../apps/seeder/src/generator/complaint-log';
import { BatchProjector } from '../../apps/projector/src/project-events/batch-projector';
import { StreamStateCache } from '../../apps/projector/src/project-events/stream-state-cache';
import { intOption, timed } from '../support/bench-result';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const complaints = intOption('complaints', 100_000);
  const runs = intOption('runs', 7);
  const dir = await mkdtemp(join(tmpdir(), 'report-measure-'));
  const store = await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') });
  const database = 'measure_reports';
  try {
    out(`Generating ${complaints.toLocaleString('en-US')} complaint histories with the deciders…`);
    const log = generateComplaintLog({ complaints, seed: 7 });
    const events = recordLog(log);
    out(`${events.length.toLocaleString('en-US')} events; projecting into chDB…`);
    await migrate(store, database);
    const projector = new BatchProjector(
      store,
      database,
      { customerKey: hmacCustomerKey('measure-reports-secret') },
      new StreamStateCache(complaints * 2),
      { tablesStartEmpty: true },
    );
    const bar = new SingleBar({ format: 'projecting {bar} {percentage}% {value}/{total} events' });
    bar.start(events.length, 0);
    const batch = 5_000;
    for (let i = 0; i < events.length; i += batch) {
      await projector.project(events.slice(i, i + batch));
      bar.update(Math.min(events.length, i + batch));
    }
    bar.stop();

    // A busy week: the one three quarters into the generated span.
    const first = Date.parse(events[0].metadata.occurredAt);
    const last = Date.parse(events[events.length - 1].metadata.occurredAt);
    const week = DateTime.fromMillis(first + 0.75 * (last - first), { zone: 'Asia/Shanghai' }).toFormat(
      "kkkk-'W'WW",
    );
    const period = parseIsoWeek(week);
    const pack = await weeklyPack(store, database, { week });
    out(
      `Week ${week}: volume ${pack.volume.count}, ${pack.rootCausePareto.length} cause rows, ${pack.overdueOpen.total} overdue open`,
    );
    const results: [string, { p50: number; p90: number }][] = [
      ['weekly pack, all lines', await timed(runs, () => weeklyPack(store, database, { week }))],
      [
        'weekly pack, postal',
        await timed(runs, () => weeklyPack(store, database, { week, businessLine: 'postal' })),
      ],
      [
        'drill-down, volume page 1',
        await timed(runs, () => drillDown(store, database, { metric: 'volume', period })),
      ],
    ];
    if (process.argv.includes('--profile')) {
      // Each KPI's member set counted alone, to see where the pack's time goes.
      const params = {
        start: period.start,
        end: period.end,
        businessLine: null,
        orgUnit: null,
        ...scopeParams(UNSCOPED),
      };
      for (const set of MEMBER_SETS) {
        const { p50 } = await timed(3, () => countMemberSets(store, database, [{ name: 'x', set }], params));
        out(`  set ${set.padEnd(28)} ${p50.toFixed(0).padStart(6)} ms`);
      }
    }
    out(
      `\n${complaints.toLocaleString('en-US')} complaints, ${events.length.toLocaleString('en-US')} events, chDB in process, ${runs} runs after a warm-up`,
    );
    out('| report | p50 ms | p90 ms |\n|---|---:|---:|');
    for (const [name, { p50, p90 }] of results) out(`| ${name} | ${p50.toFixed(0)} | ${p90.toFixed(0)} |`);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
