import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { hmacCustomerKey } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { executiveReport } from '@app/analytics/kpi/executive';
import { weeklyPack } from '@app/analytics/kpi/weekly-pack';
import { PgliteEventStore } from '@app/event-store';
import { buildApps, builtApp } from '../../../test/support/app-process';
import { rebuildAnalytics } from '../../projector/src/rebuild/rebuild-analytics';

const root = join(__dirname, '..', '..', '..');
const example = (name: string) => join(root, 'examples', 'import', name);
const ZONE = 'America/New_York';
const SECRET = 'regulator-import-test-customer-secret';

type Row = Record<string, string>;
type Counts = Record<string, number>;

/**
 * The regulator example as the file says it, counted here without the import's code: which rows are
 * complaints the mapping can take (a known product and issue, not closed before received), their days,
 * and the mapping's own vocabulary for channels, categories and statuses.
 */
const fromFile = () => {
  const mapping = JSON.parse(readFileSync(example('regulator-mapping.json'), 'utf8'));
  const rows = parse(readFileSync(example('regulator-export.csv')), { columns: true }) as Row[];
  const day = (text: string) =>
    (text.includes('/') ? DateTime.fromFormat(text, 'MM/dd/yy') : DateTime.fromISO(text)).toISODate()!;
  const categoryOf = (row: Row): string | undefined =>
    mapping.columns.category.values[`${row.Product} | ${row.Issue}`];
  const closedStatus = (row: Row) => mapping.status.values[row['Company response to consumer']!] === 'closed';
  const complaints = rows
    .filter((row) => categoryOf(row) !== undefined)
    .filter((row) => !closedStatus(row) || day(row['Date closed']!) >= day(row['Date received']!))
    .map((row) => ({
      received: day(row['Date received']!),
      closed: closedStatus(row) ? day(row['Date closed']!) : undefined,
      channel: mapping.columns.channel.values[row['Submitted via']!] as string,
      category: categoryOf(row)!,
      company: row.Company!,
      disputed: row['Consumer disputed?'],
      timely: row['Timely response?'],
    }));
  return { rows, complaints };
};

const tally = (values: readonly string[]): Counts => {
  const counts: Counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};
const isoWeek = (date: string) => DateTime.fromISO(date).toFormat("kkkk-'W'WW");
const month = (date: string) => date.slice(0, 7);
const quarter = (date: string) => `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;

describe('the regulator example imported: every week, month and quarter as the file says', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regulator-import-'));
  let db: ChdbTestDatabase;
  const { rows, complaints } = fromFile();
  let stdout = '';
  let code: number | null = null;

  beforeAll(async () => {
    await buildApps();
    ({ stdout, code } = await new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          builtApp('command-service', 'import/main'),
          example('regulator-export.csv'),
          '--mapping',
          example('regulator-mapping.json'),
          '--report',
          join(dataDir, 'rejects.csv'),
          '--no-progress',
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            EVENT_STORE: 'pglite',
            REPORTING_TIME_ZONE: ZONE,
            CUSTOMER_KEY_SECRET: SECRET,
            LOG_LEVEL: 'silent',
          },
        },
      );
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.once('error', reject);
      child.once('close', (exit) => resolve({ stdout: out, code: exit }));
    }));
    const store = await PgliteEventStore.open({ dataDir: join(dataDir, 'event-store') });
    db = await openChdbTestDatabase('regulator');
    try {
      await rebuildAnalytics({
        store,
        analytics: db.store,
        database: db.database,
        context: { customerKey: hmacCustomerKey(SECRET) },
        batchSize: 500,
        cacheSize: 1_000,
        checkpointName: 'projector',
      });
    } finally {
      await store.close();
    }
  }, 180_000);

  afterAll(async () => {
    await db?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports every row the mapping can take and refuses the two it cannot, with a non-zero exit', () => {
    expect(complaints).toHaveLength(rows.length - 2);
    expect(stdout).toContain(
      `rows: ${rows.length}, imported: ${complaints.length} (already present: 0), rejected: 2`,
    );
    expect(code).toBe(3);
    const rejects = readFileSync(join(dataDir, 'rejects.csv'), 'utf8');
    expect(rejects).toContain(
      '7103801,mapping,Product+Issue,Student loan | Dealing with your lender or servicer',
    );
    expect(rejects).toContain('7104290,mapping,Date closed,2025-03-11,replied,');
  });

  it('counts each ISO week by channel, category and company, and its closings and disputes', async () => {
    const weeks = [
      ...new Set(complaints.flatMap((c) => [c.received, ...(c.closed ? [c.closed] : [])]).map(isoWeek)),
    ].sort();
    expect(weeks.length).toBeGreaterThan(12);
    for (const week of weeks) {
      const pack = await weeklyPack(db.store, db.database, { week, timeZone: ZONE });
      const received = complaints.filter((c) => isoWeek(c.received) === week);
      const closed = complaints.filter((c) => c.closed && isoWeek(c.closed) === week);
      const followedUp = closed.filter((c) => c.disputed === 'Yes' || c.disputed === 'No');
      const counts = (list: { key: string; count: number }[]) =>
        Object.fromEntries(list.map(({ key, count }) => [key, count]));
      expect([week, pack.volume.count]).toEqual([week, received.length]);
      expect(counts(pack.breakdowns.channel)).toEqual(tally(received.map((c) => c.channel)));
      expect(counts(pack.breakdowns.category)).toEqual(tally(received.map((c) => c.category)));
      expect(counts(pack.breakdowns.orgUnit)).toEqual(tally(received.map((c) => c.company)));
      expect([week, pack.followUpRate.denominator, pack.followUpRate.numerator]).toEqual([
        week,
        closed.length,
        followedUp.length,
      ]);
      const answers = Object.fromEntries(
        pack.satisfaction.answers.result
          .filter(({ count }) => count > 0)
          .map(({ answer, count }) => [answer, count]),
      );
      expect(answers).toEqual(
        tally(followedUp.map((c) => (c.disputed === 'Yes' ? 'dissatisfied' : 'satisfied'))),
      );
      const timeliness = Object.fromEntries(
        pack.satisfaction.answers.timeliness
          .filter(({ count }) => count > 0)
          .map(({ answer, count }) => [answer, count]),
      );
      expect(timeliness).toEqual(tally(followedUp.map((c) => (c.timely === 'Yes' ? 'timely' : 'late'))));
    }
  });

  it('counts each month and quarter: volume, closings and follow-ups', async () => {
    for (const [periodOf, label] of [
      [month, 'month'],
      [quarter, 'quarter'],
    ] as const) {
      const periods = [...new Set(complaints.map((c) => periodOf(c.received)))].sort();
      expect(periods.length).toBeGreaterThan(label === 'month' ? 3 : 1);
      for (const period of periods) {
        const { kpis } = await executiveReport(db.store, db.database, { period, timeZone: ZONE });
        const closed = complaints.filter((c) => c.closed && periodOf(c.closed) === period);
        expect([period, kpis.volume.current]).toEqual([
          period,
          complaints.filter((c) => periodOf(c.received) === period).length,
        ]);
        expect([period, kpis.followUpRate.current.denominator]).toEqual([period, closed.length]);
        expect([period, kpis.followUps.current]).toEqual([
          period,
          closed.filter((c) => c.disputed === 'Yes' || c.disputed === 'No').length,
        ]);
      }
    }
  });
});
