/**
 * Durable positions of followers of the global feed (the relay, projectors), kept next to the events so
 * that a follower resumes where it stopped. Every adapter passes `checkpoint-store.contract.ts`.
 */
export interface CheckpointStore {
  /** The saved position of `name`, or `START_POSITION` when nothing was saved yet. */
  load(name: string): Promise<bigint>;
  /**
   * Saves `position` for `name` unless a higher one is already saved: a checkpoint never moves backwards,
   * so a late or repeated save from a restarted follower cannot make it re-read what was done.
   */
  save(name: string, position: bigint): Promise<void>;
}

/** An event store that keeps its followers' checkpoints on the same engine and connections. */
export interface CheckpointProvider {
  /** Valid as long as the store is open; closing the store closes it too. */
  checkpoints(): CheckpointStore;
}

/** Refuses what no adapter could store; shared so that every adapter fails the same way. */
export function assertCheckpoint(name: string, position?: bigint): void {
  if (name.length === 0 || name.length > 200) throw new Error('Checkpoint name must be 1 to 200 characters');
  if (position !== undefined && position < 0n) {
    throw new Error(`Checkpoint ${name}: position ${position} is negative`);
  }
}
