import { availableParallelism } from 'node:os';
import { TransitionCounter, type TransitionCounterJSON, type StateOptions } from '../markov/transition-counter.js';
import type { PathStore } from '../types.js';
import type { CountTask } from './count-task.js';
import { builtWorkerUrl, runWorker, shareArray as shared } from './worker-files.js';

/** Options of {@link countTransitionsParallel}. */
export interface ParallelOptions extends StateOptions {
  /** Worker threads to use. Default: the available cores. 1 counts on the calling thread. */
  readonly threads?: number;
  /**
   * Below this many touches, counting stays on the calling thread (starting
   * workers costs more than it saves). Default 16,000,000 (starting the workers and sharing the arrays costs about 0.1 s).
   */
  readonly minTouches?: number;
}

/** Default size below which counting is not split across threads. */
export const PARALLEL_MIN_TOUCHES = 16_000_000;

const WORKER_FILE = 'count-worker.js';

/** True when worker threads can be used (a built worker script is present). */
export function parallelAvailable(): boolean {
  return builtWorkerUrl(WORKER_FILE, import.meta.url) !== null;
}

/**
 * Counts Markov transitions with the paths split across worker threads,
 * then merges the partial counts. Each part is a contiguous range of paths
 * with about the same number of touches, and parts are merged in order, so
 * states and transitions get the same ids as a single pass; counts are the
 * same sums (bit for bit for integer counts, within rounding otherwise).
 *
 * Falls back to one thread below `minTouches`, with `threads: 1`, or when the
 * built worker script is not available (running from TypeScript sources).
 *
 * @example
 * ```ts
 * const counter = await countTransitionsParallel(store, { order: 1 });
 * const result = markovFromCounts(counter);
 * ```
 */
export async function countTransitionsParallel(store: PathStore, options: ParallelOptions = {}): Promise<TransitionCounter> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const touchCount = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  const url = builtWorkerUrl(WORKER_FILE, import.meta.url);
  const single = () => new TransitionCounter(options).add(store);
  if (threads === 1 || touchCount < (options.minTouches ?? PARALLEL_MIN_TOUCHES) || url === null) return single();

  const base = {
    channels: store.channels.slice(),
    order: options.order ?? 1,
    collapseRepeats: options.collapseRepeats ?? false,
    offsets: shared(store.offsets),
    touches: shared(store.touches),
    conversions: shared(store.conversions),
    value: shared(store.value),
    nulls: shared(store.nulls),
  };
  const ranges = splitByTouches(store, threads);
  const parts = await Promise.all(ranges.map(([from, to]) => runWorker<TransitionCounterJSON>(url, { ...base, from, to } satisfies CountTask, 'transition counting')));
  // A fresh counter takes the store's channels in order first, as markov() does.
  const counter = new TransitionCounter(options);
  counter.add({ ...store, pathCount: 0 });
  for (const part of parts) counter.merge(TransitionCounter.fromJSON(part));
  return counter;
}

/** Splits the paths into `parts` contiguous ranges with about equal numbers of touches. */
export function splitByTouches(store: PathStore, parts: number): [number, number][] {
  const n = store.pathCount;
  const total = store.offsets[n];
  const ranges: [number, number][] = [];
  let from = 0;
  for (let k = 1; k <= parts && from < n; k++) {
    let to = n;
    if (k < parts) {
      const target = (total * k) / parts;
      let lo = from;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (store.offsets[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      to = Math.max(lo, from + 1);
    }
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}
