/**
 * The one walk every heuristic model shares: over the converting paths, ask the
 * model's rule for the positional weight of each touch, scale it by the touch's
 * weight (touch types such as click or impression, when given), normalise, and
 * credit conversions and value with compensated sums. Internal: the public
 * model functions validate their options and call this with their rule.
 */
import { addCompensated, emptyConvertingPath, type CreditBuffers } from './kernel.js';
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import type { PathStore } from '../types.js';

/** The positional weights one model gives the touches of a converting path. */
export interface TouchRule {
  /** Model name, as errors name it. */
  readonly model: string;
  /**
   * Weighs the touches `start .. end - 1` (at least one) of converting path `p`.
   * Either returns the position (0-based within the path) of the one touch
   * that takes everything, or writes a weight >= 0 per touch into `w[0 .. n)`
   * (n = end - start, not all zero) and returns -1. The walk normalises.
   */
  weigh(p: number, start: number, end: number, w: Float64Array): number;
}

/**
 * Credits every converting path of `store` into `b` by `rule`, each touch's
 * share in proportion to its positional weight times its touch weight. A path
 * whose weighted sum is 0 (all its weighted touches have touch weight 0) keeps
 * its positional weights, so no conversion is lost. A rule that picks one touch
 * gives it everything whatever its touch weight.
 *
 * @returns the number of converting paths whose touch weights were all 0 where
 *   the rule put weight (counted, then credited by position alone).
 * @throws PathCreditError for a converting path without touches.
 */
export function walkConvertingPaths(store: PathStore, rule: TouchRule, b: CreditBuffers, touchWeights: TouchWeightTable | null = null): number {
  const { offsets, touches, conversions, value } = store;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  const types = touchWeights?.typeOfTouch ?? null;
  const typeWeight = touchWeights?.weightOfType ?? null;
  let w = new Float64Array(64); // scratch, grown for long paths only
  let zeroWeightPaths = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const start = offsets[p];
    const end = offsets[p + 1];
    const n = end - start;
    if (n === 0) throw emptyConvertingPath(rule.model, p, c);
    if (n > w.length) w = new Float64Array(Math.max(n, w.length * 2));
    const v = value[p];
    const one = rule.weigh(p, start, end, w);
    if (one >= 0) {
      const k = start + one;
      if (types !== null && typeWeight![types[k]] === 0) zeroWeightPaths++;
      const ch = touches[k];
      addCompensated(convSum, convComp, ch, c);
      addCompensated(valSum, valComp, ch, v);
      if (touchConv !== null) {
        touchConv[k] = c;
        touchVal![k] = v;
      }
      continue;
    }
    let total = 0;
    if (types === null) {
      for (let i = 0; i < n; i++) total += w[i];
    } else {
      let positional = 0;
      for (let i = 0; i < n; i++) {
        positional += w[i];
        const x = w[i] * typeWeight![types[start + i]];
        w[i] = x;
        total += x;
      }
      if (total === 0) {
        // Every weighted touch has touch weight 0: credit by position alone.
        zeroWeightPaths++;
        rule.weigh(p, start, end, w);
        total = positional;
      }
    }
    const cs = c / total;
    const vs = v / total;
    for (let i = 0; i < n; i++) {
      const k = start + i;
      const ch = touches[k];
      const cw = cs * w[i];
      const vw = vs * w[i];
      addCompensated(convSum, convComp, ch, cw);
      addCompensated(valSum, valComp, ch, vw);
      if (touchConv !== null) {
        touchConv[k] = cw;
        touchVal![k] = vw;
      }
    }
  }
  return zeroWeightPaths;
}
