import type { PathStore } from '../types.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import type { TouchRule } from './walk.js';

/** Options of {@link lastTouch}. */
export interface LastTouchOptions extends HeuristicModelOptions {}

/** Everything to touch n. */
const LAST_TOUCH: TouchRule = { model: 'lastTouch', weigh: (_p, start, end) => end - start - 1 };

/**
 * Last-touch attribution: each converting path gives all its conversions and
 * value to its last touch. Non-converting paths (conversions = 0) give nothing.
 * Touch weights change nothing here (the one touch takes everything); a path
 * whose last touch has weight 0 is counted in `touchWeights.zeroWeightPaths`.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `perTouch: true` also returns credit per touch. Default `{}`.
 * @returns credits named `last_touch`; channel credits sum to `totalConversions` / `totalValue`.
 * @throws PathCreditError when the store is malformed or a converting path has no touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'search > email', conversions: 2, value: 30 }]);
 * lastTouch(store).conversions; // Float64Array [0, 2]  (search, email)
 * ```
 */
export function lastTouch(store: PathStore, options: LastTouchOptions = {}): HeuristicCredits {
  return runHeuristic(store, 'last_touch', LAST_TOUCH, options);
}
