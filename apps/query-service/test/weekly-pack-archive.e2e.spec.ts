import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ANALYST, bearer } from '@app/platform/auth/test-support';
import { projectBatch, resetAnalyticsDatabase, writeRows } from '@app/analytics';
import { ctx } from '@app/analytics/test-support/projection-fixtures';
import { EventLog } from '@app/analytics/test-support/event-log';
import { complaint } from '@app/analytics/kpi/shared/test-support/scenario-builders';
import {
  scenarioActions,
  scenarioEvents,
} from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { InProcessLeases, PgliteEventStore, type RecordedEvent, START_POSITION } from '@app/event-store';
import { WEEKLY_PACK_ARCHIVE_STREAM_PREFIX } from '@app/complaints';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { PACK_ARCHIVE_LEASE, WeeklyPackArchiver } from '../src/query-service.module';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../src/config/query-service.config';
import { type WeeklyPackReport } from '../src/reports/weekly-pack/get-weekly-pack.query';
import { type ArchivedPackReport, type ArchiveList } from '../src/reports/archive/archive.queries';

// The hand-built scenario of the weekly pack (2026-W10, Asia/Shanghai): postal volume 8, branch-7 has 2.
// Archived on Monday 9 March 08:00 in Shanghai (00:00 UTC); then k02 is flagged abnormal (a correction):
// the live volume drops to 7, the archive keeps 8, and a rebuild of the read model replays the same archive.
const ARCHIVED_AT = new Date('2026-03-09T00:00:00.000Z');
const CORRECTION = complaint('k02').flaggedAbnormal('2026-03-10T09:00:00.000Z');
const binary = (res: NodeJS.ReadableStream, callback: (error: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
const BRANCH_7 = bearer({ roles: ['analyst'], orgUnits: ['branch-7'], ttlSeconds: 3600 });

describe('query service: the weekly pack archive', () => {
  let service: QueryServiceUnderTest;
  let store: PgliteEventStore;
  const http = () => service.as(ANALYST);

  const archiveEvents = async (): Promise<RecordedEvent[]> =>
    (await store.readAll({ after: START_POSITION, maxCount: 10_000 })).filter((event) =>
      event.streamId.startsWith(WEEKLY_PACK_ARCHIVE_STREAM_PREFIX),
    );

  /** Drops every analytics table and projects the whole log again, as `npm run rebuild` does. */
  const rebuild = async (complaintEvents: RecordedEvent[]) => {
    await resetAnalyticsDatabase(service.db.store, service.db.database);
    const log = [...complaintEvents, ...(await archiveEvents())];
    await writeRows(service.db.store, service.db.database, projectBatch(log, ctx).rows);
  };

  const archivedPack = async (orgUnit?: string) =>
    http()
      .get('/reports/archive/pack')
      .query({ week: '2026-W10', businessLine: 'postal', ...(orgUnit ? { orgUnit } : {}) });

  beforeAll(async () => {
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
    const events = new EventLog().recordAll([...scenarioEvents(), ...scenarioActions()]);
    service = await startQueryService('archive', events, {}, undefined, { archive: { eventStore: store } });
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
  });

  it('archives the whole line and each receiving unit once, as events in the store', async () => {
    const archiver = service.app.get(WeeklyPackArchiver);
    const run = await archiver.archiveWeek('2026-W10', ARCHIVED_AT);
    expect(run.archived).toEqual(expect.arrayContaining(['postal.2026-W10.*', 'postal.2026-W10.branch-7']));
    expect(run.existing).toEqual([]);
    const again = await archiver.archiveWeek('2026-W10', new Date('2026-03-09T01:00:00.000Z'));
    expect(again.archived).toEqual([]);
    expect(again.existing.sort()).toEqual([...run.archived].sort());
    const recorded = await archiveEvents();
    expect(recorded).toHaveLength(run.archived.length);
    expect(recorded.every((event) => event.type === 'WeeklyPackArchived')).toBe(true);
    await writeRows(service.db.store, service.db.database, projectBatch(recorded, ctx).rows);
  });

  it('archives on the schedule from one process only: the holder of the lease', async () => {
    const config = service.app.get<QueryServiceConfig>(QUERY_SERVICE_CONFIG);
    const leases = new InProcessLeases();
    // Monday 16 March, 08:00 in Shanghai: 2026-W11 is due.
    const clock = () => new Date('2026-03-16T00:00:00.000Z');
    const [first, second] = [1, 2].map(
      () => new WeeklyPackArchiver(service.db.store, store, leases.lease(PACK_ARCHIVE_LEASE), config, clock),
    );
    const early = new WeeklyPackArchiver(
      service.db.store,
      store,
      new InProcessLeases().lease(PACK_ARCHIVE_LEASE),
      config,
      () => new Date('2026-03-15T23:59:00.000Z'),
    );
    expect((await early.check())?.week).toBe('2026-W10');
    expect((await early.check())?.archived).toBeUndefined();
    const run = await first.check();
    expect(run?.week).toBe('2026-W11');
    expect(run?.archived).toContain('postal.2026-W11.*');
    expect(await second.check()).toBeUndefined();
    await first.onApplicationShutdown();
    // Once the holder lets go, the other takes over and finds every pack archived.
    expect(await second.check()).toMatchObject({ week: '2026-W11', archived: [] });
  });

  it('lists the archived packs, newest first, with when and under which definitions', async () => {
    const response = await http().get('/reports/archive').query({ businessLine: 'postal' });
    expect(response.status).toBe(200);
    const { archives } = response.body as ArchiveList;
    expect(archives.map((each) => each.week)).toEqual(
      [...archives.map((each) => each.week)].sort().reverse(),
    );
    expect(archives.find((each) => each.orgUnit === null && each.week === '2026-W10')).toEqual({
      archiveId: 'postal.2026-W10.*',
      businessLine: 'postal',
      week: '2026-W10',
      orgUnit: null,
      timeZone: 'Asia/Shanghai',
      definitionsVersion: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
      generatedAt: ARCHIVED_AT.toISOString(),
    });
    expect(archives.map((each) => each.orgUnit)).toContain('branch-7');
    const other = await http().get('/reports/archive').query({ businessLine: 'postal', from: '2026-W12' });
    expect((other.body as ArchiveList).archives).toEqual([]);
  });

  it('serves the frozen figures, equal to the live pack while nothing changed', async () => {
    const archived = await archivedPack();
    expect(archived.status).toBe(200);
    const { archive, currentDefinitionsVersion } = archived.body as ArchivedPackReport;
    expect(archive.definitionsVersion).toBe(currentDefinitionsVersion);
    expect(archive.pack.volume).toMatchObject({ count: 8, abnormal: 1 });
    const live = await http().get('/reports/weekly-pack').query({ week: '2026-W10', businessLine: 'postal' });
    const report = live.body as WeeklyPackReport;
    expect(archive.pack).toEqual(report.pack);
    expect(report.archive).toMatchObject({ archiveId: 'postal.2026-W10.*', differs: false, differences: [] });
  });

  it('keeps the archive after a correction and a rebuild, and the page is told the live figures differ', async () => {
    const before = (await archivedPack()).body as ArchivedPackReport;
    const corrected = new EventLog().recordAll([...scenarioEvents(), ...scenarioActions(), CORRECTION]);
    await rebuild(corrected);

    const after = await archivedPack();
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);

    const live = await http().get('/reports/weekly-pack').query({ week: '2026-W10', businessLine: 'postal' });
    const report = live.body as WeeklyPackReport;
    expect(report.pack.volume).toMatchObject({ count: 7, abnormal: 2 });
    expect(report.archive).toMatchObject({ differs: true, generatedAt: ARCHIVED_AT.toISOString() });
    expect(report.archive?.differences).toEqual(expect.arrayContaining(['volume.count', 'volume.abnormal']));
    expect(report.archive?.differenceCount).toBeGreaterThanOrEqual(report.archive!.differences.length);
    // A week without an archive says so.
    const unarchived = await http()
      .get('/reports/weekly-pack')
      .query({ week: '2026-W09', businessLine: 'postal' });
    expect((unarchived.body as WeeklyPackReport).archive).toBeNull();
  });

  it("serves a unit's archive to that unit's reader, and the whole line's to none of them", async () => {
    const list = await service.as(BRANCH_7).get('/reports/archive');
    expect(list.status).toBe(200);
    const visible = (list.body as ArchiveList).archives;
    expect(visible.map((each) => each.archiveId)).toContain('postal.2026-W10.branch-7');
    expect(visible.every((each) => each.orgUnit === 'branch-7')).toBe(true);

    const own = await service
      .as(BRANCH_7)
      .get('/reports/archive/pack')
      .query({ week: '2026-W10', businessLine: 'postal', orgUnit: 'branch-7' });
    expect(own.status).toBe(200);
    expect((own.body as ArchivedPackReport).archive.pack.volume.count).toBe(2);

    const whole = await service
      .as(BRANCH_7)
      .get('/reports/archive/pack')
      .query({ week: '2026-W10', businessLine: 'postal' });
    const missing = await http()
      .get('/reports/archive/pack')
      .query({ week: '2026-W01', businessLine: 'postal' });
    expect(whole.status).toBe(404);
    expect(missing.status).toBe(404);
    const { requestId: _one, ...notYours } = whole.body as Record<string, unknown>;
    const { requestId: _other, ...notThere } = missing.body as Record<string, unknown>;
    expect(notYours).toEqual(notThere);
    expect(whole.body).toMatchObject({ code: 'ARCHIVE.NOT_FOUND' });

    const foreign = await service
      .as(BRANCH_7)
      .get('/reports/archive/pack')
      .query({ week: '2026-W10', businessLine: 'postal', orgUnit: 'branch-12' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });

    // The unit's reader is told its unit's archive differs, compared with the unit's figures read unscoped.
    const live = await service
      .as(BRANCH_7)
      .get('/reports/weekly-pack')
      .query({ week: '2026-W10', businessLine: 'postal', orgUnit: 'branch-7' });
    expect((live.body as WeeklyPackReport).archive).toMatchObject({
      archiveId: 'postal.2026-W10.branch-7',
      differs: false,
    });
  });

  it('refuses bad parameters with the field, the reason and a stable code', async () => {
    const cases: [string, Record<string, string>, string, string][] = [
      ['/reports/archive/pack', { week: '2026-10', businessLine: 'postal' }, 'week', 'QUERY.INVALID_WEEK'],
      ['/reports/archive/pack', { week: '2026-W10' }, 'businessLine', 'QUERY.REQUIRED'],
      [
        '/reports/archive/pack',
        { week: '2026-W10', businessLine: 'Postal!' },
        'businessLine',
        'QUERY.INVALID_BUSINESS_LINE',
      ],
      ['/reports/archive', { from: 'last week' }, 'from', 'QUERY.INVALID_WEEK'],
      ['/reports/archive', { sort: 'week' }, 'sort', 'QUERY.UNKNOWN_PARAMETER'],
      [
        '/reports/archive/pack.pdf',
        { week: '2026-W10', businessLine: 'postal', lang: 'fr' },
        'lang',
        'QUERY.INVALID_LANGUAGE',
      ],
    ];
    for (const [path, query, field, code] of cases) {
      const response = await http().get(path).query(query);
      expect({ path, query, status: response.status }).toEqual({ path, query, status: 400 });
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, code })]),
      );
    }
    expect((await service.as({}).get('/reports/archive')).status).toBe(401);
  });

  it('renders the frozen figures, not the live ones, as PDF and as a workbook', async () => {
    const { archive } = (await archivedPack()).body as ArchivedPackReport;
    const query = { week: '2026-W10', businessLine: 'postal', lang: 'en' };
    const pdf = await http()
      .get('/reports/archive/pack.pdf')
      .query(query)
      .buffer(true)
      .parse(binary as never);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'pack-archive-'));
    try {
      const file = join(dir, 'archive.pdf');
      writeFileSync(file, pdf.body as Buffer);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const lines = text.split('\n');
      const shown = (kpi: string, measure: string, value: number) =>
        lines.some((line) => new RegExp(`\\(${kpi}\\)\\s+${measure}\\s+${value}\\s*$`).test(line));
      // The archive's volume (8), not the corrected live one (7).
      expect(archive.pack.volume.count).toBe(8);
      expect(shown('volume', 'count', 8)).toBe(true);
      expect(shown('volume', 'count', 7)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const xlsx = await http()
      .get('/reports/archive/pack.xlsx')
      .query(query)
      .buffer(true)
      .parse(binary as never);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const cells = workbook.worksheets.flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
    );
    expect(cells).toContain('8');
  });
});
