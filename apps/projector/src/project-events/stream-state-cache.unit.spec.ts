import type { StreamState } from '@app/analytics';
import { StreamStateCache } from './stream-state-cache';

const state = (version: number): StreamState =>
  ({ kind: 'corrective-action', action: { version } }) as unknown as StreamState;

describe('StreamStateCache', () => {
  it('keeps at most its capacity, evicting the least recently used first', () => {
    const cache = new StreamStateCache(2);
    cache.setAll([
      ['a', state(0)],
      ['b', state(0)],
    ]);
    expect(cache.get('a')).toEqual(state(0));
    cache.setAll([['c', state(0)]]);

    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.stats()).toEqual({ size: 2, capacity: 2, hits: 3, misses: 1, evictions: 1 });
    expect(cache.hasDropped()).toBe(true);
  });

  it('replaces a stream’s state with its newer one', () => {
    const cache = new StreamStateCache(5);
    cache.setAll([['a', state(1)]]);
    cache.setAll([['a', state(2)]]);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toEqual(state(2));
    expect(cache.hasDropped()).toBe(false);
  });

  it('counts a clear as dropping states, so misses are looked up again', () => {
    const cache = new StreamStateCache(5);
    cache.clear();
    expect(cache.hasDropped()).toBe(false);
    cache.setAll([['a', state(1)]]);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.hasDropped()).toBe(true);
  });

  it('takes no state noted before a clear: a batch prepared before a rebalance does not refill the cache', () => {
    const cache = new StreamStateCache(5);
    cache.setAll([['a', state(1)]]);
    const before = cache.generation;
    cache.clear();
    cache.setAll([['a', state(2)]], before);
    expect(cache.get('a')).toBeUndefined();
    cache.setAll([['a', state(3)]], cache.generation);
    expect(cache.get('a')).toEqual(state(3));
  });

  it('counts states kept out after a clear as dropped, so their streams are looked up again', () => {
    const cache = new StreamStateCache(5);
    const before = cache.generation;
    cache.clear();
    expect(cache.hasDropped()).toBe(false);
    cache.setAll([['a', state(1)]], before);
    expect(cache.hasDropped()).toBe(true);
  });

  it('refuses a capacity below one', () => {
    expect(() => new StreamStateCache(0)).toThrow();
  });
});
