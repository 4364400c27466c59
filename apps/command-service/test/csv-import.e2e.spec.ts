import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EventStore, START_POSITION, createEventStore } from '@app/event-store';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');
const example = (name: string) => join(root, 'examples', 'import', name);

/** The import command as a user runs it (built, then a separate process), on the example export. */
describe('CSV import of the example export', () => {
  let dataDir: string;
  let report: string;
  const importOnce = () =>
    run(
      'node',
      [
        join(root, 'dist/apps/command-service/src/import/main.js'),
        example('legacy-export.csv'),
        '--mapping',
        example('legacy-mapping.json'),
        '--report',
        report,
      ],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'pglite', LOG_LEVEL: 'silent' },
      },
    );
  const storedEvents = async () => {
    const store: EventStore = await createEventStore({
      kind: 'pglite',
      dataDir: join(dataDir, 'event-store'),
    });
    try {
      return await store.readAll({ after: START_POSITION, maxCount: 10_000 });
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    await run('npm', ['run', 'build', '--silent'], { cwd: root });
    dataDir = mkdtempSync(join(tmpdir(), 'csv-import-'));
    report = join(dataDir, 'rejects.csv');
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports each row’s history, reports rejected rows with reasons, and changes nothing on a second run', async () => {
    const first = await importOnce();
    expect(first.stdout).toContain(
      'rows: 18, imported: 12, rejected: 6, steps appended: 57, already present: 5',
    );
    expect(first.stderr).toMatch(/import \[.*\] 100%/);

    const rejects = readFileSync(report, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('row,externalId,step,field,reason,code');
    const byId = Object.fromEntries(rejects.slice(1).map((line) => [line.split(',')[1], line]));
    expect(Object.keys(byId).sort()).toEqual([
      'LC-0009',
      'LC-0010',
      'LC-0011',
      'LC-0012',
      'LC-0013',
      'LC-0014',
    ]);
    expect(byId['LC-0009']).toContain('受理渠道');
    expect(byId['LC-0009']).toContain('IMPORT.UNMAPPED_VALUE');
    expect(byId['LC-0010']).toContain('IMPORT.UNMAPPED_VALUE');
    expect(byId['LC-0011']).toContain('IMPORT.INVALID_DATE');
    expect(byId['LC-0012']).toContain(',closed,');
    expect(byId['LC-0012']).toContain('CLOSE.NO_FINAL_REPLY');
    expect(byId['LC-0013']).toContain('IMPORT.MISSING_VALUE');
    expect(byId['LC-0014']).toContain('IMPORT.DATES_OUT_OF_ORDER');

    const events = await storedEvents();
    expect(events).toHaveLength(57);
    expect(events.filter((e) => e.type === 'ComplaintRegistered')).toHaveLength(12);
    expect(events.filter((e) => e.type === 'ComplaintReopened')).toHaveLength(2);
    const lc3 = events.filter(
      (e) =>
        e.streamId ===
        events.find((x) => (x.data.source as { externalId?: string } | undefined)?.externalId === 'LC-0003')
          ?.streamId,
    );
    expect(lc3.map((e) => [e.type, e.metadata.occurredAt])).toEqual([
      ['ComplaintRegistered', '2026-02-03T00:05:00.000Z'],
      ['ComplaintClassified', '2026-02-03T00:05:00.000Z'],
      ['ComplaintAcknowledged', '2026-02-03T00:05:00.000Z'],
      ['FinalReplySent', '2026-02-04T09:20:00.000Z'],
      ['ComplaintClosed', '2026-02-06T02:00:00.000Z'],
      ['ComplaintReopened', '2026-02-10T01:30:00.000Z'],
    ]);

    const second = await importOnce();
    expect(second.stdout).toContain(
      'rows: 18, imported: 12, rejected: 6, steps appended: 0, already present: 62',
    );
    expect(await storedEvents()).toHaveLength(57);
  });

  it('refuses a broken mapping file with the field that is wrong', async () => {
    const mapping = JSON.parse(readFileSync(example('legacy-mapping.json'), 'utf8'));
    delete mapping.columns.externalId;
    const broken = join(dataDir, 'broken-mapping.json');
    writeFileSync(broken, JSON.stringify(mapping));
    await expect(
      run(
        'node',
        [
          join(root, 'dist/apps/command-service/src/import/main.js'),
          example('legacy-export.csv'),
          '--mapping',
          broken,
        ],
        {
          cwd: root,
          env: { ...process.env, DATA_DIR: dataDir },
        },
      ),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('columns.externalId') });
    await expect(
      run(
        'node',
        [join(root, 'dist/apps/command-service/src/import/main.js'), example('legacy-export.csv')],
        { cwd: root },
      ),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run import') });
  });
});
