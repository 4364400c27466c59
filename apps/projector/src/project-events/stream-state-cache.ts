import type { StreamState } from '@app/analytics';

/**
 * The state of the streams projected most recently, least recently used evicted first, so memory stays
 * bounded however many complaints there are. A miss is not an error: the state is read back from
 * ClickHouse, which holds exactly what the cache held.
 */
export class StreamStateCache {
  private readonly states = new Map<string, StreamState>();
  private counts = { hits: 0, misses: 0, evictions: 0 };
  private dropped = false;
  private clears = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('The cache needs room for one stream');
  }

  get size(): number {
    return this.states.size;
  }

  /** The cached state, marked as used; undefined on a miss. */
  get(streamId: string): StreamState | undefined {
    const state = this.states.get(streamId);
    if (state === undefined) {
      this.counts.misses += 1;
      return undefined;
    }
    this.counts.hits += 1;
    // A Map iterates in insertion order: re-inserting moves the stream to the most recent end.
    this.states.delete(streamId);
    this.states.set(streamId, state);
    return state;
  }

  /**
   * Changes with every `clear`. A batch notes it before it reads any state and hands it back with its
   * states: states read or projected before a clear (a rebalance) may be older than what another member
   * wrote since, so they must not come back into the cache after it.
   */
  get generation(): number {
    return this.clears;
  }

  /** Keeps the states, unless they belong to an earlier `generation` (then nothing changes). */
  setAll(states: Iterable<readonly [string, StreamState]>, generation = this.generation): void {
    if (generation !== this.clears) {
      // States let go like evicted ones: a later miss of these streams must be looked up.
      for (const _ of states) {
        this.dropped = true;
        break;
      }
      return;
    }
    for (const [streamId, state] of states) {
      this.states.delete(streamId);
      this.states.set(streamId, state);
    }
    for (const oldest of this.states.keys()) {
      if (this.states.size <= this.capacity) break;
      this.states.delete(oldest);
      this.counts.evictions += 1;
      this.dropped = true;
    }
  }

  clear(): void {
    this.clears += 1;
    if (this.states.size > 0) this.dropped = true;
    this.states.clear();
  }

  /** Whether a state was ever let go (evicted or cleared): until then, a miss means a stream not seen yet. */
  hasDropped(): boolean {
    return this.dropped;
  }

  stats(): { size: number; capacity: number; hits: number; misses: number; evictions: number } {
    return { size: this.states.size, capacity: this.capacity, ...this.counts };
  }
}
