import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MEASUREMENTS } from './run';

const ROOT = join(__dirname, '..');

/** Runs a command to its end, keeping both outputs. */
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

const cells = (row: string): string[] =>
  row
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/**
 * `npm run bench` at the tiny size: every measurement runs in its own process against the real engines
 * and the test's Kafka broker, the table lists each with figures, and the report lands where --out says.
 * The figures of a tiny run mean nothing; only that the whole benchmark works end to end.
 */
describe('npm run bench -- --size=tiny', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it(
    'runs every measurement, prints the table and writes the report',
    async () => {
      await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT });
      // KAFKA_BROKERS (from the global set-up) is passed on, so the runner starts no broker of its own.
      const { code, stdout, stderr } = await run(['dist/bench/run.js', '--size=tiny', `--out=${out}`], {
        ...process.env,
      });
      if (code !== 0) throw new Error(`the bench exited with ${code}:\n${stdout}\n${stderr.slice(-4_000)}`);

      const rows = stdout
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| Measurement'))
        .map(cells);
      const listed = new Set(rows.map(([measurement]) => measurement));
      expect(MEASUREMENTS.map(({ name }) => name).filter((name) => !listed.has(name))).toEqual([]);
      expect(rows.filter(([, , ours]) => !/^-?[\d,]+(\.\d+)? \S+/.test(ours))).toEqual([]);
      expect(rows.every((row) => row[6] !== '**failed**')).toBe(true);
      expect(stdout).toContain('Every measurement ran.');

      const written = readdirSync(out);
      expect(written).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}\.md$/)]);
      expect(readFileSync(join(out, written[0]), 'utf8')).toBe(stdout);
    },
    10 * 60_000,
  );
});
