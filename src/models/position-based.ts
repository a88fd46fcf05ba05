import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import { creditWeightedPath } from './weighted-path.js';

/** Named weight pairs of {@link positionBased}: `U` (0.4, 0.4), `J` (0.2, 0.6), `inverseJ` (0.6, 0.2). */
export type PositionPreset = 'U' | 'J' | 'inverseJ';

/** First and last weights of each {@link PositionPreset}. */
export const POSITION_PRESETS: Readonly<Record<PositionPreset, { readonly first: number; readonly last: number }>> = Object.freeze({
  U: Object.freeze({ first: 0.4, last: 0.4 }),
  J: Object.freeze({ first: 0.2, last: 0.6 }),
  inverseJ: Object.freeze({ first: 0.6, last: 0.2 }),
});

/** Options of {@link positionBased}. */
export interface PositionBasedOptions extends HeuristicModelOptions {
  /**
   * Weight pair by name. Default `U`. An explicit `first` or `last` overrides
   * the preset's value for that end.
   */
  readonly preset?: PositionPreset;
  /** Share of the first touch on paths of 3+ touches; finite, >= 0, `first + last <= 1`. Default 0.4. */
  readonly first?: number;
  /** Share of the last touch on paths of 3+ touches; finite, >= 0, `first + last <= 1`. Default 0.4. */
  readonly last?: number;
}

/**
 * Position-based attribution. On a path of n touches: n = 1 gives everything
 * to the touch; n = 2 gives `first / (first + last)` and `last / (first + last)`
 * (1/2 each when both weights are 0); n >= 3 gives `first` to touch 1, `last`
 * to touch n and `(1 - first - last) / (n - 2)` to each middle touch.
 *
 * @param store - encoded paths (see `fromPathRows`).
 * @param options - `preset`, `first`, `last` and `perTouch`. Default U-shape (0.4, 0.4).
 * @returns credits named `position_based`; channel credits sum to the totals.
 * @throws PathCreditError for an unknown preset, weights that are not finite
 *   numbers >= 0 or that sum to more than 1, a malformed store, or a converting
 *   path without touches.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b > c', conversions: 1, value: 10 }]);
 * positionBased(store).conversions;                // Float64Array [0.4, 0.2, 0.4]
 * positionBased(store, { preset: 'J' }).conversions; // Float64Array [0.2, 0.2, 0.6]
 * ```
 */
export function positionBased(store: PathStore, options: PositionBasedOptions = {}): HeuristicCredits {
  const preset = options.preset ?? 'U';
  if (!Object.hasOwn(POSITION_PRESETS, preset)) {
    throw new PathCreditError('positionBased: preset must be "U", "J" or "inverseJ"', { column: 'preset', value: preset });
  }
  const first = options.first ?? POSITION_PRESETS[preset].first;
  const last = options.last ?? POSITION_PRESETS[preset].last;
  for (const [name, w] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new PathCreditError(`positionBased: ${name} must be a finite number >= 0`, { column: name, value: w });
    }
  }
  // A little slack so 0.7 + 0.3 (= 1.0000000000000002 in binary) is accepted.
  if (first + last > 1 + 1e-12) {
    throw new PathCreditError(`positionBased: first + last must be <= 1 (first ${first}, last ${last})`, { column: 'first', value: first + last });
  }
  return runHeuristic(store, 'positionBased', 'position_based', (s, b, tw) => positionBasedKernel(s, first, last, b, tw), options);
}

/** Unchecked kernel of {@link positionBased}; weights already validated. */
function positionBasedKernel(store: PathStore, first: number, last: number, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const ends = first + last;
  // Two-touch split; with both weights 0 there is no preference, so halve.
  const pairFirst = ends > 0 ? first / ends : 0.5;
  const pairLast = ends > 0 ? last / ends : 0.5;
  // Clamped at 0 so the rounding slack allowed above cannot create negative credit.
  const middleTotal = Math.max(0, 1 - ends);
  let w = new Float64Array(tw === null ? 0 : 64); // positional weights for the touch-weighted split
  let fallbacks = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    const n = end - start;
    if (n === 0) throw emptyConvertingPath('positionBased', p, c);
    const v = value[p];
    // n = 1 puts everything on the one touch; first and last are then the same touch.
    const wf = n === 1 ? 1 : n === 2 ? pairFirst : first;
    const wl = n === 1 ? 0 : n === 2 ? pairLast : last;
    const wm = n > 2 ? middleTotal / (n - 2) : 0;
    if (tw !== null && n > 1) {
      if (w.length < n) w = new Float64Array(Math.max(n, w.length * 2));
      w.fill(wm, 1, n - 1);
      w[0] = wf;
      w[n - 1] = wl;
      fallbacks += creditWeightedPath(start, end, c, v, w, touches, b, tw);
      continue;
    }
    const chFirst = touches[start];
    addCompensated(convSum, convComp, chFirst, c * wf);
    addCompensated(valSum, valComp, chFirst, v * wf);
    if (n > 1) {
      const chLast = touches[end - 1];
      addCompensated(convSum, convComp, chLast, c * wl);
      addCompensated(valSum, valComp, chLast, v * wl);
    }
    const cm = c * wm;
    const vm = v * wm;
    for (let k = start + 1; k < end - 1; k++) {
      const ch = touches[k];
      addCompensated(convSum, convComp, ch, cm);
      addCompensated(valSum, valComp, ch, vm);
    }
    if (touchConv !== null) {
      for (let k = start + 1; k < end - 1; k++) {
        touchConv[k] = cm;
        touchVal![k] = vm;
      }
      touchConv[start] = c * wf;
      touchVal![start] = v * wf;
      if (n > 1) {
        touchConv[end - 1] = c * wl;
        touchVal![end - 1] = v * wl;
      }
    }
  }
  return fallbacks;
}
