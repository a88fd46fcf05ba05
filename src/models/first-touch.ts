import type { PathStore } from '../types.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import type { TouchRule } from './walk.js';

/** Options of {@link firstTouch}. */
export interface FirstTouchOptions extends HeuristicModelOptions {}

/** Everything to touch 1. */
const FIRST_TOUCH: TouchRule = { model: 'firstTouch', weigh: () => 0 };

/**
 * First-touch attribution: each converting path gives all its conversions and
 * value to its first touch. Non-converting paths (conversions = 0) give nothing.
 * Touch weights change nothing here (the one touch takes everything); a path
 * whose first touch has weight 0 is counted in `touchWeights.zeroWeightPaths`.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `perTouch: true` also returns credit per touch. Default `{}`.
 * @returns credits named `first_touch`; channel credits sum to `totalConversions` / `totalValue`.
 * @throws PathCreditError when the store is malformed or a converting path has no touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'search > email', conversions: 2, value: 30 }]);
 * firstTouch(store).conversions; // Float64Array [2, 0]  (search, email)
 * ```
 */
export function firstTouch(store: PathStore, options: FirstTouchOptions = {}): HeuristicCredits {
  return runHeuristic(store, 'first_touch', FIRST_TOUCH, options);
}
