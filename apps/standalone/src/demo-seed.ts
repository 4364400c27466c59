import { type EventStore, START_POSITION } from '@app/event-store';
import { generateHistories } from '../../seeder/src/generator/generate-histories';
import { type SeedSummary, seedEventStore } from '../../seeder/src/seed-event-store';
import { type DemoSeedConfig } from './standalone.config';

/**
 * On the first run, when the event store holds nothing, writes the demo data set (the months before
 * `today`) through the same generator and deciders as `npm run seed`; the projector then fills the
 * analytics store from it as from any other events. Returns undefined when it seeded nothing.
 */
export const seedDemoData = async (
  store: EventStore,
  config: DemoSeedConfig,
  today: string,
  log: (message: string) => void,
): Promise<SeedSummary | undefined> => {
  if (!config.SEED_DEMO || (await store.headPosition()) !== START_POSITION) return undefined;
  const total = config.SEED_DEMO_COMPLAINTS;
  log(
    `Empty event store: seeding ${total} demo complaints over the ${config.SEED_DEMO_MONTHS} months ` +
      `before ${today} (SEED_DEMO=false starts empty)`,
  );
  const step = Math.max(1, Math.ceil(total / 10));
  let next = step;
  const summary = await seedEventStore(
    store,
    generateHistories({
      complaints: total,
      seed: config.SEED_DEMO_SEED,
      end: today,
      months: config.SEED_DEMO_MONTHS,
    }),
    {
      onProgress: ({ complaints, events }) => {
        if (complaints < next) return;
        next += step;
        log(`Demo data: ${complaints}/${total} complaints, ${events} events`);
      },
    },
  );
  log(
    `Demo data seeded: ${summary.complaints} complaints, ${summary.correctiveActions} corrective actions, ` +
      `${summary.events} events in ${summary.seconds.toFixed(1)} s`,
  );
  return summary;
};
