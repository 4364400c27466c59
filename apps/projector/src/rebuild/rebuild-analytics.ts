import {
  AnalyticsCheckpointStore,
  type AnalyticsStore,
  type ProjectionContext,
  resetAnalyticsDatabase,
} from '@app/analytics';
import type { EventStore } from '@app/event-store';
import { BatchProjector } from '../project-events/batch-projector';
import { StreamStateCache } from '../project-events/stream-state-cache';

export interface RebuildOptions {
  store: EventStore;
  analytics: AnalyticsStore;
  database: string;
  context: ProjectionContext;
  /** Events read from the store, projected and inserted at a time. */
  batchSize: number;
  cacheSize: number;
  /** The store feed's checkpoint, saved at the end of the replay so a store-feed projector resumes there. */
  checkpointName: string;
  /** After each batch. `head` is the store's head position when the replay started. */
  onProgress?(progress: RebuildProgress): void;
}

export interface RebuildProgress {
  events: number;
  position: bigint;
  head: bigint;
}

export interface RebuildReport {
  events: number;
  applied: number;
  duplicate: number;
  rejected: number;
  rowsWritten: number;
  /** The last position replayed, saved as the checkpoint. */
  position: bigint;
  seconds: number;
}

/**
 * Drops and recreates every analytics table (through the migrations), then replays the whole event log
 * page by page through the projection pipeline the projector runs, one insert per table and page. The
 * next page is read while the current one is written. Stop the projectors first: the tables are empty
 * until the replay has gone past an event.
 */
export async function rebuildAnalytics(options: RebuildOptions): Promise<RebuildReport> {
  const started = process.hrtime.bigint();
  await resetAnalyticsDatabase(options.analytics, options.database);
  const projector = new BatchProjector(
    options.analytics,
    options.database,
    options.context,
    new StreamStateCache(options.cacheSize),
    { tablesStartEmpty: true },
  );
  const head = await options.store.headPosition();
  const report = { events: 0, applied: 0, duplicate: 0, rejected: 0, rowsWritten: 0, position: 0n };
  const read = (after: bigint) => options.store.readAll({ after, maxCount: options.batchSize });

  let page = read(0n);
  for (;;) {
    const events = await page;
    if (events.length === 0) break;
    report.position = events[events.length - 1].globalPosition;
    page = read(report.position);
    // Never an unhandled rejection while the current page is being written.
    page.catch(() => undefined);
    const { outcomes, rowCount } = await projector.project(events);
    report.events += events.length;
    report.applied += outcomes.applied;
    report.duplicate += outcomes.duplicate;
    report.rejected += outcomes.rejected;
    report.rowsWritten += rowCount;
    options.onProgress?.({ events: report.events, position: report.position, head });
  }
  if (report.position > 0n)
    await new AnalyticsCheckpointStore(options.analytics, options.database).save(
      options.checkpointName,
      report.position,
    );
  return { ...report, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
