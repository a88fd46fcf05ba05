import type { PathStore } from '../types.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import type { TouchRule } from './walk.js';

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

/** 1/n to each touch (the walk normalises, so weight 1 each). */
const PER_TOUCH: TouchRule = {
  model: 'linear',
  weigh(_p, start, end, w) {
    w.fill(1, 0, end - start);
    return -1;
  },
};

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
  return runHeuristic(store, 'linear', options.unique === true ? uniqueChannelRule(store, 'linear') : PER_TOUCH, options);
}

/**
 * 1/d to each of the d distinct channels of a path, split equally over that
 * channel's touches (also the simplified Shapley value; `model` names the
 * caller in errors). Distinct channels are counted with a per-channel scratch
 * array stamped per call, so nothing is cleared or allocated per path.
 */
export function uniqueChannelRule(store: PathStore, model: string): TouchRule {
  const touches = store.touches;
  const stamp = new Int32Array(store.channels.length); // the call that last touched the channel
  const count = new Int32Array(store.channels.length); // touches of the channel in that path
  let call = 0; // per call, not per path: the walk may weigh a path twice (its zero-weight fallback)
  return {
    model,
    weigh(_p, start, end, w) {
      if (call === 0x3fffffff) {
        stamp.fill(0);
        call = 0;
      }
      const epoch = ++call;
      let distinct = 0;
      for (let k = start; k < end; k++) {
        const ch = touches[k];
        if (stamp[ch] !== epoch) {
          stamp[ch] = epoch;
          count[ch] = 1;
          distinct++;
        } else count[ch]++;
      }
      const share = 1 / distinct;
      for (let k = start; k < end; k++) w[k - start] = share / count[touches[k]];
      return -1;
    },
  };
}
