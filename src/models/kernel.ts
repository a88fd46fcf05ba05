/**
 * Shared plumbing of the heuristic models: compensated per-channel
 * accumulators, store checks, and the result object. Internal (not exported
 * from the package): every model file is a thin public wrapper plus a kernel
 * that runs over typed arrays only.
 */
import { PathCreditError } from '../errors.js';
import type { ChannelCredits, PathStore } from '../types.js';

/**
 * Neumaier-compensated sums, one slot per channel, for conversions and value,
 * plus optional per-touch outputs. Allocated once per run.
 */
export interface CreditBuffers {
  /** Running sum of conversions per channel. */
  readonly convSum: Float64Array;
  /** Lost low-order bits of `convSum` (Neumaier compensation). */
  readonly convComp: Float64Array;
  /** Running sum of value per channel. */
  readonly valSum: Float64Array;
  /** Compensation of `valSum`. */
  readonly valComp: Float64Array;
  /** Conversions per touch (aligned with `store.touches`), or null when not requested. */
  readonly touchConv: Float64Array | null;
  /** Value per touch, or null when not requested. */
  readonly touchVal: Float64Array | null;
}

/** Allocates the buffers of one model run. */
export function allocateBuffers(store: PathStore, perTouch: boolean): CreditBuffers {
  const c = store.channels.length;
  return {
    convSum: new Float64Array(c),
    convComp: new Float64Array(c),
    valSum: new Float64Array(c),
    valComp: new Float64Array(c),
    touchConv: perTouch ? new Float64Array(store.touches.length) : null,
    touchVal: perTouch ? new Float64Array(store.touches.length) : null,
  };
}

/**
 * Adds `x` to slot `i` with Neumaier compensation. A plain `+=` over 1e7
 * paths loses up to ~1e-9 relative; the compensated sum keeps conservation at
 * rounding level. Small and monomorphic, so V8 inlines it into the kernels.
 */
export function addCompensated(sum: Float64Array, comp: Float64Array, i: number, x: number): void {
  const s = sum[i];
  const t = s + x;
  comp[i] += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
  sum[i] = t;
}

/**
 * Checks the store's array lengths once, so a kernel can index without
 * bounds surprises (typed arrays silently ignore out-of-range writes).
 *
 * @throws PathCreditError when the store is malformed.
 */
export function checkStore(store: PathStore, model: string): void {
  const n = store.pathCount;
  const ok =
    Number.isInteger(n) &&
    n >= 0 &&
    store.offsets.length >= n + 1 &&
    store.conversions.length >= n &&
    store.value.length >= n &&
    store.touches.length >= (n > 0 ? store.offsets[n] : 0);
  if (!ok) throw new PathCreditError(`${model}: the path store is malformed (array lengths do not match pathCount)`, { value: n });
}

/** Compensated totals of conversions and value over converting paths (conversions > 0). */
export function convertingTotals(store: PathStore): { conversions: number; value: number } {
  const conv = store.conversions;
  const val = store.value;
  let sc = 0;
  let cc = 0;
  let sv = 0;
  let cv = 0;
  const pathCount = store.pathCount;
  for (let p = 0; p < pathCount; p++) {
    const c = conv[p];
    if (!(c > 0)) continue;
    let t = sc + c;
    cc += Math.abs(sc) >= Math.abs(c) ? sc - t + c : c - t + sc;
    sc = t;
    const v = val[p];
    t = sv + v;
    cv += Math.abs(sv) >= Math.abs(v) ? sv - t + v : v - t + sv;
    sv = t;
  }
  return { conversions: sc + cc, value: sv + cv };
}

/** The error for a converting path without touches (its credit would vanish). */
export function emptyConvertingPath(model: string, path: number, conversions: number): PathCreditError {
  return new PathCreditError(`${model}: path ${path} has conversions but no touches to credit`, { row: path, column: 'conversions', value: conversions });
}

/** Folds the compensation into the sums and builds the result object. */
export function finishCredits(store: PathStore, model: string, b: CreditBuffers): ChannelCredits {
  const c = store.channels.length;
  const conversions = new Float64Array(c);
  const value = new Float64Array(c);
  for (let i = 0; i < c; i++) {
    conversions[i] = b.convSum[i] + b.convComp[i];
    value[i] = b.valSum[i] + b.valComp[i];
  }
  const totals = convertingTotals(store);
  const base = {
    model,
    channels: store.channels.slice(),
    conversions,
    value,
    totalConversions: totals.conversions,
    totalValue: totals.value,
  };
  return b.touchConv !== null && b.touchVal !== null ? { ...base, perTouch: { conversions: b.touchConv, value: b.touchVal } } : base;
}
