import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type MixCounts, type MixFailure } from './http-command-mix';

/**
 * Drives an HTTP command API with autocannon from a worker thread: the service under test keeps the main
 * thread's event loop to itself, as it would in its own process, while the load generator runs beside it.
 */
export type LoadPlan = {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Makes the request bodies unique to this run. */
  runTag: string;
  /** Each agent's bearer token, by job number. */
  tokens: Readonly<Record<string, string>>;
};

export type LoadReport = {
  /** Completed 2xx responses per second over the timed part. */
  commandsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
  seconds: number;
  completed: number;
  non2xx: number;
  errors: number;
  /** Commands left unanswered for `timeoutSeconds` (also counted in `errors`). */
  timeouts: number;
  timeoutSeconds: number;
  sent: MixCounts;
  answered: MixCounts;
  failures: MixFailure[];
  /** Complaints still waiting for a follow-on command when the run ended. */
  waiting: number;
  /** Share of the timed part the load generator's own event loop was busy (near 1: it limits). */
  loadEventLoopUtilization: number;
};

export type LoadMessage =
  | { type: 'progress'; message: string }
  | { type: 'timed' }
  | { type: 'report'; report: LoadReport }
  | { type: 'error'; message: string };

/**
 * Runs the warm-up and the timed part in a worker; resolves with the timed part's report. `onTimed` is
 * called as the timed part starts, for the caller's own spans.
 */
export const runLoad = (
  plan: LoadPlan,
  progress: (message: string) => void,
  onTimed: () => void = () => undefined,
): Promise<LoadReport> =>
  new Promise((resolve, reject) => {
    // The worker runs the compiled file next to this one (or, from the sources, a loader-aware runtime).
    const worker = new Worker(join(__dirname, `http-load-worker${extname(__filename)}`), {
      workerData: plan,
    });
    let settled = false;
    worker.on('message', (message: LoadMessage) => {
      if (message.type === 'progress') progress(message.message);
      else if (message.type === 'timed') onTimed();
      else if (message.type === 'report') {
        settled = true;
        resolve(message.report);
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The load worker exited with code ${code} before its report`));
    });
  });
