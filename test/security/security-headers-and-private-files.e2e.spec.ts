import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ANALYST, TEST_AUTH_ENV } from '@app/platform/auth/test-support';
import {
  type AppProcess,
  AppProcesses,
  REPO_ROOT,
  assertRunning,
  buildApps,
  builtApp,
  freePort,
} from '../support/app-process';

const run = promisify(execFile);

/** Every directory and file under `dir` that anyone but its owner may read, write or enter. */
const looseEntries = (dir: string): string[] => {
  const loose: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) loose.push(`${path} 0${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return loose;
};

/** Entries under `dir`, to show that a check looked at something. */
const entryCount = (dir: string): number => readdirSync(dir, { recursive: true }).length;

type Answer = { status: number; headers: Headers };

const get = async (base: string, path: string, init: RequestInit = {}): Promise<Answer> => {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
};

/** What every answer of every service carries; `cache` is what its Cache-Control must say. */
const expectSecurityHeaders = (what: string, { status, headers }: Answer, cache = /^no-store$/) => {
  const seen = {
    what,
    status,
    poweredBy: headers.get('x-powered-by'),
    nosniff: headers.get('x-content-type-options'),
    frames: headers.get('x-frame-options'),
    framedBy: /frame-ancestors 'none'/.test(headers.get('content-security-policy') ?? ''),
    referrer: headers.get('referrer-policy') !== null,
    hsts: headers.get('strict-transport-security') !== null,
    cache: cache.test(headers.get('cache-control') ?? ''),
  };
  expect(seen).toEqual({
    what,
    status,
    poweredBy: null,
    nosniff: 'nosniff',
    frames: 'DENY',
    framedBy: true,
    referrer: true,
    hsts: true,
    cache: true,
  });
};

const waitUntilAnswering = async (app: AppProcess, base: string): Promise<void> => {
  // Five services start at once, on 2 cores beside the rest of the suite.
  const deadline = Date.now() + 180_000;
  for (;;) {
    assertRunning(app);
    try {
      await get(base, '/health');
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${app.name} did not answer; its output:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};

const isJsonObject = (line: string): boolean => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
};

describe('security class 8: security headers and private files', () => {
  const processes = new AppProcesses();
  const root = mkdtempSync(join(tmpdir(), 'class-8-'));
  // Services under test get no Kafka unless they need one, and the test tokens' secret.
  const { KAFKA_BROKERS: brokers, ...baseEnv } = process.env;
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...baseEnv,
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const dir = (name: string) => join(root, name);

  beforeAll(async () => {
    await buildApps();
  }, 120_000);

  afterAll(async () => {
    await processes.killAll();
    rmSync(root, { recursive: true, force: true });
  });

  it('every HTTP service sends the security headers, and writes its data directory for its owner alone', async () => {
    const servers: { name: string; app: AppProcess; base: string; protectedPath: string; data: string }[] =
      [];
    const start = async (name: string, script: string, data: string, protectedPath: string, extra = {}) => {
      const port = await freePort();
      const app = processes.start(name, script, env({ PORT: String(port), HOST: '127.0.0.1', ...extra }));
      const base = `http://127.0.0.1:${port}`;
      await waitUntilAnswering(app, base);
      return { name, app, base, protectedPath, data };
    };
    // Started side by side (each has its own port and data directory), listed in this order.
    servers.push(
      ...(await Promise.all([
        // The standalone process makes its own credentials in DATA_DIR on a first run.
        start('standalone', builtApp('standalone'), dir('standalone'), '/taxonomy', {
          DATA_DIR: dir('standalone'),
          SEED_DEMO: 'false',
        }),
        start('command-service', builtApp('command-service'), dir('command'), '/taxonomy', {
          ...TEST_AUTH_ENV,
          EVENT_STORE: 'pglite',
          DATA_DIR: dir('command'),
        }),
        start('query-service', builtApp('query-service'), dir('query'), '/reports/labels', {
          ...TEST_AUTH_ENV,
          CHDB_DATA_DIR: join(dir('query'), 'chdb'),
        }),
        start('projector', builtApp('projector'), dir('projector'), '/metrics', {
          ...TEST_AUTH_ENV,
          PROJECTOR_FEED: 'store',
          EVENT_STORE: 'pglite',
          DATA_DIR: dir('projector'),
        }),
        start('relay', builtApp('relay'), dir('relay'), '/metrics', {
          ...TEST_AUTH_ENV,
          EVENT_STORE: 'pglite',
          DATA_DIR: dir('relay'),
          KAFKA_BROKERS: brokers ?? '',
          KAFKA_EVENTS_TOPIC: `class-8-${Date.now()}`,
        }),
      ])),
    );

    // One logger per process: with its output not a terminal, every line a service writes, from its first
    // (the standalone's own start-up lines included), is one JSON object.
    for (const { name, app } of servers) {
      const notJson = app
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '' && !isJsonObject(line));
      expect({ name, notJson }).toEqual({ name, notJson: [] });
    }
    // A first start on the embedded defaults warns about nothing: what it generates for itself (secrets,
    // the admin key) is its documented default, said at info level.
    const standalone = servers.find((s) => s.name === 'standalone')!;
    const warnings = standalone.app
      .output()
      .split('\n')
      .filter((line) => isJsonObject(line) && Number((JSON.parse(line) as { level?: unknown }).level) >= 40);
    expect(warnings).toEqual([]);
    for (const { name, base, protectedPath } of servers) {
      expectSecurityHeaders(`${name} /health`, await get(base, '/health'), /no-store/);
      expectSecurityHeaders(`${name} ${protectedPath} without credential`, await get(base, protectedPath));
      expectSecurityHeaders(`${name} unknown route`, await get(base, '/no-such-route'));
    }
    for (const { name, base } of servers.filter((s) => ['standalone', 'command-service'].includes(s.name)))
      expectSecurityHeaders(
        `${name} unreadable charset`,
        await get(base, '/complaints', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=x-unknown' },
          body: '{}',
        }),
      );
    for (const { name, base } of servers.filter((s) => ['standalone', 'query-service'].includes(s.name))) {
      // The dashboard's pages keep their own policy (module scripts, ECharts, styles from this origin)…
      const page = await get(base, '/dashboard/weekly-pack');
      expectSecurityHeaders(`${name} dashboard page`, page, /^no-cache$/);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      // …and its static files may be cached.
      const echarts = await get(base, '/dashboard/assets/echarts.min.js');
      expectSecurityHeaders(`${name} ECharts`, echarts, /^public, max-age=\d+$/);
    }
    for (const { name, base } of servers.filter((s) => !['relay', 'projector'].includes(s.name))) {
      const docs = await get(base, '/docs');
      expectSecurityHeaders(`${name} /docs`, docs, /.+/);
      expect(docs.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
      expect((await get(base, '/docs/swagger-ui-init.js')).status).toBe(200);
    }

    // A report makes the query service open its chDB directory.
    const query = servers.find((s) => s.name === 'query-service')!;
    expectSecurityHeaders(
      'query-service report',
      await get(query.base, '/reports/weekly-pack?week=2026-W10', { headers: ANALYST }),
    );
    // While they run (chDB removes its lock file as it stops) and once they have stopped.
    const checkFiles = () => {
      for (const { name, data } of servers) {
        expect({ name, made: entryCount(data) > 0 }).toEqual({ name, made: true });
        expect({ name, loose: looseEntries(data) }).toEqual({ name, loose: [] });
      }
    };
    checkFiles();
    await Promise.all(servers.map(({ app }) => app.kill('SIGTERM')));
    checkFiles();
  }, 300_000);

  it('the command-line tools write their data directory for its owner alone', async () => {
    // The legacy example holds rows the import refuses on purpose: it exits 3 (rows refused) after a run.
    const tools: {
      name: string;
      args: string[];
      data: string;
      extra?: Record<string, string>;
      exitCodes?: number[];
    }[] = [
      {
        name: 'seed',
        args: [builtApp('seeder'), '--complaints=3', '--no-progress'],
        data: dir('seed'),
      },
      {
        name: 'import',
        args: [
          builtApp('command-service', 'import/main'),
          join(REPO_ROOT, 'examples/import/legacy-export.csv'),
          '--mapping',
          join(REPO_ROOT, 'examples/import/legacy-mapping.json'),
          '--report',
          join(dir('import'), 'rejects.csv'),
          '--no-progress',
        ],
        data: dir('import'),
        exitCodes: [0, 3],
      },
      {
        name: 'erase-expired',
        args: [builtApp('command-service', 'personal-data/erase-expired')],
        data: dir('erase'),
      },
      { name: 'rebuild', args: [builtApp('projector', 'rebuild')], data: dir('rebuild') },
    ];
    for (const { name, args, data, exitCodes = [0] } of tools) {
      const exit = await run(process.execPath, args, {
        cwd: REPO_ROOT,
        env: env({ EVENT_STORE: 'pglite', DATA_DIR: data }),
        timeout: 180_000,
      }).then(
        () => 0,
        (error: { code?: unknown }) => (typeof error.code === 'number' ? error.code : -1),
      );
      expect({ name, exit: exitCodes.includes(exit) }).toEqual({ name, exit: true });
      expect({ name, made: entryCount(data) > 0 }).toEqual({ name, made: true });
      expect({ name, loose: looseEntries(data) }).toEqual({ name, loose: [] });
    }
  }, 600_000);

  it('warns at start about a data directory others may read, naming path and mode, never content, and runs on', async () => {
    const data = dir('loose');
    const SECRET = 'customer 王小明 +86 138 0000 0000';
    mkdirSync(data);
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'notes.txt'), SECRET);
    chmodSync(join(data, 'notes.txt'), 0o644);

    const { stdout, stderr } = await run(
      process.execPath,
      [builtApp('command-service', 'personal-data/erase-expired')],
      { cwd: REPO_ROOT, env: env({ EVENT_STORE: 'pglite', DATA_DIR: data }), timeout: 120_000 },
    );
    const output = `${stdout}\n${stderr}`;

    expect(output).toContain(`${data} (0755)`);
    expect(output).toContain(`${join(data, 'notes.txt')} (0644)`);
    expect(output).toContain(`chmod -R go= ${data}`);
    expect(output).not.toContain('王小明');
    expect(output).toMatch(/erased: 0 complaints/);
    // Only the directory and the file it was given are loose; what the tool made is private.
    expect(looseEntries(data).sort()).toEqual([`${data} 0755`, `${join(data, 'notes.txt')} 0644`].sort());
  }, 180_000);
});
