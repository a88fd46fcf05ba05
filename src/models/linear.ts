import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { addCompensated, allocateBuffers, checkStore, emptyConvertingPath, finishCredits, type CreditBuffers } from './kernel.js';

/** Options of {@link linear}. */
export interface LinearOptions extends CommonModelOptions {
  /**
   * Split each path over its distinct channels instead of its touches: in
   * `a > b > a` each of a and b gets 1/2 (per touch, a would get 2/3).
   * Per-touch credit then splits a channel's share equally over its touches
   * in the path (each `a` touch gets 1/4). Default false (per touch, as
   * ChannelAttribution).
   */
  readonly unique?: boolean;
}

/**
 * Linear attribution: each converting path splits its conversions and value
 * equally over its n touches (1/n each), so a channel touched 3 times in 5
 * gets 3/5. With `unique: true` the split is over distinct channels.
 *
 * The result's `model` is `linear` in both modes; rename it
 * (`{ ...credits, model: 'linear_unique' }`) to put both in one table.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `unique` and `perTouch`. Default `{}`.
 * @returns credits named `linear`; channel credits sum to the totals.
 * @throws PathCreditError when the store is malformed or a converting path has no touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b > a', conversions: 3, value: 30 }]);
 * linear(store).conversions;                 // Float64Array [2, 1]
 * linear(store, { unique: true }).conversions; // Float64Array [1.5, 1.5]
 * ```
 */
export function linear(store: PathStore, options: LinearOptions = {}): ChannelCredits {
  checkStore(store, 'linear');
  const buffers = allocateBuffers(store, options.perTouch === true);
  if (options.unique === true) linearUniqueKernel(store, buffers);
  else linearKernel(store, buffers);
  return finishCredits(store, 'linear', buffers);
}

/** Unchecked kernel of {@link linear} per touch. */
export function linearKernel(store: PathStore, b: CreditBuffers): void {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    const n = end - start;
    if (n === 0) throw emptyConvertingPath('linear', p, c);
    const cw = c / n;
    const vw = value[p] / n;
    if (touchConv === null) {
      for (let k = start; k < end; k++) {
        const ch = touches[k];
        addCompensated(convSum, convComp, ch, cw);
        addCompensated(valSum, valComp, ch, vw);
      }
    } else {
      for (let k = start; k < end; k++) {
        const ch = touches[k];
        addCompensated(convSum, convComp, ch, cw);
        addCompensated(valSum, valComp, ch, vw);
        touchConv[k] = cw;
        touchVal![k] = vw;
      }
    }
  }
}

/**
 * Unchecked kernel of {@link linear} with `unique: true` (also the simplified
 * Shapley value; `model` names the caller in errors). Distinct channels
 * are counted with a per-channel scratch array stamped by path, so nothing is
 * cleared or allocated per path.
 */
export function linearUniqueKernel(store: PathStore, b: CreditBuffers, model = 'linear'): void {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const channelCount = store.channels.length;
  const stamp = new Int32Array(channelCount).fill(-1); // path that last touched the channel
  const count = new Int32Array(channelCount); // touches of the channel in that path
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    if (end === start) throw emptyConvertingPath(model, p, c);
    let distinct = 0;
    for (let k = start; k < end; k++) {
      const ch = touches[k];
      if (stamp[ch] !== p) {
        stamp[ch] = p;
        count[ch] = 1;
        distinct++;
      } else count[ch]++;
    }
    const cw = c / distinct;
    const vw = value[p] / distinct;
    if (touchConv !== null) {
      for (let k = start; k < end; k++) {
        const m = count[touches[k]];
        touchConv[k] = cw / m;
        touchVal![k] = vw / m;
      }
    }
    // Credit each distinct channel once, at its first touch; un-stamping it
    // marks it done for the rest of the path.
    for (let k = start; k < end; k++) {
      const ch = touches[k];
      if (stamp[ch] !== p) continue;
      stamp[ch] = -1;
      addCompensated(convSum, convComp, ch, cw);
      addCompensated(valSum, valComp, ch, vw);
    }
  }
}
