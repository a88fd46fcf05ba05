import { parseDuration } from '../core/duration.js';
import { PathCreditError } from '../errors.js';
import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { addCompensated, allocateBuffers, checkStore, emptyConvertingPath, finishCredits, type CreditBuffers } from './kernel.js';

/** Default half-life of {@link timeDecay}: 7 days in milliseconds (Adobe / former GA4 convention). */
export const DEFAULT_HALF_LIFE_MS = 7 * 86_400_000;

/** Options of {@link timeDecay}. */
export interface TimeDecayOptions extends CommonModelOptions {
  /**
   * Half-life: a touch this much older than another gets half its weight.
   * Milliseconds, or a duration string such as `"7d"`, `"12h"`, `"30m"`.
   * Must be > 0 and finite. Default `"7d"`.
   */
  readonly halfLife?: number | string;
}

/**
 * Time-decay attribution: touch i of a converting path gets weight
 * `2^(-(t_conv - t_i) / halfLife)`, normalised so the path's weights sum to 1.
 * `t_conv` is the path's conversion time (`store.conversionTimes`) when known,
 * else the time of its last touch.
 *
 * Numerics and edge cases:
 * - Weights are computed relative to the youngest touch (exponent 0 there), which
 *   leaves the normalised result unchanged but cannot underflow: touches a
 *   thousand half-lives old still split the credit by their relative ages.
 * - A touch timed after the conversion (negative age, e.g. unsorted times in
 *   path input) is clamped to age 0: it weighs the same as a touch at the
 *   conversion, never more. Since the normalised weights depend only on age
 *   differences, this clamp is the only place `t_conv` changes the result.
 *
 * @param store - encoded paths with touch times (`fromPathRows` with `timesColumn`, or touchpoints with timestamps).
 * @param options - `halfLife` and `perTouch`. Default half-life 7 days.
 * @returns credits named `time_decay`; channel credits sum to the totals.
 * @throws PathCreditError when the store has no times, `halfLife` is not a
 *   positive finite duration, a converting path has a time that is not finite,
 *   the store is malformed, or a converting path has no touches.
 * @example
 * ```ts
 * const day = 86_400_000;
 * const store = fromPathRows([{ path: 'a > b', conversions: 3, times: [0, day] }], { timesColumn: 'times' });
 * timeDecay(store, { halfLife: '1d' }).conversions; // Float64Array [1, 2]  (weights 1/2 and 1)
 * ```
 */
export function timeDecay(store: PathStore, options: TimeDecayOptions = {}): ChannelCredits {
  checkStore(store, 'timeDecay');
  const halfLife = parseDuration(options.halfLife ?? DEFAULT_HALF_LIFE_MS, 'halfLife');
  if (store.times === null) {
    throw new PathCreditError(
      'timeDecay needs a time per touch, but this path store has none (give fromPathRows a timesColumn, or touchpoints a timestamp column)',
      { column: 'times' },
    );
  }
  if (store.times.length < store.touches.length) {
    throw new PathCreditError('timeDecay: the path store has fewer times than touches', { column: 'times', value: store.times.length });
  }
  const buffers = allocateBuffers(store, options.perTouch === true);
  timeDecayKernel(store, store.times, halfLife, buffers);
  return finishCredits(store, 'time_decay', buffers);
}

/** Unchecked kernel of {@link timeDecay}; `halfLife` in ms, validated. */
export function timeDecayKernel(store: PathStore, times: Float64Array, halfLife: number, b: CreditBuffers): void {
  const { offsets, touches, conversions, value } = store;
  const convTimes = store.conversionTimes;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  let weights = new Float64Array(64); // scratch, grown for long paths only
  // 2^(-a/h) = e^(-a ln2 / h): Math.exp is several times faster than ** in V8.
  const rate = -Math.LN2 / halfLife;
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
    let total = 0;
    for (let k = start; k < end; k++) {
      const age = tConv - times[k];
      const w = Math.exp(((age > 0 ? age : 0) - minAge) * rate);
      weights[k - start] = w;
      total += w;
    }
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
}

function badTime(p: number, times: Float64Array, start: number, end: number): PathCreditError {
  return new PathCreditError(`timeDecay: path ${p} has a touch or conversion time that is not a finite number`, {
    row: p,
    column: 'times',
    value: Array.from(times.subarray(start, end)),
  });
}
