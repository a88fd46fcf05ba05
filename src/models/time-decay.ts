import { parseDuration } from '../core/duration.js';
import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { runHeuristic, type HeuristicCredits, type HeuristicModelOptions } from './heuristic-run.js';
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import { creditWeightedPath } from './weighted-path.js';

/** Default half-life of {@link timeDecay}: 7 days in milliseconds (Adobe / former GA4 convention). */
export const DEFAULT_HALF_LIFE_MS = 7 * 86_400_000;

/** Shapes of the decay curve of {@link timeDecay}. */
export type TimeDecayForm = 'continuous' | 'step';

/** Options of {@link timeDecay}. */
export interface TimeDecayOptions extends HeuristicModelOptions {
  /**
   * Half-life: a touch this much older than another gets half its weight.
   * Milliseconds, or a duration string such as `"7d"`, `"12h"`, `"30m"`.
   * Must be > 0 and finite. Default `"7d"`.
   */
  readonly halfLife?: number | string;
  /**
   * `continuous` (default; Adobe, Google): weight 2^(-age / halfLife).
   * `step` (DP6's `decay_over_time = 0.5` every `frequency` hours): weight
   * 2^(-floor(age / halfLife)), so touches within the same half-life period of
   * the conversion weigh the same.
   */
  readonly form?: TimeDecayForm;
}

/**
 * Time-decay attribution: touch i of a converting path gets weight
 * `2^(-(t_conv - t_i) / halfLife)` (or, with `form: 'step'`,
 * `2^(-floor((t_conv - t_i) / halfLife))`), normalised so the path's weights
 * sum to 1. `t_conv` is the path's conversion time (`store.conversionTimes`)
 * when known, else the time of its last touch.
 *
 * Numerics and edge cases:
 * - Weights are computed relative to the youngest touch (exponent 0 there), which
 *   leaves the normalised result unchanged but cannot underflow: touches a
 *   thousand half-lives old still split the credit by their relative ages.
 * - A touch timed after the conversion (negative age, e.g. unsorted times in
 *   path input) is clamped to age 0: it weighs the same as a touch at the
 *   conversion, never more. In the continuous form the normalised weights
 *   depend only on age differences, so this clamp is the only place `t_conv`
 *   changes the result; in the step form `t_conv` sets where the steps fall.
 *
 * @param store - encoded paths with touch times (`fromPathRows` with `timesColumn`, or touchpoints with timestamps).
 * @param options - `halfLife`, `form`, `touchWeights` and `perTouch`. Default half-life 7 days, continuous.
 * @returns credits named `time_decay`; channel credits sum to the totals.
 * @throws PathCreditError when the store has no times, `halfLife` is not a
 *   positive finite duration, `form` is unknown, a converting path has a time
 *   that is not finite, the store is malformed, or a converting path has no touches.
 * @example
 * ```ts
 * const day = 86_400_000;
 * const store = fromPathRows([{ path: 'a > b', conversions: 3, times: [0, day] }], { timesColumn: 'times' });
 * timeDecay(store, { halfLife: '1d' }).conversions; // Float64Array [1, 2]  (weights 1/2 and 1)
 * ```
 */
export function timeDecay(store: PathStore, options: TimeDecayOptions = {}): HeuristicCredits {
  const halfLife = parseDuration(options.halfLife ?? DEFAULT_HALF_LIFE_MS, 'halfLife');
  const form = options.form ?? 'continuous';
  if (form !== 'continuous' && form !== 'step') throw new PathCreditError('timeDecay: form must be "continuous" or "step"', { column: 'form', value: form });
  if (store.times === null) {
    throw new PathCreditError(
      'timeDecay needs a time per touch, but this path store has none (give fromPathRows a timesColumn, or touchpoints a timestamp column)',
      { column: 'times' },
    );
  }
  if (store.times.length < store.touches.length) {
    throw new PathCreditError('timeDecay: the path store has fewer times than touches', { column: 'times', value: store.times.length });
  }
  const times = store.times;
  return runHeuristic(store, 'timeDecay', 'time_decay', (s, b, tw) => timeDecayKernel(s, times, halfLife, form === 'step', b, tw), options);
}

/** Unchecked kernel of {@link timeDecay}; `halfLife` in ms, validated. */
function timeDecayKernel(store: PathStore, times: Float64Array, halfLife: number, step: boolean, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const convTimes = store.conversionTimes;
  let weights = new Float64Array(64); // scratch, grown for long paths only
  // 2^(-a/h) = e^(-a ln2 / h): Math.exp is several times faster than ** in V8.
  const rate = -Math.LN2 / halfLife;
  let fallbacks = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    const n = end - start;
    if (n === 0) throw emptyConvertingPath('timeDecay', p, c);
    if (n > weights.length) weights = new Float64Array(Math.max(n, weights.length * 2));
    const known = convTimes === null ? NaN : convTimes[p];
    const tConv = known === known ? known : times[end - 1];
    // Youngest clamped age first, so the largest weight is exactly 1.
    let minAge = Infinity;
    for (let k = start; k < end; k++) {
      const age = tConv - times[k];
      // NaN or infinite times would hide behind the clamp below; name the path instead.
      if (age - age !== 0) throw badTime(p, times, start, end);
      const clamped = age > 0 ? age : 0;
      if (clamped < minAge) minAge = clamped;
    }
    if (step) {
      const minSteps = Math.floor(minAge / halfLife);
      for (let k = start; k < end; k++) {
        const age = tConv - times[k];
        weights[k - start] = Math.exp((Math.floor((age > 0 ? age : 0) / halfLife) - minSteps) * -Math.LN2);
      }
    } else {
      for (let k = start; k < end; k++) {
        const age = tConv - times[k];
        weights[k - start] = Math.exp(((age > 0 ? age : 0) - minAge) * rate);
      }
    }
    if (tw !== null) {
      fallbacks += creditWeightedPath(start, end, c, value[p], weights, touches, b, tw);
      continue;
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    const cs = c / total;
    const vs = value[p] / total;
    for (let k = start; k < end; k++) {
      const w = weights[k - start];
      const ch = touches[k];
      const cw = cs * w;
      const vw = vs * w;
      addCompensated(convSum, convComp, ch, cw);
      addCompensated(valSum, valComp, ch, vw);
      if (touchConv !== null) {
        touchConv[k] = cw;
        touchVal![k] = vw;
      }
    }
  }
  return fallbacks;
}

function badTime(p: number, times: Float64Array, start: number, end: number): PathCreditError {
  return new PathCreditError(`timeDecay: path ${p} has a touch or conversion time that is not a finite number`, {
    row: p,
    column: 'times',
    value: Array.from(times.subarray(start, end)),
  });
}
