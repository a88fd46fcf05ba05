import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import type { TouchRule } from './walk.js';

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
  return runHeuristic(store, 'position_based', positionRule(first, last), options);
}

/** Weights validated; n = 1: the one touch; n = 2: f/(f+l), l/(f+l); n >= 3: f, (1-f-l)/(n-2) each, l. */
function positionRule(first: number, last: number): TouchRule {
  const ends = first + last;
  // Two-touch split; with both weights 0 there is no preference, so halve.
  const pairFirst = ends > 0 ? first / ends : 0.5;
  const pairLast = ends > 0 ? last / ends : 0.5;
  // Clamped at 0 so the rounding slack allowed above cannot create negative credit.
  const middleTotal = Math.max(0, 1 - ends);
  return {
    model: 'positionBased',
    weigh(_p, start, end, w) {
      const n = end - start;
      if (n === 1) return 0;
      if (n === 2) {
        w[0] = pairFirst;
        w[1] = pairLast;
        return -1;
      }
      w[0] = first;
      w.fill(middleTotal / (n - 2), 1, n - 1);
      w[n - 1] = last;
      return -1;
    },
  };
}
