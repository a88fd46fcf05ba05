/**
 * Crediting one converting path whose touches carry weights: the piece the
 * heuristic models share. Each model keeps its own loop over the paths (one
 * monomorphic loop per model is what keeps them at the speed of a plain pass;
 * a single walk calling each model's rule per path measured up to 2x slower)
 * and hands a path here when its touches have positional weights to scale by
 * touch type, or, for time decay, always.
 */
import type { TouchWeightTable } from '../touch-types/touch-weights.js';
import { addCompensated, type CreditBuffers } from './kernel.js';

let scaled = new Float64Array(64); // scratch for touch-weighted shares, grown for long paths only

/**
 * Credits path touches `start .. end - 1` with positional weights `w[0 .. n)`
 * (>= 0, sum > 0), each multiplied by its touch type's weight when `tw` is
 * given, normalised to the path's conversions `c` and value `v`. When the touch
 * weights are 0 wherever position put weight, the path keeps its positional
 * split (no conversion is lost).
 *
 * @returns 1 when that fallback was taken, else 0 (the models count them).
 */
export function creditWeightedPath(start: number, end: number, c: number, v: number, w: Float64Array, touches: Uint32Array, b: CreditBuffers, tw: TouchWeightTable | null): number {
  const n = end - start;
  let weights = w;
  let total = 0;
  let fallback = 0;
  if (tw === null) {
    for (let i = 0; i < n; i++) total += w[i];
  } else {
    if (scaled.length < n) scaled = new Float64Array(Math.max(n, scaled.length * 2));
    const types = tw.typeOfTouch;
    const typeWeight = tw.weightOfType;
    for (let i = 0; i < n; i++) {
      const x = w[i] * typeWeight[types[start + i]];
      scaled[i] = x;
      total += x;
    }
    if (total > 0) weights = scaled;
    else {
      fallback = 1;
      for (let i = 0; i < n; i++) total += w[i];
    }
  }
  const cs = c / total;
  const vs = v / total;
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = b;
  for (let k = start; k < end; k++) {
    const x = weights[k - start];
    const ch = touches[k];
    addCompensated(convSum, convComp, ch, cs * x);
    addCompensated(valSum, valComp, ch, vs * x);
  }
  if (touchConv !== null) {
    for (let k = start; k < end; k++) {
      touchConv[k] = cs * weights[k - start];
      touchVal![k] = vs * weights[k - start];
    }
  }
  return fallback;
}

/** 1 when touch `k` has touch weight 0 (a one-touch model's pick the weights would have ignored), else 0. */
export function weightlessTouch(k: number, tw: TouchWeightTable | null): number {
  return tw !== null && tw.weightOfType[tw.typeOfTouch[k]] === 0 ? 1 : 0;
}
