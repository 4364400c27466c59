import { AnalyticsCheckpointStore, type AnalyticsStore, hmacCustomerKey, migrate } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { PgliteEventStore } from '@app/event-store';
import { generateComplaintLog } from '../../../seeder/src/generator/complaint-log';
import {
  FlakyAnalyticsStore,
  appendSteps,
  figures,
  readWholeStore,
  recomputeFigures,
  waitFor,
} from '../../test/projector.harness';
import { StoreFeed } from '../feed/store/store-feed';
import { BatchProjector } from './batch-projector';
import { ProjectorService } from './projector.service';
import { StreamStateCache } from './stream-state-cache';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const CHECKPOINT = 'projector';

/**
 * The projector loop over the store feed, against a ClickHouse that fails: nothing is acknowledged while
 * it fails, nothing is lost, and the projector recovers by itself with the same figures.
 */
describe('ProjectorService when ClickHouse fails', () => {
  let db: ChdbTestDatabase;
  let store: PgliteEventStore;
  let flaky: FlakyAnalyticsStore;
  let database: string;
  const running: ProjectorService[] = [];
  let logNumber = 0;
  let testNumber = 0;

  const checkpoint = () => new AnalyticsCheckpointStore(db.store, database).load(CHECKPOINT);
  const projectorOn = (analytics: AnalyticsStore) => {
    const cache = new StreamStateCache(1_000);
    const feed = new StoreFeed(
      store,
      new AnalyticsCheckpointStore(analytics, database),
      { checkpointName: CHECKPOINT, batchSize: 40, pollIntervalMs: 5, retryInitialMs: 5, retryMaxMs: 20 },
      quiet,
    );
    const projector = new ProjectorService(
      feed,
      new BatchProjector(analytics, database, { customerKey: hmacCustomerKey('x'.repeat(16)) }, cache),
      cache,
      { retryInitialMs: 5, retryMaxMs: 40, keepAliveMs: 10 },
      quiet,
    );
    running.push(projector);
    return projector;
  };
  const appendComplaints = async (complaints: number) => {
    const log = generateComplaintLog({ complaints, seed: 7 + logNumber, idPrefix: `out${logNumber++}` });
    await appendSteps(store, log.steps);
  };
  const caughtUp = async () => {
    const head = await store.headPosition();
    await waitFor(async () => (await checkpoint()) === head, `the checkpoint to reach ${head}`, 20_000);
  };

  beforeAll(async () => {
    db = await openChdbTestDatabase('projector_outage');
  });

  beforeEach(async () => {
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
    database = `${db.database}_${testNumber++}`;
    await migrate(db.store, database);
    flaky = new FlakyAnalyticsStore(db.store);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.stop()));
    await store.close();
    await db.store.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
  });

  afterAll(async () => {
    await db?.cleanup();
  });

  it('acknowledges nothing while inserts and reads fail, then catches up by itself with every event counted once', async () => {
    await appendComplaints(10);
    const projector = projectorOn(flaky);
    await projector.start();
    await caughtUp();
    const before = await checkpoint();

    flaky.refuse = () => true;
    await appendComplaints(25);
    await waitFor(() => flaky.refused >= 5, 'several refused attempts');
    expect(projector.status()).toMatchObject({
      state: 'retrying',
      failing: 'analytics',
      lastError: expect.stringMatching(/unavailable/),
    });
    const eventsBefore = projector.metrics.snapshot().eventsTotal;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await checkpoint()).toBe(before);
    expect(projector.metrics.snapshot().eventsTotal).toBe(eventsBefore);

    flaky.refuse = () => false;
    await caughtUp();
    const events = await readWholeStore(store);
    expect(await figures(db.store, database)).toEqual(recomputeFigures(events));
    expect(projector.status()).toEqual({ state: 'running' });
    expect(projector.metrics.snapshot()).toMatchObject({ eventsTotal: events.length, rejectedTotal: 0 });
  });

  it('abandons a failing batch on stop, leaving the checkpoint; the next run projects it', async () => {
    await appendComplaints(8);
    flaky.refuse = (operation) => operation === 'insert';
    const failing = projectorOn(flaky);
    await failing.start();
    await waitFor(() => flaky.refused >= 3, 'refused inserts');
    const stopping = Date.now();
    await failing.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(await checkpoint()).toBe(0n);

    flaky.refuse = () => false;
    await projectorOn(flaky).start();
    await caughtUp();
    expect(await figures(db.store, database)).toEqual(recomputeFigures(await readWholeStore(store)));
  });

  it('a batch written but not acknowledged (a crash in between) is written again without counting twice', async () => {
    await appendComplaints(8);
    // Rows go in, the checkpoint save fails: what a crash after the insert leaves behind.
    flaky.refuse = (operation, target) =>
      operation === 'insert' && target.endsWith('.projection_checkpoints');
    const first = projectorOn(flaky);
    await first.start();
    await waitFor(() => flaky.refused >= 3, 'refused checkpoint saves');
    await first.stop();
    expect(await checkpoint()).toBe(0n);
    const [{ n }] = await db.store.query<{ n: string }>(
      `SELECT count() AS n FROM ${database}.complaint_events`,
    );
    expect(Number(n)).toBeGreaterThan(0);

    flaky.refuse = () => false;
    const second = projectorOn(flaky);
    await second.start();
    await caughtUp();
    const events = await readWholeStore(store);
    expect(await figures(db.store, database)).toEqual(recomputeFigures(events));
    // The redelivered batch found its events already applied (read back from ClickHouse).
    expect(second.metrics.snapshot()).toMatchObject({
      eventsTotal: events.length,
      duplicateTotal: expect.any(Number),
    });
    expect(second.metrics.snapshot().duplicateTotal).toBeGreaterThan(0);
    expect(second.metrics.snapshot().statesReadTotal).toBeGreaterThan(0);
  });
});
