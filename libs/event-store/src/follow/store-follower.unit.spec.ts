import type { CheckpointStore } from '../checkpoint-store.port';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { pollingSubscription } from '../shared/polling-subscription';
import { StoreFollower } from './store-follower';

const event = (position: number): RecordedEvent =>
  ({ streamId: 's', streamRevision: position, globalPosition: BigInt(position) }) as RecordedEvent;

class MemoryCheckpoints implements CheckpointStore {
  position = 0n;
  async load(): Promise<bigint> {
    return this.position;
  }
  async save(_name: string, position: bigint): Promise<void> {
    if (position > this.position) this.position = position;
  }
}

/** A feed of positions 1..`head` whose reads fail while `failing` is set. */
const feedOf = (head: number, state: { failing?: string; reads: bigint[] }): EventStore =>
  ({
    follow: (handler, options) =>
      pollingSubscription(
        async (after, max) => {
          state.reads.push(after);
          if (state.failing) throw new Error(state.failing);
          const events: RecordedEvent[] = [];
          for (let p = Number(after) + 1; p <= head && events.length < max; p++) events.push(event(p));
          return events;
        },
        handler,
        options ?? {},
        { batchSize: 2, pollIntervalMs: 5 },
      ),
  }) as Partial<EventStore> as EventStore;

const quiet = { log: () => undefined, warn: () => undefined };
const options = {
  checkpointName: 'test',
  batchSize: 2,
  pollIntervalMs: 5,
  retryInitialMs: 5,
  retryMaxMs: 20,
};

const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('StoreFollower', () => {
  it('hands the feed over in order from the saved checkpoint', async () => {
    const checkpoints = new MemoryCheckpoints();
    checkpoints.position = 2n;
    const follower = new StoreFollower(feedOf(7, { reads: [] }), checkpoints, options, quiet);
    const seen: bigint[] = [];
    await follower.start({
      activity: 'Testing',
      handle: async (batch) => {
        seen.push(...batch.map((e) => e.globalPosition));
        await follower.save(batch[batch.length - 1].globalPosition);
      },
    });
    await waitFor(() => follower.status().checkpoint === 7n);
    await follower.stop();
    expect(seen).toEqual([3n, 4n, 5n, 6n, 7n]);
    expect(follower.status()).toEqual({ state: 'stopped', checkpoint: 7n });
  });

  it('restarts from the checkpoint after a failed read, saying why while it waits', async () => {
    const checkpoints = new MemoryCheckpoints();
    const feed = { reads: [] as bigint[], failing: 'store gone' as string | undefined };
    const follower = new StoreFollower(
      feedOf(3, feed),
      checkpoints,
      { ...options, retryInitialMs: 50 },
      quiet,
    );
    const seen: bigint[] = [];
    await follower.start({
      activity: 'Testing',
      handle: async (batch) => {
        seen.push(...batch.map((e) => e.globalPosition));
        await follower.save(batch[batch.length - 1].globalPosition);
      },
    });
    await waitFor(() => follower.status().state === 'restarting');
    expect(follower.status().lastError).toBe('store gone');
    feed.failing = undefined;
    await waitFor(() => follower.status().checkpoint === 3n);
    expect(follower.status()).toEqual({ state: 'following', checkpoint: 3n });
    await follower.stop();
    expect(seen).toEqual([1n, 2n, 3n]);
  });

  it('lets the work the handler left running settle before it stops', async () => {
    const follower = new StoreFollower(feedOf(2, { reads: [] }), new MemoryCheckpoints(), options, quiet);
    let finish: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (finish = resolve));
    let settled = false;
    await follower.start({
      activity: 'Testing',
      handle: async () => undefined,
      settle: async () => {
        await running;
        settled = true;
      },
    });
    const stopped = follower.stop();
    setTimeout(finish, 20);
    await stopped;
    expect(settled).toBe(true);
  });

  it('hands nothing more over once halted from inside the handler', async () => {
    const follower = new StoreFollower(feedOf(6, { reads: [] }), new MemoryCheckpoints(), options, quiet);
    const seen: bigint[] = [];
    await follower.start({
      activity: 'Testing',
      handle: async (batch) => {
        seen.push(...batch.map((e) => e.globalPosition));
        follower.halt();
      },
    });
    await waitFor(() => follower.stopping());
    await follower.stop();
    expect(seen).toEqual([1n, 2n]);
    expect(follower.status().state).toBe('stopped');
  });
});
