import type { FollowOptions, RecordedEvent, Subscription } from '../event-store.port';

export type ReadPage = (after: bigint, maxCount: number) => Promise<RecordedEvent[]>;

export interface PollingDefaults {
  batchSize: number;
  pollIntervalMs: number;
}

/**
 * Follows a feed by reading page after page from a cursor; sleeps only once a short page says it is
 * caught up. The handler is awaited before the next read, so a slow handler slows the reads, never
 * piles up batches.
 */
export function pollingSubscription(
  readPage: ReadPage,
  handler: (batch: RecordedEvent[]) => Promise<void>,
  options: FollowOptions,
  defaults: PollingDefaults,
): Subscription {
  const batchSize = options.batchSize ?? defaults.batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? defaults.pollIntervalMs;
  let stopped = false;
  let wake: (() => void) | undefined;

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let after = options.after ?? 0n;
    while (!stopped) {
      const batch = await readPage(after, batchSize);
      if (stopped) return;
      if (batch.length > 0) {
        await handler(batch);
        after = batch[batch.length - 1].globalPosition;
      }
      if (batch.length < batchSize && !stopped) await pause();
    }
  };

  const done = run();
  // Callers that only ever call stop() must not get an unhandled rejection.
  done.catch(() => undefined);

  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
