import type { ChainSystem } from './chain.js';
import type { Predecessors } from './predecessors.js';

/** Outcome of {@link expectedVisits}. */
export interface ExpectedVisits {
  /** g_j = N[start, j]: expected visits to unknown j from `(start)` (g_0 = 1). */
  readonly g: Float64Array;
  /** Gauss-Seidel sweeps done. */
  readonly iterations: number;
  /** max_j |g_j - [j = 0] - sum_i g_i Q[i, j]| after the last sweep. */
  readonly residual: number;
  /** Whether the residual reached the tolerance. */
  readonly converged: boolean;
}

/**
 * Row `(start)` of the fundamental matrix N = (I - Q)^-1, the transposed solve
 * g^T (I - Q) = e_start^T, by Gauss-Seidel over the columns of Q, sweeping
 * from `(start)` forwards (states are numbered in order of first appearance,
 * so predecessors tend to come first). g_j is the expected number of visits to
 * state j per journey. Unchecked kernel.
 * @example
 * ```ts
 * const { g } = expectedVisits(sys, predecessorsOf(sys), 1e-13, 100_000);
 * ```
 */
export function expectedVisits(sys: ChainSystem, pred: Predecessors, tolerance: number, maxIterations: number): ExpectedVisits {
  const n = sys.n;
  const { ptr, idx, val } = pred;
  const g = new Float64Array(n);
  let it = 0;
  let res = Infinity;
  while (it < maxIterations) {
    it++;
    let change = 0;
    for (let j = 0; j < n; j++) {
      let s = j === 0 ? 1 : 0;
      let diag = 0;
      for (let k = ptr[j]; k < ptr[j + 1]; k++) {
        const i = idx[k];
        if (i === j) diag += val[k];
        else s += val[k] * g[i];
      }
      if (diag !== 0) s /= 1 - diag;
      const d = Math.abs(s - g[j]);
      if (d > change) change = d;
      g[j] = s;
    }
    if (change <= tolerance) {
      res = transposedResidual(n, pred, g);
      if (res <= tolerance) break;
    }
  }
  if (res === Infinity) res = transposedResidual(n, pred, g);
  return { g, iterations: it, residual: res, converged: res <= tolerance };
}

function transposedResidual(n: number, pred: Predecessors, g: Float64Array): number {
  const { ptr, idx, val } = pred;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let s = g[j] - (j === 0 ? 1 : 0);
    for (let k = ptr[j]; k < ptr[j + 1]; k++) s -= val[k] * g[idx[k]];
    const a = Math.abs(s);
    if (a > worst || Number.isNaN(a)) worst = Number.isNaN(a) ? Infinity : a;
  }
  return worst;
}
