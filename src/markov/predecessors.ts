import type { ChainSystem } from './chain.js';

/**
 * Q by columns: for unknown j, its predecessors i (Q[i, j] > 0) are
 * `idx[ptr[j] .. ptr[j+1])` with probabilities `val[...]`, in increasing i.
 */
export interface Predecessors {
  /** Column pointers (length n + 1). */
  readonly ptr: Int32Array;
  /** Predecessor unknowns. */
  readonly idx: Int32Array;
  /** Q[i, j] for each predecessor. */
  readonly val: Float64Array;
}

/**
 * Transposes the CSR arrays of Q (a counting sort by column, so each column
 * lists its predecessors in increasing order). Unchecked kernel.
 * @example
 * ```ts
 * const pred = predecessorsOf(buildChain(counter));
 * pred.idx.subarray(pred.ptr[5], pred.ptr[6]); // unknowns with a transition into unknown 5
 * ```
 */
export function predecessorsOf(sys: ChainSystem): Predecessors {
  const { n, rowPtr, col, val } = sys;
  const nnz = rowPtr[n];
  const ptr = new Int32Array(n + 1);
  for (let k = 0; k < nnz; k++) ptr[col[k] + 1]++;
  for (let j = 0; j < n; j++) ptr[j + 1] += ptr[j];
  const fill = ptr.slice(0, n);
  const idx = new Int32Array(nnz);
  const pv = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const c = fill[col[k]]++;
      idx[c] = i;
      pv[c] = val[k];
    }
  }
  return { ptr, idx, val: pv };
}
