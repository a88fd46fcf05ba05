import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { addCompensated, allocateBuffers, checkStore, emptyConvertingPath, finishCredits, type CreditBuffers } from './kernel.js';

/** Options of {@link lastTouch}. */
export interface LastTouchOptions extends CommonModelOptions {}

/**
 * Last-touch attribution: each converting path gives all its conversions and
 * value to its last touch. Non-converting paths (conversions = 0) give nothing.
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
export function lastTouch(store: PathStore, options: LastTouchOptions = {}): ChannelCredits {
  checkStore(store, 'lastTouch');
  const buffers = allocateBuffers(store, options.perTouch === true);
  lastTouchKernel(store, buffers);
  return finishCredits(store, 'last_touch', buffers);
}

/** Unchecked kernel of {@link lastTouch}: accumulates into `b`. */
export function lastTouchKernel(store: PathStore, b: CreditBuffers): void {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const k = offsets[p + 1] - 1;
    if (k < offsets[p]) throw emptyConvertingPath('lastTouch', p, c);
    const ch = touches[k];
    const v = value[p];
    addCompensated(convSum, convComp, ch, c);
    addCompensated(valSum, valComp, ch, v);
    if (touchConv !== null) {
      touchConv[k] = c;
      touchVal![k] = v;
    }
  }
}
