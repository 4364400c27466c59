/**
 * The load generator's thread (started by `runLoad` in `http-load.ts`): a warm-up with the command mix,
 * then the timed part with the same mix, the complaints registered during the warm-up waiting for their
 * follow-on commands. Reports the timed part only.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { CommandMix, type MixCommand } from './http-command-mix';
import { type LoadMessage, type LoadPlan, type LoadReport } from './http-load';

type MixContext = { command?: MixCommand };

/** A command unanswered this long counts as failed: generous, so that only a stall fails the run. */
const TIMEOUT_SECONDS = 30;

/** Outside the main thread autocannon hands back its histograms undecoded; this decodes them. */
const aggregate = (
  autocannon as unknown as { aggregateResult(results: unknown[], opts: object): autocannon.Result }
).aggregateResult;

const post = (message: LoadMessage) => parentPort!.postMessage(message);

const run = (plan: LoadPlan, mix: CommandMix, seconds: number): Promise<autocannon.Result> => {
  const options: autocannon.Options = {
    url: plan.url,
    connections: plan.connections,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const command = mix.next();
          (context as MixContext).command = command;
          return {
            ...request,
            method: 'POST',
            path: command.path,
            headers: { ...request.headers, ...command.headers },
            body: JSON.stringify(command.body),
          };
        },
        onResponse: (status, body, context) => {
          const { command } = context as MixContext;
          if (command) mix.settle(command, status, body);
        },
      },
    ],
  };
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(aggregate([result], { url: plan.url, connections: plan.connections }));
    });
  });
};

const main = async (plan: LoadPlan): Promise<LoadReport> => {
  const mix = new CommandMix(plan.runTag, plan.tokens);
  post({ type: 'progress', message: `warm-up ${plan.warmupSeconds} s, ${plan.connections} connections` });
  const warmup = await run(plan, mix, plan.warmupSeconds);
  post({
    type: 'progress',
    message:
      `warm-up done: ${warmup.requests.total} commands, ${mix.waiting} complaints waiting for follow-ons; ` +
      `timed part ${plan.seconds} s`,
  });
  mix.resetCounts();
  post({ type: 'timed' });
  const before = performance.eventLoopUtilization();
  const result = await run(plan, mix, plan.seconds);
  const busy = performance.eventLoopUtilization(before).utilization;
  return {
    commandsPerSecond: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      mean: result.latency.average,
      max: result.latency.max,
    },
    seconds: result.duration,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    timeoutSeconds: TIMEOUT_SECONDS,
    sent: mix.sent,
    answered: mix.answered,
    failures: mix.failureSamples,
    waiting: mix.waiting,
    loadEventLoopUtilization: busy,
  };
};

main(workerData as LoadPlan).then(
  (report) => post({ type: 'report', report }),
  (error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
