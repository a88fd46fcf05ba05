import type { PathStore, TouchCredits } from '../types.js';

/** Per-touch credit plus its sums per channel. */
export interface PerTouchAllocation {
  /** Credit per touch, aligned with the store's touches. */
  readonly touches: TouchCredits;
  /** The per-touch credit summed per channel id. */
  readonly channelTotals: { readonly conversions: Float64Array; readonly value: Float64Array };
}

/**
 * Splits each converting path's conversions over its touches in proportion to
 * `convWeight[channel]` and its value in proportion to `valueWeight[channel]`,
 * renormalised within the path (per touch: a channel touched twice gets two
 * shares). A path whose touches all weigh 0 is split equally over its touches
 * (mathematically impossible for removal effects, since every channel of a
 * converting path has RE > 0, but it can happen through rounding).
 *
 * With `target` (rule `'channel'`), the shares are then rescaled per channel so
 * they sum to `target` (the removal-effect credit); channels whose shares sum to
 * 0 keep 0. Unchecked kernel: weights are indexed by the store's channel ids.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b', conversions: 1 }]);
 * allocatePerTouch(store, Float64Array.of(1, 3), Float64Array.of(1, 3), null).touches.conversions; // [0.25, 0.75]
 * ```
 */
export function allocatePerTouch(
  store: PathStore,
  convWeight: Float64Array,
  valueWeight: Float64Array,
  target: { conversions: Float64Array; value: Float64Array } | null,
): PerTouchAllocation {
  const { offsets, touches, conversions, value } = store;
  const T = offsets[store.pathCount];
  const tc = new Float64Array(T);
  const tv = new Float64Array(T);
  const C = store.channels.length;
  const sc = new Float64Array(C);
  const sv = new Float64Array(C);
  for (let p = 0; p < store.pathCount; p++) {
    const conv = conversions[p];
    if (!(conv > 0)) continue;
    const a = offsets[p];
    const b = offsets[p + 1];
    const val = value[p];
    splitPath(touches, a, b, convWeight, conv, tc);
    if (val > 0) splitPath(touches, a, b, valueWeight, val, tv);
  }
  for (let t = 0; t < T; t++) {
    sc[touches[t]] += tc[t];
    sv[touches[t]] += tv[t];
  }
  if (target === null) return { touches: { conversions: tc, value: tv }, channelTotals: { conversions: sc, value: sv } };
  const fc = new Float64Array(C);
  const fv = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    fc[c] = sc[c] > 0 ? target.conversions[c] / sc[c] : 0;
    fv[c] = sv[c] > 0 ? target.value[c] / sv[c] : 0;
  }
  sc.fill(0);
  sv.fill(0);
  for (let t = 0; t < T; t++) {
    const c = touches[t];
    tc[t] *= fc[c];
    tv[t] *= fv[c];
    sc[c] += tc[t];
    sv[c] += tv[t];
  }
  return { touches: { conversions: tc, value: tv }, channelTotals: { conversions: sc, value: sv } };
}

function splitPath(touches: Uint32Array, a: number, b: number, weight: Float64Array, amount: number, out: Float64Array): void {
  let sum = 0;
  for (let i = a; i < b; i++) sum += weight[touches[i]];
  if (sum > 0) {
    for (let i = a; i < b; i++) out[i] = (amount * weight[touches[i]]) / sum;
  } else {
    const share = amount / (b - a);
    for (let i = a; i < b; i++) out[i] = share;
  }
}
