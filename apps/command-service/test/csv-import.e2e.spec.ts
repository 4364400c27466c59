import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START_POSITION, type RecordedEvent, openLockedPglite } from '@app/event-store';
import { generateApiKey, hashApiKey } from '@app/platform';
import { ERASED, openPersonalDataEventStore } from '@app/privacy';
import { AppProcesses, buildApps, builtApp, freePort } from '../../../test/support/app-process';
import { waitFor } from '../../projector/test/projector.harness';
import { loadCommandServiceConfig } from '../src/config/command-service.config';
import { complaintIdForSource } from '../src/ingress/inbound-message.mapper';

const root = join(__dirname, '..', '..', '..');
const example = (name: string) => join(root, 'examples', 'import', name);
const IMPORT = builtApp('command-service', 'import/main');

type Run = { code: number | null; stdout: string; stderr: string };

/** The import command as a user runs it: the build, in a process of its own, whatever its exit code. */
const runImport = (args: string[], env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [IMPORT, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

/** Every event of the store in DATA_DIR, personal data decrypted, read once the import has let it go. */
const storedEvents = async (dataDir: string): Promise<RecordedEvent[]> => {
  const store = await openPersonalDataEventStore(
    loadCommandServiceConfig({ EVENT_STORE: 'pglite', DATA_DIR: dataDir }),
  );
  try {
    return await store.readAll({ after: START_POSITION, maxCount: 100_000 });
  } finally {
    await store.close();
  }
};

/** The rows of the key table: a key made again for an erased complaint would add one. */
const keyRows = async (dataDir: string): Promise<number> => {
  const { db, lock } = await openLockedPglite(join(dataDir, 'event-store'));
  try {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM personal_data_keys');
    return rows[0]!.n;
  } finally {
    await db.close();
    lock?.release();
  }
};

const externalIdOf = (event: RecordedEvent) =>
  (event.data.source as { externalId?: string } | undefined)?.externalId;

describe('CSV import', () => {
  const dirs: string[] = [];
  const processes = new AppProcesses();
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-import-'));
    dirs.push(dir);
    return dir;
  };
  const env = (dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    DATA_DIR: dataDir,
    EVENT_STORE: 'pglite',
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const legacy = (dataDir: string, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
    runImport(
      [
        example('legacy-export.csv'),
        '--mapping',
        example('legacy-mapping.json'),
        '--report',
        join(dataDir, 'rejects.csv'),
        '--no-progress',
        ...extra,
      ],
      env(dataDir, extraEnv),
    );

  beforeAll(() => buildApps(), 120_000);
  afterAll(async () => {
    await processes.killAll();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('imports each row whole or not at all, names the column and text of each refusal, exits 3, and changes nothing on a second run', async () => {
    const dataDir = fresh();
    const first = await legacy(dataDir);
    expect(first.stdout).toContain(
      'rows: 18, imported: 12 (already present: 1), rejected: 6, events appended: 54',
    );
    expect(first.code).toBe(3);

    const rejects = readFileSync(join(dataDir, 'rejects.csv'), 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('row,externalId,step,column,value,field,reason,code');
    const byId = Object.fromEntries(rejects.slice(1).map((line) => [line.split(',')[1], line]));
    expect(Object.keys(byId).sort()).toEqual([
      'LC-0009',
      'LC-0010',
      'LC-0011',
      'LC-0012',
      'LC-0013',
      'LC-0014',
    ]);
    expect(byId['LC-0009']).toContain(',mapping,受理渠道,传真,columns.channel,');
    expect(byId['LC-0010']).toContain(',投诉类别,包裹被盗,');
    expect(byId['LC-0011']).toContain(',受理时间,2026/02/07 9:00,');
    expect(byId['LC-0011']).toContain('IMPORT.INVALID_DATE');
    expect(byId['LC-0012']).toContain(',closed,结案时间,2026-02-09 10:00,');
    expect(byId['LC-0012']).toContain('CLOSE.NO_FINAL_REPLY');
    expect(byId['LC-0013']).toContain(',投诉内容,,columns.description,is empty,IMPORT.MISSING_VALUE');
    expect(byId['LC-0014']).toContain('IMPORT.DATES_OUT_OF_ORDER');

    const events = await storedEvents(dataDir);
    expect(events).toHaveLength(54);
    // LC-0012 was refused at its closing: nothing of it is stored, not even its registration.
    const lc12 = complaintIdForSource('legacy-crm', 'LC-0012');
    expect(events.filter((e) => e.streamId.endsWith(lc12))).toEqual([]);
    expect(
      events
        .filter((e) => e.type === 'ComplaintRegistered')
        .map(externalIdOf)
        .sort(),
    ).toEqual([
      'LC-0001',
      'LC-0002',
      'LC-0003',
      'LC-0004',
      'LC-0005',
      'LC-0006',
      'LC-0007',
      'LC-0008',
      'LC-0015',
      'LC-0016',
      'LC-0017',
    ]);
    const lc3 = events.filter((e) => e.streamId.endsWith(complaintIdForSource('legacy-crm', 'LC-0003')));
    expect(lc3.map((e) => [e.type, e.metadata.occurredAt])).toEqual([
      ['ComplaintRegistered', '2026-02-03T00:05:00.000Z'],
      ['ComplaintClassified', '2026-02-03T00:05:00.000Z'],
      ['ComplaintAcknowledged', '2026-02-03T00:05:00.000Z'],
      ['FinalReplySent', '2026-02-04T09:20:00.000Z'],
      ['ComplaintClosed', '2026-02-06T02:00:00.000Z'],
      ['ComplaintReopened', '2026-02-10T01:30:00.000Z'],
    ]);

    const second = await legacy(dataDir);
    expect(second.stdout).toContain(
      'rows: 18, imported: 12 (already present: 12), rejected: 6, events appended: 0',
    );
    expect(second.code).toBe(3);
    expect(await storedEvents(dataDir)).toEqual(events);
  });

  it('--check decides every row against the store and stores nothing', async () => {
    const dataDir = fresh();
    const check = await legacy(dataDir, ['--check']);
    expect(check.stdout).toContain(
      'check (nothing stored): rows: 18, imported (would be): 12 (already present: 1), rejected: 6, events appended (would be): 54',
    );
    expect(check.code).toBe(3);
    expect(readFileSync(join(dataDir, 'rejects.csv'), 'utf8')).toContain('CLOSE.NO_FINAL_REPLY');
    expect(await storedEvents(dataDir)).toEqual([]);
  });

  it('refuses before the first row a mapping naming columns the file lacks or codes the taxonomy lacks, storing nothing', async () => {
    const dataDir = fresh();
    const mapping = JSON.parse(readFileSync(example('legacy-mapping.json'), 'utf8'));
    const write = (name: string, content: unknown) => {
      const file = join(dataDir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    };
    const run = (mappingFile: string) =>
      runImport([example('legacy-export.csv'), '--mapping', mappingFile, '--no-progress'], env(dataDir));

    const misspelled = await run(
      write('misspelled.json', { ...mapping, columns: { ...mapping.columns, demand: '客户要求' } }),
    );
    expect(misspelled.code).toBe(2);
    expect(misspelled.stderr).toContain('"客户要求" (columns.demand)');
    expect(misspelled.stderr).toContain('"客户诉求"');

    const unknownCode = await run(
      write('unknown-code.json', {
        ...mapping,
        values: { ...mapping.values, category: { ...mapping.values.category, 丢失: 'item-stolen' } },
      }),
    );
    expect(unknownCode.code).toBe(2);
    expect(unknownCode.stderr).toContain(
      "values.category['丢失'] → 'item-stolen' is not a category of postal",
    );

    const broken = { ...mapping, columns: { ...mapping.columns } };
    delete broken.columns.externalId;
    const incomplete = await run(write('incomplete.json', broken));
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('columns.externalId');
    const notJson = await run(write('not-json.json', '{ "sourceSystem": '));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('Invalid mapping file');
    const usage = await runImport([example('legacy-export.csv')], env(dataDir));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run import');

    expect(await storedEvents(dataDir)).toEqual([]);
  });

  it('leaves no event of a row a decider refuses, and imports it whole once the mapping is corrected', async () => {
    const dataDir = fresh();
    const csv = join(dataDir, 'codes.csv');
    // The category column holds the taxonomy's codes, read as they are: only the decider can refuse one.
    writeFileSync(
      csv,
      [
        'id,received,channel,category,customer,name,what,wants,staff,unit,replied,closed',
        'C-1,2026-02-02 09:00,counter,item-delayed,K1,Wang,late,deliver,A1,branch-1,2026-02-03 09:00,2026-02-04 09:00',
        'C-2,2026-02-02 10:00,counter,item-stolen,K2,Li,gone,find,A1,branch-1,2026-02-03 10:00,2026-02-04 10:00',
        'C-3,2026-02-02 11:00,web,item-lost,K3,Zhao,lost,pay,A2,branch-2,,',
      ].join('\n'),
    );
    const mapping = (category: unknown) => {
      const file = join(dataDir, 'codes-mapping.json');
      writeFileSync(
        file,
        JSON.stringify({
          sourceSystem: 'codes-crm',
          businessLine: 'postal',
          timeZone: 'Asia/Shanghai',
          dateFormat: 'yyyy-MM-dd HH:mm',
          columns: {
            externalId: 'id',
            receivedAt: 'received',
            channel: 'channel',
            category,
            customerReference: 'customer',
            customerName: 'name',
            description: 'what',
            demand: 'wants',
            staffJobNumber: 'staff',
            orgUnit: 'unit',
            repliedAt: 'replied',
            closedAt: 'closed',
          },
        }),
      );
      return file;
    };
    const run = (mappingFile: string) =>
      runImport(
        [csv, '--mapping', mappingFile, '--report', join(dataDir, 'r.csv'), '--no-progress'],
        env(dataDir),
      );

    const first = await run(mapping('category'));
    expect(first.code).toBe(3);
    expect(first.stdout).toContain('rows: 3, imported: 2 (already present: 0), rejected: 1');
    expect(readFileSync(join(dataDir, 'r.csv'), 'utf8')).toContain(
      'C-2,classified,category,item-stolen,payload.category',
    );
    const c2 = complaintIdForSource('codes-crm', 'C-2');
    expect((await storedEvents(dataDir)).filter((e) => e.streamId.endsWith(c2))).toEqual([]);

    const corrected = await run(
      mapping({
        column: 'category',
        values: { 'item-stolen': 'item-lost', 'item-lost': 'item-lost', 'item-delayed': 'item-delayed' },
      }),
    );
    expect(corrected.stdout).toContain('rows: 3, imported: 3 (already present: 2), rejected: 0');
    expect(corrected.code).toBe(0);
    const stored = (await storedEvents(dataDir)).filter((e) => e.streamId.endsWith(c2));
    expect(stored.map((e) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintClassified',
      'ComplaintAcknowledged',
      'FinalReplySent',
      'ComplaintClosed',
    ]);
    expect(stored[1]!.data.category).toBe('item-lost');
  });

  it('never erases what it imports: a re-import past the retention period changes nothing, and says what the sweep will erase', async () => {
    const dataDir = fresh();
    // The regulator example was closed in 2025: well past a 30-day retention.
    const regulator = () =>
      runImport(
        [
          example('regulator-export.csv'),
          '--mapping',
          example('regulator-mapping.json'),
          '--report',
          join(dataDir, 'r.csv'),
          '--no-progress',
        ],
        env(dataDir, { PII_RETENTION_DAYS: '30', PII_SWEEP_INTERVAL_MS: '60000' }),
      );
    const first = await regulator();
    expect(first.code).toBe(3);
    const closedBefore = (first.stdout.match(/(\d+) of the imported complaints were closed before/) ?? [])[1];
    expect(Number(closedBefore)).toBeGreaterThan(40);
    expect(first.stdout).toContain('the import erases nothing');
    const events = await storedEvents(dataDir);
    const names = (list: RecordedEvent[]) =>
      list
        .filter((e) => e.type === 'ComplaintRegistered')
        .map((e) => (e.data.customer as { name: string }).name);
    expect(new Set(names(events))).toEqual(new Set(['Anonymous (regulator export)']));

    const again = await regulator();
    expect(again.stdout).toContain('events appended: 0');
    expect(again.stdout).toContain(`${closedBefore} of the imported complaints were closed before`);
    expect(await storedEvents(dataDir)).toEqual(events);

    // Erasing is explicit, and it says what it erased.
    const sweep = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [builtApp('command-service', 'personal-data/erase-expired')], {
        cwd: root,
        env: { ...process.env, ...env(dataDir, { PII_RETENTION_DAYS: '30' }) },
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.once('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toContain(`erased: ${closedBefore} complaints`);
    expect(sweep.stdout).toMatch(
      new RegExp(
        `erased the personal data of ${closedBefore} complaints closed before \\S+: complaint-[0-9a-f-]{36}, `,
      ),
    );
    const erased = await storedEvents(dataDir);
    expect(names(erased).filter((name) => name === ERASED)).toHaveLength(Number(closedBefore));
    const keysAfterSweep = await keyRows(dataDir);

    // And an import after the sweep appends nothing and makes no new key for what was erased.
    const afterSweep = await regulator();
    expect(afterSweep.stdout).toContain('events appended: 0');
    expect(await storedEvents(dataDir)).toEqual(erased);
    expect(await keyRows(dataDir)).toBe(keysAfterSweep);
  });

  it('refuses a store a running service holds, naming it, goes through the service with --to, and leaves the store whole', async () => {
    const dataDir = fresh();
    const key = generateApiKey();
    const port = await freePort();
    const service = processes.start('command-service', builtApp('command-service'), {
      ...process.env,
      ...env(dataDir),
      PORT: String(port),
      PII_SWEEP_INTERVAL_MS: '0',
      AUTH_API_KEYS: JSON.stringify([{ id: 'legacy-crm', sha256: hashApiKey(key), roles: ['system'] }]),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200,
      'the command service to start',
      60_000,
      100,
    );

    const refused = await legacy(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${service.child.pid}`);
    expect(refused.stderr).toContain('--to');

    const routed = await legacy(dataDir, ['--to', url], { IMPORT_API_KEY: key });
    expect(routed.stdout).toContain(
      'rows: 18, imported: 12 (already present: 1), rejected: 6, events appended: 54',
    );
    expect(routed.stdout).toContain(`into ${url}`);
    expect(routed.code).toBe(3);
    expect(readFileSync(join(dataDir, 'rejects.csv'), 'utf8')).toContain('CLOSE.NO_FINAL_REPLY');
    const wrongKey = await legacy(dataDir, ['--to', url], { IMPORT_API_KEY: generateApiKey() });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('401');

    await service.kill('SIGTERM');
    const events = await storedEvents(dataDir);
    expect(events).toHaveLength(54);
    expect(events.every((e) => e.metadata.actor?.id === 'legacy-crm')).toBe(true);
    const local = await legacy(dataDir);
    expect(local.stdout).toContain('events appended: 0');
  });
});
