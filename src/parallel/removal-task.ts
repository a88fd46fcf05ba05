import { affectedRemovals, type AffectedPart } from '../markov/fast-removals.js';
import { removalBase } from '../markov/state-set-removal.js';

/** What a removal worker receives (arrays are SharedArrayBuffer views). */
export interface RemovalTask {
  /** Unknowns. */
  readonly n: number;
  /** CSR of Q (rows, columns, probabilities). */
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
  /** Q by columns. */
  readonly predPtr: Int32Array;
  readonly predIdx: Int32Array;
  readonly predVal: Float64Array;
  /** Conversion and (scaled) value right-hand sides. */
  readonly r: Float64Array;
  readonly rv: Float64Array;
  /** Full-chain solution. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Removal sets per channel. */
  readonly removalPtr: Int32Array;
  readonly removal: Int32Array;
  /** Solve settings. */
  readonly tolerance: number;
  readonly maxIterations: number;
  /** This worker removes channels first, first + stride, ... */
  readonly first: number;
  readonly stride: number;
  /** Results, written in place. */
  readonly pRemoved: Float64Array;
  readonly vRemoved: Float64Array;
}

/**
 * Runs one share of the channel removals of method `affected` on the arrays of a
 * {@link RemovalTask} (in a pool worker), writing P_-c and V_-c into the shared result
 * arrays and returning the share's sweep counts and residual.
 */
export function removalTask(t: RemovalTask): AffectedPart {
  const sys = { n: t.n, rowPtr: t.rowPtr, col: t.col, val: t.val, r: t.r, rv: t.rv, removalPtr: t.removalPtr, removal: t.removal };
  const base = removalBase(sys, t.rv, { ptr: t.predPtr, idx: t.predIdx, val: t.predVal }, t.x, t.y, 0, 0, t.tolerance, t.maxIterations);
  return affectedRemovals(base, t.first, t.stride, t.pRemoved, t.vRemoved);
}
