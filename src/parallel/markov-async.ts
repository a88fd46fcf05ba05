import { markov, markovFromCounts, type MarkovResult, withPerTouch } from '../markov/markov.js';
import { resolveMarkovOptions, type MarkovOptions } from '../markov/options.js';
import type { PathStore } from '../types.js';
import { countTransitionsParallel, type ParallelOptions } from './count-transitions-parallel.js';

/** Options of {@link markovAsync}: the Markov options plus the thread settings. */
export interface MarkovAsyncOptions extends MarkovOptions, Omit<ParallelOptions, 'order' | 'collapseRepeats'> {}

/**
 * {@link markov} with the transition counting shared among worker threads
 * for large stores backed by SharedArrayBuffer (what the CSV readers build;
 * see {@link countTransitionsParallel}); the solve and per-touch credit run
 * on the calling thread. Results equal `markov`'s bit for bit, for any
 * number of threads. `threads` defaults to the machine's cores; 1 counts on
 * the calling thread only.
 *
 * @example
 * ```ts
 * const result = await markovAsync(store, { order: 2, threads: 2 });
 * ```
 */
export async function markovAsync(store: PathStore, options: MarkovAsyncOptions = {}): Promise<MarkovResult> {
  const o = resolveMarkovOptions(options);
  if (store.pathCount === 0) return markov(store, options); // throws the usual error
  const counter = await countTransitionsParallel(store, { order: o.order, collapseRepeats: o.collapseRepeats, threads: options.threads, minTouches: options.minTouches });
  const result = markovFromCounts(counter, { value: o.value, solver: o.solver, tolerance: o.tolerance, maxIterations: o.maxIterations });
  return withPerTouch(store, result, o);
}
