import { type BenchResult, emitBenchResult } from './bench-result';
import { runPendingCleanups } from './cleanup';

/** How long an interrupted measurement may take to clean up before it exits anyway. */
const CLEANUP_GRACE_MS = 20_000;

const describe = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/** On SIGINT / SIGTERM: undo what the measurement made, then exit (repeated signals are ignored). */
const exitCleanlyOnSignals = (): void => {
  let exiting = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`${signal}: cleaning up\n`);
    setTimeout(() => process.exit(130), CLEANUP_GRACE_MS).unref();
    runPendingCleanups().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
};

/**
 * Runs a measurement's `main` when its file is the process's entry point (`node dist/bench/measures/x.js`),
 * not when a test or a wrapper imports it: prints the result line, or the error and exit code 1.
 */
export const runWhenMain = (
  entry: NodeModule,
  main: (argv: readonly string[]) => Promise<BenchResult>,
): void => {
  if (require.main !== entry) return;
  exitCleanlyOnSignals();
  main(process.argv)
    .then(
      (result) => emitBenchResult(result),
      (error: unknown) => {
        process.stderr.write(`${describe(error)}\n`);
        process.exitCode = 1;
      },
    )
    .finally(() => {
      // A client that keeps a handle open must not hold the runner up once the measurement is over.
      setTimeout(() => {
        process.stderr.write('the measurement left handles open; exiting\n');
        process.exit(process.exitCode ?? 0);
      }, 5_000).unref();
    });
};
