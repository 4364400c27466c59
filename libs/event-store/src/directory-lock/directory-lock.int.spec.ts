import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformFileSync } from '@swc/core';
import fc from 'fast-check';
import {
  DirectoryLockedError,
  type LockHolder,
  holderIsAlive,
  lockDirectory,
  processStartOf,
} from './directory-lock';

/** The lock module compiled on its own (it needs nothing but Node), for child processes to run. */
const compiledLock = (dir: string): string => {
  const file = join(dir, 'directory-lock.js');
  const { code } = transformFileSync(join(__dirname, 'directory-lock.ts'), {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  writeFileSync(file, code);
  return file;
};

/** A child that takes the lock and reports on stdout (`locked` / `refused <pid>` / `took-over <pid>`), then waits. */
const contender = (lockModule: string, directory: string): ChildProcess =>
  spawn(
    process.execPath,
    [
      '-e',
      `const { lockDirectory, DirectoryLockedError } = require(${JSON.stringify(lockModule)});
       try {
         lockDirectory(${JSON.stringify(directory)}, { onTakeover: (s) => console.log('took-over ' + s.pid) });
         console.log('locked');
       } catch (e) {
         if (!(e instanceof DirectoryLockedError)) throw e;
         console.log('refused ' + e.holder.pid);
         process.exit(0);
       }
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );

/** What a contender said, up to its verdict (`locked` or `refused …`). */
const verdictOf = (child: ChildProcess): Promise<string[]> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n').filter(Boolean);
      if (/^(locked|refused)/.test(lines.at(-1) ?? '')) resolve(lines);
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(text.split('\n').filter(Boolean)) : reject(new Error(`exit ${code}`)),
    );
  });

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** A pid that ran and is gone now. */
const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', '0']);
  await exited(child);
  return child.pid!;
};

const record = (holder: Partial<LockHolder> & { pid: number }): string =>
  JSON.stringify({
    host: hostname(),
    command: 'node some-tool.js',
    since: '2026-01-01T00:00:00.000Z',
    ...holder,
  });

describe('one process at a time on an embedded data directory', () => {
  let root: string;
  let lockModule: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'directory-lock-'));
    lockModule = compiledLock(root);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    rmSync(root, { recursive: true, force: true });
  });
  const directory = (name: string) => join(root, name);

  it('refuses a second process while the first runs, naming it; takes over once it was killed, and says so', async () => {
    const dir = directory('live');
    const holder = contender(lockModule, dir);
    children.push(holder);
    expect(await verdictOf(holder)).toEqual(['locked']);

    const refusal = (() => {
      try {
        lockDirectory(dir);
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    })() as DirectoryLockedError;
    expect(refusal).toBeInstanceOf(DirectoryLockedError);
    expect(refusal.code).toBe('STORE.DIRECTORY_LOCKED');
    expect(refusal.holder.pid).toBe(holder.pid);
    expect(refusal.message).toContain(`in use by process ${holder.pid}`);
    expect(refusal.message).toMatch(/\(node -e /);

    holder.kill('SIGKILL');
    await exited(holder);
    const takeovers: (LockHolder | undefined)[] = [];
    const lock = lockDirectory(dir, { onTakeover: (stale) => takeovers.push(stale) });
    expect(takeovers.map((stale) => stale?.pid)).toEqual([holder.pid]);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('takes over a lock whose pid now belongs to a process started later (a reused pid)', () => {
    const dir = directory('reused');
    const start = processStartOf(process.ppid);
    expect(start).toBeDefined();
    writeFileSync(`${dir}.lock`, record({ pid: process.ppid, processStart: start! - 1 }));
    expect(holderIsAlive(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as LockHolder)).toBe(false);
    const takeovers: number[] = [];
    lockDirectory(dir, { onTakeover: (stale) => takeovers.push(stale!.pid) }).release();
    expect(takeovers).toEqual([process.ppid]);
  });

  it('lets exactly one of several processes racing for the same stale lock have it', async () => {
    const dir = directory('race');
    writeFileSync(`${dir}.lock`, record({ pid: await deadPid() }));
    const racers = Array.from({ length: 4 }, () => contender(lockModule, dir));
    children.push(...racers);
    const outcomes = await Promise.all(racers.map(verdictOf));
    const winners = racers.filter((_, i) => outcomes[i]!.at(-1) === 'locked');
    expect(winners).toHaveLength(1);
    // The stale lock is taken over once, by the winner or by one that lost the race to create its own.
    expect(outcomes.flat().filter((line) => line.startsWith('took-over'))).toHaveLength(1);
    for (const [i, lines] of outcomes.entries())
      if (racers[i] !== winners[0]) expect(lines.at(-1)).toBe(`refused ${winners[0]!.pid}`);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: winners[0]!.pid });
    expect(existsSync(`${dir}.lock.takeover`)).toBe(false);
  });

  it('agrees with a model of holders over any sequence of takes, releases and crashes', async () => {
    const gone = await deadPid();
    type Step = 'take' | 'release' | 'crashed holder' | 'live holder' | 'garbage';
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Step>('take', 'release', 'crashed holder', 'live holder', 'garbage'), {
          maxLength: 25,
        }),
        (steps) => {
          const dir = directory(`model-${run++}`);
          const file = `${dir}.lock`;
          // The model: who holds the directory (nobody, us, another live process, or a dead one).
          let holder: 'none' | 'us' | 'other' | 'dead' = 'none';
          let lock: ReturnType<typeof lockDirectory> | undefined;
          for (const step of steps) {
            switch (step) {
              case 'take': {
                const takeovers: unknown[] = [];
                let refused: DirectoryLockedError | undefined;
                try {
                  lock = lockDirectory(dir, { onTakeover: (stale) => takeovers.push(stale) });
                } catch (error) {
                  if (!(error instanceof DirectoryLockedError)) throw error;
                  refused = error;
                }
                if (holder === 'none' || holder === 'dead') {
                  expect(refused).toBeUndefined();
                  expect(takeovers).toHaveLength(holder === 'dead' ? 1 : 0);
                  holder = 'us';
                } else {
                  expect(refused?.holder.pid).toBe(holder === 'us' ? process.pid : process.ppid);
                }
                break;
              }
              case 'release':
                lock?.release();
                lock = undefined;
                if (holder === 'us') holder = 'none';
                break;
              // Another process's lock is written in its stead; only when the directory is free.
              case 'crashed holder':
              case 'live holder':
              case 'garbage':
                if (holder !== 'none') break;
                writeFileSync(
                  file,
                  step === 'garbage' ? '{"pi' : record({ pid: step === 'live holder' ? process.ppid : gone }),
                );
                holder = step === 'live holder' ? 'other' : 'dead';
                break;
            }
            expect(existsSync(file)).toBe(holder !== 'none');
          }
          lock?.release();
          rmSync(file, { force: true });
        },
      ),
      { numRuns: 60 },
    );
  });
});
