import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testLogPath } from '@app/platform/logging/test-support';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The swc build of an app's entry point, as `npm run start:*` runs it. */
export const builtApp = (app: string, entry = 'main'): string =>
  join(REPO_ROOT, 'dist', 'apps', app, 'src', `${entry}.js`);

/** The swc build takes about a second; tests that start processes build first so they run today's code. */
export const buildApps = async (): Promise<void> => {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
};

/** A TCP port on 127.0.0.1 that was free a moment ago (a restarted service keeps the one it was given). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One app running as a real Node process. */
export interface AppProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** Its stdout and stderr so far, for failure messages. */
  output(): string;
  /** Still running: no exit seen yet. */
  alive(): boolean;
  /** Sends the signal and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
}

/**
 * Starts apps as child processes (`node <script>` from the repository root) and remembers them, so that
 * `killAll` leaves none behind whatever the test did.
 */
export class AppProcesses {
  private readonly running = new Set<AppProcess>();

  start(name: string, script: string, env: NodeJS.ProcessEnv): AppProcess {
    const child = spawn(process.execPath, [script], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Kept for the log scan too: what a real process writes is what a deployment's logs would hold.
    const logFile = testLogPath(name.replace(/[^A-Za-z0-9_-]+/g, '-'));
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(logFile, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let alive = true;
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => {
        alive = false;
        resolve({ code, signal });
      }),
    );
    const app: AppProcess = {
      name,
      child,
      exited,
      output: () => output,
      alive: () => alive,
      kill: async (signal) => {
        if (alive) child.kill(signal);
        return exited;
      },
    };
    this.running.add(app);
    void exited.then(() => this.running.delete(app));
    return app;
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.running].map((app) => app.kill('SIGKILL')));
  }
}

/** Throws with the process's output when it has exited though nobody stopped it. */
export const assertRunning = (app: AppProcess): void => {
  if (!app.alive()) throw new Error(`${app.name} exited by itself; its output:\n${app.output()}`);
};
