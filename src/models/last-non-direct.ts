import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import { weightlessTouch } from './weighted-path.js';

/** The channel names {@link lastNonDirect} treats as direct unless told otherwise. */
export const DEFAULT_DIRECT_CHANNELS: readonly string[] = Object.freeze(['direct', 'Direct', '(direct)']);

/** Options of {@link lastNonDirect}. */
export interface LastNonDirectOptions extends HeuristicModelOptions {
  /**
   * Channel names that count as direct traffic, matched exactly (case-sensitive,
   * no trimming). Names absent from the store are ignored. Default
   * `["direct", "Direct", "(direct)"]`.
   */
  readonly direct?: readonly string[];
}

/**
 * Last-non-direct attribution: each converting path gives all its conversions
 * and value to its last touch whose channel is not direct; a path made only of
 * direct touches gives it to its last touch.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `direct` channel names and `perTouch`. Default `{}`.
 * @returns credits named `last_non_direct`; channel credits sum to the totals.
 * @throws PathCreditError when `direct` is not an array of strings, the store is
 *   malformed, or a converting path has no touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'search > direct', conversions: 1, value: 5 }]);
 * lastNonDirect(store).conversions; // Float64Array [1, 0]  (search, direct)
 * ```
 */
export function lastNonDirect(store: PathStore, options: LastNonDirectOptions = {}): HeuristicCredits {
  const direct = options.direct ?? DEFAULT_DIRECT_CHANNELS;
  if (!Array.isArray(direct) || direct.some((d) => typeof d !== 'string')) {
    throw new PathCreditError('lastNonDirect: direct must be an array of channel names', { column: 'direct', value: direct });
  }
  // A lookup table by channel id, built once, keeps strings out of the walk.
  const names = new Set(direct);
  const isDirect = new Uint8Array(store.channels.length);
  for (let i = 0; i < store.channels.length; i++) isDirect[i] = names.has(store.channels[i]) ? 1 : 0;
  return runHeuristic(store, 'lastNonDirect', 'last_non_direct', (s, b, tw) => lastNonDirectKernel(s, isDirect, b, tw), options);
}

/** Unchecked kernel of {@link lastNonDirect}: `isDirect[channelId]` is 1 for direct channels; returns the paths whose chosen touch weighs 0. */
function lastNonDirectKernel(store: PathStore, isDirect: Uint8Array, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  let weightless = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const last = offsets[p + 1] - 1;
    if (last < start) throw emptyConvertingPath('lastNonDirect', p, c);
    let k = last;
    while (k >= start && isDirect[touches[k]] === 1) k--;
    if (k < start) k = last; // all direct: the last touch takes it
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
