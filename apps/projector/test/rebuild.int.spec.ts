import { complaintStream, correctiveActionStream } from '@app/complaints';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { AnalyticsCheckpointStore, hmacCustomerKey, migrate } from '@app/analytics';
import { type ChdbTestDatabase, openChdbTestDatabase } from '@app/analytics/test-support/chdb-test-database';
import { PgliteEventStore, type RecordedEvent } from '@app/event-store';
import { generateComplaintLog } from '../../seeder/src/generator/complaint-log';
import { StoreFeed } from '../src/feed/store/store-feed';
import { BatchProjector } from '../src/project-events/batch-projector';
import { ProjectorService } from '../src/project-events/projector.service';
import { StreamStateCache } from '../src/project-events/stream-state-cache';
import { type RebuildProgress, rebuildAnalytics } from '../src/rebuild/rebuild-analytics';
import {
  appendSteps,
  figures,
  readWholeStore,
  recomputeFigures,
  snapshotTables,
  toAppend,
  waitFor,
} from './projector.harness';

const context = { customerKey: hmacCustomerKey('rebuild-test-customer-key-secret') };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The tables a projector filled over time, against the same tables rebuilt from the log in one replay. */
describe('rebuild: drop, migrate, replay the event log', () => {
  let db: ChdbTestDatabase;
  let store: PgliteEventStore;
  let events: RecordedEvent[];

  const checkpoint = () => new AnalyticsCheckpointStore(db.store, db.database).load('projector');
  const projectLive = async (cacheSize: number) => {
    const cache = new StreamStateCache(cacheSize);
    const projector = new ProjectorService(
      new StoreFeed(
        store,
        new AnalyticsCheckpointStore(db.store, db.database),
        { checkpointName: 'projector', batchSize: 50, pollIntervalMs: 5, retryMaxMs: 100 },
        quiet,
      ),
      new BatchProjector(db.store, db.database, context, cache),
      cache,
      { retryMaxMs: 100 },
      quiet,
    );
    await projector.start();
    return projector;
  };
  const rebuild = (onProgress?: (progress: RebuildProgress) => void, batchSize = 400) =>
    rebuildAnalytics({
      store,
      analytics: db.store,
      database: db.database,
      context,
      batchSize,
      cacheSize: 100,
      checkpointName: 'projector',
      onProgress,
    });

  beforeAll(async () => {
    db = await openChdbTestDatabase('projector_rebuild');
    await migrate(db.store, db.database);
    store = await PgliteEventStore.open({ dataDir: 'memory://' });
    const log = generateComplaintLog({ complaints: 160, seed: 3 });
    // Projected live while the log grows: the first half before the projector starts, the rest after.
    await appendSteps(store, log.steps.slice(0, 500), 2);
    // A cache smaller than the number of complaints: states are read back from ClickHouse along the way.
    const projector = await projectLive(40);
    await appendSteps(store, log.steps.slice(500), 2);
    const stream = complaintStream('gen-0');
    await store.append(
      stream,
      [toAppend({ type: 'ComplaintTeleported', data: {} }, '2026-03-01T00:00:00.000Z')],
      'any',
    );
    await store.append(
      correctiveActionStream('A-9'),
      [toAppend(actionEv.proposed({ actionId: 'A-9' }), '2026-03-09T03:00:00.000Z')],
      'no-stream',
    );
    events = await readWholeStore(store);
    const head = await store.headPosition();
    await waitFor(async () => (await checkpoint()) === head, 'the live projector to catch up');
    await projector.stop();
  }, 240_000);

  afterAll(async () => {
    await store?.close();
    await db?.cleanup();
  });

  it('gives tables equal to the ones projected live, row for row, and saves the checkpoint at the head', async () => {
    const before = await snapshotTables(db.store, db.database);
    expect(before.rejected_events).toHaveLength(1);
    expect(before.corrective_actions).toHaveLength(1);
    // Something no event explains, as a bug or a hand edit would leave: the rebuild must not keep it.
    await db.store.insert(`${db.database}.complaint_events`, [
      { ...(before.complaint_events[0] as object), complaint_id: 'stray', stream_revision: 99 },
    ]);

    const progress: RebuildProgress[] = [];
    const report = await rebuild((p) => progress.push(p));

    expect(await snapshotTables(db.store, db.database)).toEqual(before);
    expect(await figures(db.store, db.database)).toEqual(recomputeFigures(events));
    expect(report).toMatchObject({
      events: events.length,
      applied: events.length - 1,
      duplicate: 0,
      rejected: 1,
      position: events.at(-1)!.globalPosition,
    });
    expect(progress.length).toBe(Math.ceil(events.length / 400));
    expect(progress.at(-1)).toEqual({
      events: events.length,
      position: events.at(-1)!.globalPosition,
      head: events.at(-1)!.globalPosition,
    });
    expect(await checkpoint()).toBe(events.at(-1)!.globalPosition);
  });

  it('is repeatable, whatever the page size', async () => {
    const before = await snapshotTables(db.store, db.database);
    await rebuild(undefined, 97);
    expect(await snapshotTables(db.store, db.database)).toEqual(before);
  });

  it('leaves the store feed to resume after the replay: nothing is projected twice', async () => {
    const projector = await projectLive(1_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(projector.metrics.snapshot().eventsTotal).toBe(0);
    } finally {
      await projector.stop();
    }
  });
});
