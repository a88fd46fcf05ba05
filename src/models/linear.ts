import type { PathStore } from '../types.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import { creditWeightedPath } from './weighted-path.js';

/** Options of {@link linear}. */
export interface LinearOptions extends HeuristicModelOptions {
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
 * gets 3/5. With `unique: true` the split is over distinct channels. With
 * touch weights, each touch's share is proportional to its weight.
 *
 * The result's `model` is `linear` in both modes; rename it
 * (`{ ...credits, model: 'linear_unique' }`) to put both in one table.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `unique`, `touchWeights` and `perTouch`. Default `{}`.
 * @returns credits named `linear`; channel credits sum to the totals.
 * @throws PathCreditError when the store is malformed or a converting path has no touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b > a', conversions: 3, value: 30 }]);
 * linear(store).conversions;                 // Float64Array [2, 1]
 * linear(store, { unique: true }).conversions; // Float64Array [1.5, 1.5]
 * ```
 */
export function linear(store: PathStore, options: LinearOptions = {}): HeuristicCredits {
  return runHeuristic(store, 'linear', 'linear', options.unique === true ? (s, b, tw) => linearUniqueKernel(s, b, tw, 'linear') : linearKernel, options);
}

/** Unchecked kernel of {@link linear} per touch: 1/n each, or in proportion to the touch weights. */
function linearKernel(store: PathStore, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  let ones = new Float64Array(tw === null ? 0 : 64); // positional weights for the touch-weighted split
  let fallbacks = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    const n = end - start;
    if (n === 0) throw emptyConvertingPath('linear', p, c);
    if (tw !== null) {
      if (ones.length < n) ones = new Float64Array(Math.max(n, ones.length * 2));
      ones.fill(1, 0, n);
      fallbacks += creditWeightedPath(start, end, c, value[p], ones, touches, b, tw);
      continue;
    }
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
  return fallbacks;
}

/**
 * Unchecked kernel of {@link linear} with `unique: true` (also the simplified
 * Shapley value; `model` names the caller in errors): 1/d to each of the d
 * distinct channels, split equally over that channel's touches. Distinct
 * channels are counted with a per-channel scratch array stamped by path, so
 * nothing is cleared or allocated per path. With touch weights, each touch's
 * share of 1/d is scaled by its weight and the path renormalised.
 */
export function linearUniqueKernel(store: PathStore, b: CreditBuffers, tw: TouchWeightTable | null, model: string): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const channelCount = store.channels.length;
  const stamp = new Int32Array(channelCount).fill(-1); // path that last touched the channel
  const count = new Int32Array(channelCount); // touches of the channel in that path
  let w = new Float64Array(tw === null ? 0 : 64);
  let fallbacks = 0;
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
    if (tw !== null) {
      if (w.length < end - start) w = new Float64Array(Math.max(end - start, w.length * 2));
      for (let k = start; k < end; k++) w[k - start] = 1 / distinct / count[touches[k]];
      fallbacks += creditWeightedPath(start, end, c, value[p], w, touches, b, tw);
      continue;
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
  return fallbacks;
}
