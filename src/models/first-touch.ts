import type { PathStore } from '../types.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import { weightlessTouch } from './weighted-path.js';

/** Options of {@link firstTouch}. */
export interface FirstTouchOptions extends HeuristicModelOptions {}

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
  return runHeuristic(store, 'firstTouch', 'first_touch', firstTouchKernel, options);
}

/** Unchecked kernel of {@link firstTouch}: accumulates into `b`; returns the paths whose first touch weighs 0. */
function firstTouchKernel(store: PathStore, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  let weightless = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const k = offsets[p];
    if (k === offsets[p + 1]) throw emptyConvertingPath('firstTouch', p, c);
    const ch = touches[k];
    const v = value[p];
    addCompensated(convSum, convComp, ch, c);
    addCompensated(valSum, valComp, ch, v);
    if (touchConv !== null) {
      touchConv[k] = c;
      touchVal![k] = v;
    }
    if (tw !== null) weightless += weightlessTouch(k, tw);
  }
  return weightless;
}
