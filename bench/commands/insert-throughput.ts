/**
 * Insert throughput into `complaint_events`: N rows in one insert, then the same N in batches.
 * Run with `npm run measure:insert [-- --rows=N --batch=B]`.
 * chDB runs in a temporary data directory removed afterwards; with CLICKHOUSE_URL set the server is
 * measured too, in a database made for the run and dropped after it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnalyticsStore,
  ChdbAnalyticsStore,
  ClickHouseAnalyticsStore,
  type ComplaintEventRow,
  migrate,
  qualified,
} from '@app/analytics';
import { intOption } from '../support/bench-result';

const TYPES = [
  'ComplaintRegistered',
  'ComplaintClassified',
  'ComplaintAcknowledged',
  'FinalReplySent',
  'ComplaintClosed',
];
const LINES = ['postal', 'telecom', 'bank', 'hotel', 'tobacco'];

function rows(count: number, offset: number): ComplaintEventRow[] {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const at = new Date(start + n * 60_000).toISOString();
    return {
      event_id: randomUUID(),
      global_position: String(n + 1),
      stream_id: `complaint-c-${Math.floor(n / TYPES.length)}`,
      stream_revision: n % TYPES.length,
      complaint_id: `c-${Math.floor(n / TYPES.length)}`,
      type: TYPES[n % TYPES.length],
      schema_version: 1,
      occurred_at: at,
      recorded_at: at,
      actor_id: `S${1000 + (n % 50)}`,
      business_line: LINES[n % LINES.length],
      channel: 'counter',
      org_unit: `branch-${n % 40}`,
      category: n % TYPES.length === 0 ? null : 'item-delayed',
      severity: n % TYPES.length === 0 ? null : 'minor',
      escalation_level: null,
      deadline_at: null,
      on_time: n % TYPES.length === 3 ? 1 : null,
      amount: null,
    };
  });
}

async function measure(name: string, store: AnalyticsStore, database: string, total: number, batch: number) {
  await migrate(store, database);
  const table = qualified(database, 'complaint_events');
  const single = rows(total, 0);
  let started = process.hrtime.bigint();
  await store.insert(table, single);
  const oneInsert = Number(process.hrtime.bigint() - started) / 1e9;

  const batched = rows(total, total);
  started = process.hrtime.bigint();
  for (let i = 0; i < batched.length; i += batch) await store.insert(table, batched.slice(i, i + batch));
  const batches = Number(process.hrtime.bigint() - started) / 1e9;

  const [{ n }] = await store.query<{ n: string }>(`SELECT count() AS n FROM ${table} FINAL`);
  if (Number(n) !== 2 * total) throw new Error(`${name}: expected ${2 * total} rows, found ${n}`);
  const rate = (seconds: number) => `${Math.round(total / seconds).toLocaleString('en')} rows/s`;
  process.stdout.write(
    `${name}: ${total} rows in one insert ${oneInsert.toFixed(2)} s (${rate(oneInsert)}); ` +
      `in batches of ${batch} ${batches.toFixed(2)} s (${rate(batches)})\n`,
  );
}

async function main(): Promise<void> {
  const total = intOption('rows', 100_000);
  const batch = intOption('batch', 10_000);
  const dir = await mkdtemp(join(tmpdir(), 'analytics-measure-'));
  const database = `measure_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  try {
    const chdb = await ChdbAnalyticsStore.open({ dataDir: join(dir, 'chdb') });
    try {
      await measure('chdb', chdb, database, total, batch);
    } finally {
      await chdb.close();
    }
    const url = process.env.CLICKHOUSE_URL;
    if (url) {
      const server = await ClickHouseAnalyticsStore.connect({ url });
      try {
        await measure('clickhouse', server, database, total, batch);
      } finally {
        await server.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
        await server.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
