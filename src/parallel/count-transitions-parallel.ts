import { COUNT_SHARD_TOUCHES, countShards, countTransitions, mergeShards, storeRange } from '../markov/count-shards.js';
import { TransitionCounter, type StateOptions, type TransitionCounterJSON } from '../markov/transition-counter.js';
import type { PathStore } from '../types.js';
import type { CountTask } from './count-task.js';
import { resolveThreads, workerPool } from './pool.js';
import { isShared } from './share-store.js';

/** Options of {@link countTransitionsParallel}. */
export interface ParallelOptions extends StateOptions {
  /** Threads in all, the calling one included. Default: the machine's cores. */
  readonly threads?: number;
  /**
   * Below this many touches counting stays on the calling thread (a
   * worker's start-up would cost more than it saves). Default {@link PARALLEL_MIN_TOUCHES}.
   */
  readonly minTouches?: number;
}

/** Default size from which counting uses worker threads: two shards. */
export const PARALLEL_MIN_TOUCHES = 2 * COUNT_SHARD_TOUCHES;

/**
 * Counts Markov transitions with the store's shards shared among threads:
 * this thread and pool workers take shards from a shared counter until none
 * is left, and the shards' counts are merged in shard order, so the result
 * is bit for bit that of {@link countTransitions} on one thread, for any
 * number of threads.
 *
 * Workers read the store's arrays in place, so only stores backed by
 * SharedArrayBuffer (what the CSV readers build; see `shareStore` for
 * others) use threads; others, small stores, `threads: 1`, or a missing
 * worker build count on the calling thread.
 *
 * @example
 * ```ts
 * const counter = await countTransitionsParallel(store, { order: 1 });
 * const result = markovFromCounts(counter);
 * ```
 */
export async function countTransitionsParallel(store: PathStore, options: ParallelOptions = {}): Promise<TransitionCounter> {
  const threads = resolveThreads(options.threads);
  const state: StateOptions = { order: options.order, collapseRepeats: options.collapseRepeats };
  const shards = countShards(store);
  const touchCount = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  const pool =
    threads > 1 && shards.length > 1 && touchCount >= (options.minTouches ?? PARALLEL_MIN_TOUCHES) && isShared(store) ? workerPool(threads) : null;
  if (pool === null) return countTransitions(store, state);

  const task: CountTask = {
    channels: store.channels.slice(),
    order: state.order ?? 1,
    collapseRepeats: state.collapseRepeats ?? false,
    offsets: store.offsets,
    touches: store.touches,
    conversions: store.conversions,
    value: store.value,
    nulls: store.nulls,
    shards,
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const helpers = Array.from({ length: Math.min(threads, shards.length) - 1 }, () => pool.run<[number, TransitionCounterJSON][]>('count', task));
  // This thread takes shards too, from the first, while the workers start.
  const parts = new Array<TransitionCounter>(shards.length);
  for (let s = Atomics.add(task.next, 0, 1); s < shards.length; s = Atomics.add(task.next, 0, 1)) {
    parts[s] = new TransitionCounter(state).add(storeRange(store, shards[s][0], shards[s][1]));
  }
  for (const done of await Promise.all(helpers)) for (const [s, json] of done) parts[s] = TransitionCounter.fromJSON(json);
  return mergeShards(store, state, parts);
}
