import type { PathStore } from '../types.js';
import { TransitionCounter, type StateOptions } from './transition-counter.js';

/**
 * Touches per counting shard. Transition counts are sums of the paths'
 * conversions and nulls; with fractional counts the order of the additions
 * shows in the last bits, so counting always goes shard by shard, each shard
 * counted on its own and the shards merged in order: then the counts (and
 * every number derived from them) are the same bit for bit whether one
 * thread counts every shard or several threads share them.
 */
export const COUNT_SHARD_TOUCHES = 1 << 22;

/** The store's counting shards: contiguous path ranges of about {@link COUNT_SHARD_TOUCHES} touches, fixed by the store alone. */
export function countShards(store: Pick<PathStore, 'pathCount' | 'offsets'>): [number, number][] {
  const n = store.pathCount;
  const shards: [number, number][] = [];
  let from = 0;
  while (from < n) {
    const target = store.offsets[from] + COUNT_SHARD_TOUCHES;
    // The first path starting at or past the target ends the shard (at least one path per shard).
    let lo = from + 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (store.offsets[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    shards.push([from, lo]);
    from = lo;
  }
  return shards;
}

/** The paths `[from, to)` of a store, as a store (views, nothing copied). */
export function storeRange(store: Pick<PathStore, 'channels' | 'offsets' | 'touches' | 'conversions' | 'value' | 'nulls'>, from: number, to: number): PathStore {
  return {
    channels: store.channels,
    pathCount: to - from,
    // Offsets stay absolute, so the touch array is indexed as it is.
    offsets: store.offsets.subarray(from, to + 1),
    touches: store.touches,
    times: null,
    conversionTimes: null,
    conversions: store.conversions.subarray(from, to),
    value: store.value.subarray(from, to),
    nulls: store.nulls.subarray(from, to),
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
  };
}

/**
 * Merges shard counts in shard order into a counter that knows the store's
 * channels in order first, so counter channel ids equal store ids.
 */
export function mergeShards(store: PathStore, options: StateOptions, parts: Iterable<TransitionCounter>): TransitionCounter {
  const counter = new TransitionCounter(options);
  counter.add({ ...store, pathCount: 0 });
  for (const part of parts) counter.merge(part);
  return counter;
}

/**
 * The transition counts of a store, shard by shard on the calling thread
 * (see {@link COUNT_SHARD_TOUCHES}; `countTransitionsParallel` gives the same
 * counts with several threads).
 */
export function countTransitions(store: PathStore, options: StateOptions = {}): TransitionCounter {
  const shards = countShards(store);
  // One shard (small stores): the counter of the whole, no merge needed.
  if (shards.length <= 1) return new TransitionCounter(options).add(store);
  return mergeShards(
    store,
    options,
    shards.map(([from, to]) => new TransitionCounter(options).add(storeRange(store, from, to))),
  );
}
