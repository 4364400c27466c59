import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, PostgresEventStore, openConfiguredEventStore } from '@app/event-store';
import {
  connectTestPool,
  dropSchema,
  freshSchemaName,
} from '../../../libs/event-store/src/test-support/postgres-test-database';
import { type GeneratorOptions, generateHistories } from '../src/generator/generate-histories';
import { seedEventStore } from '../src/seed-event-store';

const options: GeneratorOptions = { complaints: 1000, seed: 5, end: '2026-03-02' };

const generated = (() => {
  let events = 0;
  let correctiveActions = 0;
  for (const append of generateHistories(options)) {
    events += append.events.length;
    if (append.streamId.startsWith('corrective-action-')) correctiveActions += 1;
  }
  return { events, correctiveActions };
})();

const storedEvents = async (store: EventStore): Promise<number> => {
  let count = 0;
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1]!.globalPosition;
  }
};

/** Seeds the data set twice: the first run stores every generated event, the second appends none. */
const seedTwice = async (store: EventStore) => {
  const first = await seedEventStore(store, generateHistories(options), { concurrency: 4 });
  expect(first).toMatchObject({
    complaints: options.complaints,
    correctiveActions: generated.correctiveActions,
    events: generated.events,
    appendedEvents: generated.events,
  });
  expect(await storedEvents(store)).toBe(generated.events);

  const second = await seedEventStore(store, generateHistories(options), { concurrency: 4 });
  expect(second).toMatchObject({
    complaints: options.complaints,
    events: generated.events,
    appendedEvents: 0,
  });
  expect(await storedEvents(store)).toBe(generated.events);
};

describe('seeding the configured event store', () => {
  it('PGlite under DATA_DIR: stores the generated events once, and a re-run appends nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'seeder-int-'));
    const store = await openConfiguredEventStore({
      EVENT_STORE: 'pglite',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DATABASE_SCHEMA: 'public',
    });
    try {
      await seedTwice(store);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: the same, with appends running concurrently', async () => {
    const pool = await connectTestPool({ max: 6 });
    const schema = freshSchemaName();
    const store = await PostgresEventStore.onPool(pool, { schema });
    try {
      await seedTwice(store);
    } finally {
      await store.close();
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
