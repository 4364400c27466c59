/**
 * Rebuilds the analytics tables from the event log: drops and recreates them, replays every event
 * through the projections, and saves the store feed's checkpoint at the end.
 *
 *   npm run rebuild                       (EVENT_STORE, DATABASE_URL…, ANALYTICS_STORE, CHDB_DATA_DIR…)
 *
 * Stop every projector writing to the database first (and, with the embedded stores, the standalone
 * process: PGlite and chDB are one process at a time). Progress goes to stderr; the summary to stdout.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { type AnalyticsStore, hmacCustomerKey, openConfiguredAnalyticsStore } from '@app/analytics';
import { type EventStore, openConfiguredEventStore } from '@app/event-store';
import { ownerOnlyFiles, secureDataDir } from '@app/platform';
import { DEV_SECRET_WARNING, type ProjectorConfig, loadProjectorConfig } from './config/projector.config';
import { type RebuildProgress, type RebuildReport, rebuildAnalytics } from './rebuild/rebuild-analytics';

export interface RebuildHooks {
  /** Both stores are open; the replay starts now. */
  onOpened?(): void;
  onProgress?(progress: RebuildProgress): void;
}

/**
 * The rebuild as `npm run rebuild` runs it, without the terminal around it: opens the configured stores,
 * replays the log into the configured database, and closes the stores again. The benchmark runs this
 * very path to watch its memory.
 */
export const rebuildConfigured = async (
  config: ProjectorConfig,
  hooks: RebuildHooks = {},
): Promise<RebuildReport> => {
  let store: EventStore | undefined;
  let analytics: AnalyticsStore | undefined;
  try {
    store = await openConfiguredEventStore(config);
    analytics = await openConfiguredAnalyticsStore(config);
    hooks.onOpened?.();
    return await rebuildAnalytics({
      store,
      analytics,
      database: config.ANALYTICS_DATABASE,
      context: { customerKey: hmacCustomerKey(config.CUSTOMER_KEY_SECRET) },
      batchSize: config.REBUILD_BATCH_SIZE,
      cacheSize: config.PROJECTOR_CACHE_SIZE,
      checkpointName: config.PROJECTOR_CHECKPOINT,
      onProgress: hooks.onProgress,
    });
  } finally {
    await analytics?.close();
    await store?.close();
  }
};

const main = async () => {
  ownerOnlyFiles();
  const config = loadProjectorConfig();
  secureDataDir([config.DATA_DIR, config.CHDB_DATA_DIR]);
  if (config.usesDevCustomerKeySecret) process.stderr.write(`WARNING: ${DEV_SECRET_WARNING}\n`);
  const bar = new SingleBar({
    format: 'rebuild [{bar}] {percentage}% | {events} events | position {value}/{total} | {rate} events/s',
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 2_000,
    etaBuffer: 50,
  });
  try {
    let started = Date.now();
    let barStarted = false;
    const report = await rebuildConfigured(config, {
      onOpened: () => (started = Date.now()),
      onProgress: ({ events, position, head }) => {
        const payload = { events, rate: Math.round(events / Math.max((Date.now() - started) / 1000, 1e-3)) };
        if (!barStarted) bar.start(Math.max(Number(head), Number(position)), Number(position), payload);
        barStarted = true;
        bar.setTotal(Math.max(bar.getTotal(), Number(position)));
        bar.update(Number(position), payload);
      },
    });
    bar.stop();
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(
      `Rebuilt ${config.ANALYTICS_DATABASE} from ${report.events} events (${report.applied} applied, ` +
        `${report.duplicate} duplicates, ${report.rejected} rejected; ${report.rowsWritten} rows) in ` +
        `${report.seconds.toFixed(1)} s: ${Math.round(report.events / report.seconds)} events/s, ` +
        `peak RSS ${Math.round(peakRssMb)} MB; checkpoint ${config.PROJECTOR_CHECKPOINT}=${report.position}\n`,
    );
  } finally {
    bar.stop();
  }
};

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(
      `rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
