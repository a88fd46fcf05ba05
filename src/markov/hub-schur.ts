import { PathCreditError } from '../errors.js';
import { axpyAt, luFactor, luInverse } from './dense-lu.js';
import type { HubSplit, LocalCsr } from './hub-split.js';

/**
 * The hub part of the fundamental matrix N = (I - Q)^-1 for a {@link HubSplit}
 * (K hubs, P the rest, B = I - Q_PP):
 *
 * - X = B^-1 Q_PK (|P| x m): X[j, k] is the probability that the walk from j
 *   enters K first at hub k (walking within P until then);
 * - Y = Q_KP B^-1 (m x |P|, stored transposed): Y[k, s] is the expected number of
 *   visits to s from hub k before the walk returns to K;
 * - M = S^-1 with S = I - Q_KK - Q_KP X, the Schur complement of B (the chain
 *   watched only on K). By block inversion N_KK = M and
 *   N_PP = B^-1 + X M Y, so N[k,k] = M[k,k] and N[s,s] = B^-1[s,s] + X[s,:] M Y[:,s].
 */
export interface HubSchur {
  /** X, row-major |P| x m. */
  readonly x: Float64Array;
  /** Y transposed, row-major |P| x m (row s is column s of Y). */
  readonly yt: Float64Array;
  /** M = S^-1, row-major m x m. */
  readonly inverse: Float64Array;
  /** Gauss-Seidel sweeps spent on X and Y. */
  readonly iterations: number;
  /** Largest last-sweep change of X and Y (a bound on their residuals, since rows of Q sum to at most 1). */
  readonly residual: number;
}

/**
 * Computes {@link HubSchur} by block Gauss-Seidel (all m right-hand sides in
 * one sweep, so each transition is read once per sweep for all of them) and a
 * dense LU of S. Unchecked kernel.
 * @throws PathCreditError when a block solve does not converge within
 *   `maxIterations` sweeps or S is singular.
 * @example
 * ```ts
 * const schur = hubSchur(splitHubs(sys, pred, 300), 1e-15, 10_000);
 * ```
 */
export function hubSchur(split: HubSplit, tolerance: number, maxIterations: number): HubSchur {
  const { m, p } = split;
  // X = Q_PK + Q_PP X: rows depend on successors, so sweep backwards.
  const x = new Float64Array(p * m);
  const sx = blockSweeps(split.pp, split.pk, x, m, p, false, tolerance, maxIterations, 'X');
  // Y^T = Q_KP^T + Q_PP^T Y^T: rows depend on predecessors, so sweep forwards.
  const yt = new Float64Array(p * m);
  const sy = blockSweeps(split.ppT, split.kpT, yt, m, p, true, tolerance, maxIterations, 'Y');
  const s = new Float64Array(m * m);
  const { kk, kp } = split;
  for (let a = 0; a < m; a++) {
    const o = a * m;
    s[o + a] += 1;
    for (let e = kk.ptr[a]; e < kk.ptr[a + 1]; e++) s[o + kk.idx[e]] -= kk.val[e];
    for (let e = kp.ptr[a]; e < kp.ptr[a + 1]; e++) axpyAt(s, o, -kp.val[e], x, kp.idx[e] * m, m);
  }
  const f = luFactor(s, m);
  if (f === null) throw new PathCreditError('the hub block of I - Q is singular (a state never reaches absorption)');
  return { x, yt, inverse: luInverse(f), iterations: sx.iterations + sy.iterations, residual: Math.max(sx.change, sy.change) };
}

/**
 * N[s,s] - B^-1[s,s] = X[s,:] M Y[:,s] for every P state (local indices), written
 * into `out` (length |P|): m^2 multiply-adds per state, four rows of X at a time so
 * each row of M is read once per four states.
 */
export function hubCorrections(schur: HubSchur, m: number, p: number, out: Float64Array): void {
  const { x, yt, inverse } = schur;
  const z = new Float64Array(4 * m);
  for (let s0 = 0; s0 < p; s0 += 4) {
    const rows = Math.min(4, p - s0);
    z.fill(0);
    for (let a = 0; a < m; a++) {
      const w0 = x[s0 * m + a];
      const w1 = rows > 1 ? x[(s0 + 1) * m + a] : 0;
      const w2 = rows > 2 ? x[(s0 + 2) * m + a] : 0;
      const w3 = rows > 3 ? x[(s0 + 3) * m + a] : 0;
      if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
      const o = a * m;
      for (let b = 0; b < m; b++) {
        const v = inverse[o + b];
        z[b] += w0 * v;
        z[m + b] += w1 * v;
        z[2 * m + b] += w2 * v;
        z[3 * m + b] += w3 * v;
      }
    }
    for (let q = 0; q < rows; q++) {
      let sum = 0;
      const o = (s0 + q) * m;
      for (let b = 0; b < m; b++) sum += z[q * m + b] * yt[o + b];
      out[s0 + q] = sum;
    }
  }
}

// Gauss-Seidel on U = C + A U for a |P| x m unknown U (row-major), where A is the P x P
// block (`inner`, rows) and C the P x K block (`outer`, rows: a 1 at column k per entry).
function blockSweeps(
  inner: LocalCsr,
  outer: LocalCsr,
  u: Float64Array,
  m: number,
  p: number,
  forward: boolean,
  tolerance: number,
  maxIterations: number,
  name: string,
): { iterations: number; change: number } {
  const row = new Float64Array(m);
  let change = Infinity;
  let it = 0;
  while (it < maxIterations && change > tolerance) {
    it++;
    change = 0;
    for (let q = 0; q < p; q++) {
      const j = forward ? q : p - 1 - q;
      row.fill(0);
      for (let e = outer.ptr[j]; e < outer.ptr[j + 1]; e++) row[outer.idx[e]] += outer.val[e];
      let self = 0;
      for (let e = inner.ptr[j]; e < inner.ptr[j + 1]; e++) {
        const c = inner.idx[e];
        if (c === j) self += inner.val[e];
        else axpyAt(row, 0, inner.val[e], u, c * m, m);
      }
      const o = j * m;
      // A self-loop (only in hand-made counts) is solved for rather than iterated.
      const scale = self !== 0 ? 1 / (1 - self) : 1;
      for (let a = 0; a < m; a++) {
        const v = row[a] * scale;
        const d = Math.abs(v - u[o + a]);
        if (d > change) change = d;
        u[o + a] = v;
      }
    }
  }
  if (change > tolerance) {
    throw new PathCreditError(`the hub solve for ${name} did not reach the tolerance ${tolerance} within ${maxIterations} sweeps; use solver 'iterative'`);
  }
  return { iterations: it, change };
}
