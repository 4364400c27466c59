/**
 * `npm run rebuild`'s path (`rebuildConfigured`) in a process of its own, configured by the environment
 * as the real one is, so that `bench/measures/rebuild.ts` can watch its memory from outside. Reports on
 * stdout, one JSON line per batch and one at the end:
 *
 *   REBUILD_PROGRESS {"events":…,"position":"…","head":"…"}
 *   REBUILD_DONE {"events":…,"seconds":…,"rowsWritten":…,"maxRssMb":…,…}
 */
import { loadProjectorConfig } from '../../apps/projector/src/config/projector.config';
import { rebuildConfigured } from '../../apps/projector/src/rebuild';

export const PROGRESS_PREFIX = 'REBUILD_PROGRESS ';
export const DONE_PREFIX = 'REBUILD_DONE ';
export const OPENED_LINE = 'REBUILD_OPENED';

export interface ChildProgress {
  events: number;
  position: string;
  head: string;
}

export interface ChildDone {
  events: number;
  applied: number;
  rejected: number;
  rowsWritten: number;
  seconds: number;
  maxRssMb: number;
  /** The settings it ran with (REBUILD_BATCH_SIZE, PROJECTOR_CACHE_SIZE). */
  batchSize: number;
  cacheSize: number;
}

const line = (text: string) => process.stdout.write(`${text}\n`);

const main = async () => {
  const config = loadProjectorConfig(process.env);
  const report = await rebuildConfigured(config, {
    onOpened: () => line(OPENED_LINE),
    onProgress: ({ events, position, head }) =>
      line(`${PROGRESS_PREFIX}${JSON.stringify({ events, position: String(position), head: String(head) })}`),
  });
  const done: ChildDone = {
    events: report.events,
    applied: report.applied,
    rejected: report.rejected,
    rowsWritten: report.rowsWritten,
    seconds: report.seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    batchSize: config.REBUILD_BATCH_SIZE,
    cacheSize: config.PROJECTOR_CACHE_SIZE,
  };
  line(`${DONE_PREFIX}${JSON.stringify(done)}`);
};

if (require.main === module)
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
