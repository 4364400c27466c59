import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/**
 * One wrong-way import per rule, each one the tree once held: a file importing across the layer it must
 * not cross. The fixture is cruised with the project's own configuration.
 */
const WRONG_WAY: { rule: string; from: string; to: string }[] = [
  {
    rule: 'privacy-below-analytics',
    from: 'libs/privacy/src/config.ts',
    to: 'libs/analytics/src/customer-key.ts',
  },
  {
    rule: 'relay-reads-no-personal-data',
    from: 'apps/relay/src/relay.service.ts',
    to: 'libs/privacy/src/audit.ts',
  },
  {
    rule: 'messaging-below-platform',
    from: 'libs/messaging/src/inbound.ts',
    to: 'libs/platform/src/text.ts',
  },
  {
    rule: 'seeder-imports-no-app',
    from: 'apps/seeder/src/ids.ts',
    to: 'apps/command-service/src/shared/ids.ts',
  },
  {
    rule: 'only-the-bench-imports-the-bench',
    from: 'apps/projector/measure/run.ts',
    to: 'bench/measures/projection.ts',
  },
  {
    rule: 'platform-below-privacy-and-analytics',
    from: 'libs/platform/src/revocations.ts',
    to: 'libs/analytics/src/revoked-tokens.ts',
  },
  {
    rule: 'event-store-imports-only-the-domain',
    from: 'libs/event-store/src/store.ts',
    to: 'libs/platform/src/config.ts',
  },
  {
    rule: 'standalone-composes-modules-only',
    from: 'apps/standalone/src/main.ts',
    to: 'apps/command-service/src/shared/loop.ts',
  },
  {
    rule: 'analytics-imports-no-messaging',
    from: 'libs/analytics/src/feed.ts',
    to: 'libs/messaging/src/kafka.ts',
  },
  { rule: 'domain-is-pure', from: 'libs/complaints/src/decide.ts', to: 'libs/event-store/src/port.ts' },
  {
    rule: 'libs-never-import-apps',
    from: 'libs/analytics/src/kpi.ts',
    to: 'apps/query-service/src/reports.ts',
  },
];

/** Imports that follow the layers: none may be reported. */
const RIGHT_WAY: { from: string; to: string }[] = [
  { from: 'libs/analytics/src/projection.ts', to: 'libs/privacy/src/customer-key.ts' },
  { from: 'libs/privacy/src/store.ts', to: 'libs/platform/src/secret.ts' },
  { from: 'libs/platform/src/auth.ts', to: 'libs/event-store/src/events.ts' },
  { from: 'libs/messaging/src/feed.ts', to: 'libs/event-store/src/store2.ts' },
  { from: 'libs/event-store/src/streams.ts', to: 'libs/complaints/src/streams.ts' },
  { from: 'bench/measures/relay.ts', to: 'apps/relay/src/relay-events.ts' },
  { from: 'bench/commands/report-latency.ts', to: 'apps/seeder/src/generator/complaint-log.ts' },
  { from: 'apps/standalone/src/module.ts', to: 'apps/projector/src/projector.module.ts' },
];

const relative = (from: string, to: string): string => {
  const up = from
    .split('/')
    .slice(0, -1)
    .map(() => '..');
  return `./${[...up, to.replace(/\.ts$/, '')].join('/')}`;
};

type Violation = { rule: { name: string }; from: string; to: string };

describe('dependency rules: each wrong-way import the tree once held fails the check', () => {
  let root: string;
  let violations: Violation[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'depcruise-fixture-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text, { flag: 'a' });
    };
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
    for (const { from, to } of [...WRONG_WAY, ...RIGHT_WAY]) {
      write(to, 'export const value = 1;\n');
      write(from, `import { value } from '${relative(from, to)}';\nexport const uses = value;\n`);
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        DEPCRUISE,
        'apps',
        'libs',
        'bench',
        '--config',
        join(REPO_ROOT, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    violations = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(WRONG_WAY)('$rule refuses $from → $to', ({ rule, from, to }) => {
    expect(violations.filter((v) => v.from === from && v.to === to).map((v) => v.rule.name)).toContain(rule);
  });

  it('reports nothing for imports that follow the layers', () => {
    const rightWay = new Set(RIGHT_WAY.map(({ from, to }) => `${from} → ${to}`));
    expect(violations.filter((v) => rightWay.has(`${v.from} → ${v.to}`))).toEqual([]);
  });
});
