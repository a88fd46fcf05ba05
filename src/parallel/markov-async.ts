import { buildChain } from '../markov/chain.js';
import { markov, requireConversions, resultFromRemovals, type MarkovResult, withPerTouch } from '../markov/markov.js';
import { resolveMarkovOptions, type MarkovOptions } from '../markov/options.js';
import type { PathStore } from '../types.js';
import { countTransitionsParallel, type ParallelOptions } from './count-transitions-parallel.js';
import { solveRemovalsParallel } from './removals-parallel.js';

/** Options of {@link markovAsync}: the Markov options plus the thread settings. */
export interface MarkovAsyncOptions extends MarkovOptions, Omit<ParallelOptions, 'order' | 'collapseRepeats'> {}

/**
 * {@link markov} with the transition counting split across worker threads
 * for large stores (see {@link countTransitionsParallel}) and the per-channel
 * removals of method `affected` (orders above 1 on large chains) spread over
 * them (see {@link solveRemovalsParallel}) when `threads` > 1 (default 1: on
 * the 2-core machine this was measured on, sharing the store's arrays with the
 * workers cost more than the split of the counting saved); per-touch credit
 * runs on the calling thread. Results equal `markov`'s (bit for bit with
 * integer counts, within 1e-12 relative otherwise).
 *
 * @example
 * ```ts
 * const result = await markovAsync(store, { order: 2, threads: 2 });
 * ```
 */
export async function markovAsync(store: PathStore, options: MarkovAsyncOptions = {}): Promise<MarkovResult> {
  const o = resolveMarkovOptions(options);
  if (store.pathCount === 0) return markov(store, options); // throws the usual error
  const counter = await countTransitionsParallel(store, { order: o.order, collapseRepeats: o.collapseRepeats, threads: options.threads ?? 1, minTouches: options.minTouches });
  requireConversions(counter);
  const sol = await solveRemovalsParallel(buildChain(counter), o, options.threads ?? 1);
  return withPerTouch(store, resultFromRemovals(counter, sol, o), o);
}
