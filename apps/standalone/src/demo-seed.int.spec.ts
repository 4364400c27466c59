import { createEventStore, type EventStore } from '@app/event-store';
import { seedDemoData } from './demo-seed';
import { type DemoSeedConfig, loadStandaloneConfig } from './standalone.config';

describe('demo data on the embedded start', () => {
  let store: EventStore;
  const config: DemoSeedConfig = {
    SEED_DEMO: true,
    SEED_DEMO_COMPLAINTS: 60,
    SEED_DEMO_MONTHS: 6,
    SEED_DEMO_SEED: 1,
  };
  const log: string[] = [];

  beforeEach(async () => {
    store = await createEventStore({ kind: 'pglite', dataDir: 'memory://' });
    log.length = 0;
  });
  afterEach(() => store.close());

  it('seeds an empty store once, logging its progress, and leaves a non-empty store alone', async () => {
    const first = await seedDemoData(store, config, '2026-03-02', (m) => log.push(m));
    expect(first).toMatchObject({ complaints: 60 });
    expect(first!.appendedEvents).toBeGreaterThan(60);
    expect(log[0]).toContain('seeding 60 demo complaints over the 6 months before 2026-03-02');
    expect(log.at(-1)).toContain('Demo data seeded: 60 complaints');

    expect(await seedDemoData(store, config, '2026-03-03', (m) => log.push(m))).toBeUndefined();
  });

  it('starts empty with SEED_DEMO=false', async () => {
    const { demoSeedConfig } = loadStandaloneConfig({ SEED_DEMO: 'false' });
    expect(demoSeedConfig).toEqual({ ...config, SEED_DEMO: false, SEED_DEMO_COMPLAINTS: 3000 });
    expect(await seedDemoData(store, demoSeedConfig, '2026-03-02', (m) => log.push(m))).toBeUndefined();
    expect(await store.headPosition()).toBe(0n);
  });
});
