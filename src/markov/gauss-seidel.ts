import { residual, rowsResidual, type ChainSystem } from './chain.js';

/** Outcome of one Gauss-Seidel solve (two right-hand sides at once). */
export interface GaussSeidelOutcome {
  /** Sweeps done. */
  readonly iterations: number;
  /** Final max residual over both right-hand sides. */
  readonly residual: number;
  /** Whether the residual reached the tolerance. */
  readonly converged: boolean;
}

/**
 * Gauss-Seidel on the CSR system for two right-hand sides sharing the matrix:
 * x = b1 + Q x and y = b2 + Q y, updating `x` and `y` in place (warm start:
 * pass the previous solution). Unknowns flagged in `removed` stay at their
 * value (callers set them to 0, which drops their columns). Sweeps run in a
 * fixed order, from the last unknown to the first: states are numbered in order
 * of first appearance, so successors tend to come after their predecessors and
 * the backward sweep carries absorption values towards `(start)` within one
 * sweep. Convergence is guaranteed: every state reaches absorption, so the
 * spectral radius of Q is below 1 and I - Q is a nonsingular M-matrix.
 *
 * With `rows`, only those unknowns are swept, in the order given, and the residual is
 * taken over them (the caller knows the other rows are already solved).
 *
 * The cheap per-sweep change is only a trigger; the reported residual is the
 * true max |(I - Q) x - b| computed afterwards. Unchecked kernel.
 * @example
 * ```ts
 * const x = new Float64Array(sys.n), y = new Float64Array(sys.n);
 * gaussSeidel(sys, sys.r, sys.rv, x, y, null, 1e-12, 10_000); // x[0] = P
 * ```
 */
export function gaussSeidel(
  sys: ChainSystem,
  b1: Float64Array,
  b2: Float64Array,
  x: Float64Array,
  y: Float64Array,
  removed: Uint8Array | null,
  tolerance: number,
  maxIterations: number,
  rows: Int32Array | null = null,
): GaussSeidelOutcome {
  const { n, rowPtr, col, val } = sys;
  const check = (): number =>
    rows === null
      ? Math.max(residual(sys, x, b1, removed), residual(sys, y, b2, removed))
      : Math.max(rowsResidual(sys, rows, x, b1), rowsResidual(sys, rows, y, b2));
  let res = check();
  if (res <= tolerance) return { iterations: 0, residual: res, converged: true };
  const count = rows === null ? n : rows.length;
  let it = 0;
  while (it < maxIterations) {
    it++;
    let change = 0;
    for (let q = 0; q < count; q++) {
      const i = rows === null ? n - 1 - q : rows[q];
      if (removed !== null && removed[i] === 1) continue;
      let sx = b1[i];
      let sy = b2[i];
      let diag = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const j = col[k];
        const q = val[k];
        if (j === i) diag += q;
        else {
          sx += q * x[j];
          sy += q * y[j];
        }
      }
      // Self-loops cannot come from paths (identical consecutive states are merged), but
      // a hand-made counter may hold one: solve the row for x_i instead of iterating on it.
      if (diag !== 0) {
        sx /= 1 - diag;
        sy /= 1 - diag;
      }
      const d = Math.max(Math.abs(sx - x[i]), Math.abs(sy - y[i]));
      if (d > change) change = d;
      x[i] = sx;
      y[i] = sy;
    }
    if (change <= tolerance) {
      res = check();
      if (res <= tolerance) return { iterations: it, residual: res, converged: true };
    }
  }
  res = check();
  return { iterations: it, residual: res, converged: res <= tolerance };
}
