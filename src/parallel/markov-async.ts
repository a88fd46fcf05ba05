import { buildChain } from '../markov/chain.js';
import { markov, requireConversions, resultFromRemovals, type MarkovResult, withPerTouch } from '../markov/markov.js';
import { resolveMarkovOptions, type MarkovOptions, type ResolvedMarkovOptions } from '../markov/options.js';
import type { TransitionCounter } from '../markov/transition-counter.js';
import type { PathStore } from '../types.js';
import { countTransitionsParallel, type ParallelOptions } from './count-transitions-parallel.js';
import { resolveThreads } from './pool.js';
import { solveRemovalsParallel } from './removals-parallel.js';

/** Options of {@link markovAsync}: the Markov options plus the thread settings. */
export interface MarkovAsyncOptions extends MarkovOptions, Omit<ParallelOptions, 'order' | 'collapseRepeats'> {}

/**
 * {@link markov} with the transition counting shared among worker threads
 * for large stores backed by SharedArrayBuffer (what the CSV readers build;
 * see {@link countTransitionsParallel}) and the per-channel removals of
 * method `affected` (orders above 1 on large chains) spread over the same
 * pool (see {@link solveRemovalsParallel}); per-touch credit runs on the
 * calling thread. Results equal `markov`'s bit for bit, for any number of
 * threads. `threads` defaults to the machine's cores; 1 runs on the calling
 * thread only.
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
  return markovFromCountsAsync(store, counter, o, options.threads);
}

/**
 * The Markov result of a store from its transition counts, with the
 * removals spread over threads as in {@link markovAsync} (per-touch credit
 * when `o.perTouch`). Used by `attributeAsync`, which counts once for Markov
 * and the group removals.
 */
export async function markovFromCountsAsync(store: PathStore, counter: TransitionCounter, o: ResolvedMarkovOptions, threads?: number): Promise<MarkovResult> {
  requireConversions(counter);
  const sol = await solveRemovalsParallel(buildChain(counter), o, resolveThreads(threads));
  return withPerTouch(store, resultFromRemovals(counter, sol, o), o);
}
