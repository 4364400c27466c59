import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { eventStoreConfigShape } from '@app/event-store';
import { ownerOnlyFiles, parseEnv, secureDataDir } from '@app/platform';
import { openPersonalDataEventStore, personalDataConfigShape } from '@app/privacy';
import { parseDay } from './generator/calendar';
import { generateHistories } from './generator/generate-histories';
import { seedEventStore } from './seed-event-store';
import { todayIn } from './today';

const USAGE =
  'usage: npm run seed -- --complaints=N [--seed=S] [--end=YYYY-MM-DD] [--months=M] [--concurrency=C] [--no-progress]';

/** The same variables as the command service: PGlite under DATA_DIR by default, or PostgreSQL. */
const envSchema = z.object({
  ...eventStoreConfigShape('pglite'),
  /** Personal data is encrypted as the command service stores it, with the same pseudonym secret. */
  ...personalDataConfigShape,
  REPORTING_TIME_ZONE: z.string().default('Asia/Shanghai'),
});

const wholeNumber = (name: string, value: string | undefined, fallback: number, min: number): number => {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new Error(`--${name} must be a whole number ≥ ${min}\n${USAGE}`);
  return parsed;
};

const parseOptions = (env: z.infer<typeof envSchema>) => {
  const { values } = parseArgs({
    options: {
      complaints: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      months: { type: 'string' },
      concurrency: { type: 'string' },
      'no-progress': { type: 'boolean' },
    },
  });
  if (values.complaints === undefined) throw new Error(USAGE);
  const end = values.end ?? todayIn(env.REPORTING_TIME_ZONE);
  parseDay(end);
  return {
    complaints: wholeNumber('complaints', values.complaints, 0, 1),
    seed: wholeNumber('seed', values.seed, 1, 0),
    end,
    months: wholeNumber('months', values.months, 12, 1),
    concurrency: wholeNumber('concurrency', values.concurrency, 4, 1),
    progress: !values['no-progress'],
  };
};

/**
 * `npm run seed -- --complaints=N`: a realistic, seeded data set written to the configured event store
 * through the domain's deciders. The same arguments always make the same data set, so running it again
 * appends nothing; without --end the data set ends today, so pass --end to repeat it another day.
 */
const main = async () => {
  ownerOnlyFiles();
  const env = parseEnv(envSchema, process.env);
  secureDataDir([env.DATA_DIR]);
  const options = parseOptions(env);
  const store = await openPersonalDataEventStore(env);
  const bar = options.progress
    ? new SingleBar({
        format:
          'seed [{bar}] {percentage}% | {value}/{total} complaints | {events} events | {rate} events/s | {eta_formatted}',
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5000,
      })
    : undefined;
  const started = Date.now();
  bar?.start(options.complaints, 0, { events: 0, rate: 0 });
  try {
    const summary = await seedEventStore(store, generateHistories(options), {
      concurrency: options.concurrency,
      onProgress: (progress) =>
        bar?.update(progress.complaints, {
          events: progress.events,
          rate: Math.round(progress.events / Math.max(0.001, (Date.now() - started) / 1000)),
        }),
    });
    bar?.stop();
    console.log(
      `complaints: ${summary.complaints}, events: ${summary.events} (appended now: ${summary.appendedEvents}), ` +
        `corrective actions: ${summary.correctiveActions}, seconds: ${summary.seconds.toFixed(1)}`,
    );
    console.log(
      `data set: seed ${options.seed}, ${options.months} months before ${options.end}; the same arguments ` +
        `append nothing: npm run seed -- --complaints=${options.complaints} --seed=${options.seed} ` +
        `--end=${options.end} --months=${options.months}`,
    );
  } finally {
    bar?.stop();
    await store.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
