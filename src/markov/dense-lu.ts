/**
 * Dense LU factorisation with partial pivoting over a row-major Float64Array,
 * and the solves built on it. Unchecked kernels: callers pass consistent sizes.
 * Inner loops run along rows (contiguous memory), which is what makes a
 * hand-written elimination several times faster than a general library here.
 */

/** An LU factorisation `P A = L U` stored in place (unit lower L below the diagonal, U on and above). */
export interface DenseLU {
  /** Matrix size. */
  readonly n: number;
  /** L and U, row-major, n * n. */
  readonly lu: Float64Array;
  /** Row permutation: row i of `P A` is row `perm[i]` of A. */
  readonly perm: Int32Array;
}

/**
 * Factorises the n x n row-major matrix `a` in place (it becomes `lu`).
 * Returns null when a pivot is exactly zero (singular matrix).
 * @example
 * ```ts
 * const f = luFactor(Float64Array.of(2, 1, 1, 3), 2)!;
 * luSolve(f, [3, 4]); // Float64Array [1, 1]
 * ```
 */
export function luFactor(a: Float64Array, n: number): DenseLU | null {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) return null;
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j];
        a[rk + j] = a[rp + j];
        a[rp + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const rk = k * n;
    const pivot = a[rk + k];
    const rowK = a.subarray(rk + k + 1, rk + n);
    const w = n - k - 1;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const f = a[ri + k] / pivot;
      if (f === 0) continue;
      a[ri + k] = f;
      axpy(a.subarray(ri + k + 1, ri + n), -f, rowK, w);
    }
  }
  return { n, lu: a, perm };
}

/**
 * Solves `A x = b` with a factorisation; returns a new vector.
 * @example
 * ```ts
 * luSolve(luFactor(Float64Array.of(4), 1)!, [2]); // Float64Array [0.5]
 * ```
 */
export function luSolve(f: DenseLU, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]];
    const ri = i * n;
    for (let j = 0; j < i; j++) s -= lu[ri + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    const ri = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j] * x[j];
    x[i] = s / lu[ri + i];
  }
  return x;
}

/**
 * The inverse `A^-1` (row-major) from a factorisation, in about (2/3) n^3 flops:
 * Z = L^-1 by forward substitution on whole rows (row i of Z is zero right of
 * column i, which halves that phase), then (PA)^-1 = U^-1 Z by back
 * substitution, and finally A^-1 = (PA)^-1 P (a column permutation). Every inner
 * loop is a contiguous row update on subarray views.
 * @example
 * ```ts
 * luInverse(luFactor(Float64Array.of(2, 0, 0, 4), 2)!); // Float64Array [0.5, 0, 0, 0.25]
 * ```
 */
export function luInverse(f: DenseLU): Float64Array {
  const { n, lu, perm } = f;
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const zi = z.subarray(i * n, i * n + i + 1);
    zi[i] = 1;
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const l = lu[ri + k];
      if (l === 0) continue;
      const zk = z.subarray(k * n, k * n + k + 1);
      for (let j = 0; j <= k; j++) zi[j] -= l * zk[j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const zi = z.subarray(ri, ri + n);
    for (let k = i + 1; k < n; k++) {
      const u = lu[ri + k];
      if (u === 0) continue;
      axpy(zi, -u, z.subarray(k * n, k * n + n), n);
    }
    const d = 1 / lu[ri + i];
    for (let j = 0; j < n; j++) zi[j] *= d;
  }
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) g[ri + perm[k]] = z[ri + k];
  }
  return g;
}

/**
 * y[0..len) += alpha * x[0..len), unrolled by 4 (V8 does not vectorise; this is the hot loop
 * of every dense kernel here).
 * @example
 * ```ts
 * const y = Float64Array.of(1, 1);
 * axpy(y, 2, Float64Array.of(1, 2), 2); // y = [3, 5]
 * ```
 */
export function axpy(y: Float64Array, alpha: number, x: Float64Array, len: number): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    y[j] += alpha * x[j];
    y[j + 1] += alpha * x[j + 1];
    y[j + 2] += alpha * x[j + 2];
    y[j + 3] += alpha * x[j + 3];
  }
  for (; j < len; j++) y[j] += alpha * x[j];
}

/**
 * y[yo .. yo+len) += alpha * x[xo .. xo+len): {@link axpy} with offsets, for loops over the rows
 * of a row-major matrix without creating a subarray per row.
 * @example
 * ```ts
 * const y = new Float64Array(4);
 * axpyAt(y, 2, 1, Float64Array.of(9, 1, 2), 1, 2); // y = [0, 0, 1, 2]
 * ```
 */
export function axpyAt(y: Float64Array, yo: number, alpha: number, x: Float64Array, xo: number, len: number): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    y[yo + j] += alpha * x[xo + j];
    y[yo + j + 1] += alpha * x[xo + j + 1];
    y[yo + j + 2] += alpha * x[xo + j + 2];
    y[yo + j + 3] += alpha * x[xo + j + 3];
  }
  for (; j < len; j++) y[yo + j] += alpha * x[xo + j];
}
