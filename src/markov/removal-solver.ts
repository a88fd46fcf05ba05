import { PathCreditError } from '../errors.js';
import { residual, type ChainSystem } from './chain.js';
import { luFactor, luInverse, luSolve } from './dense-lu.js';
import { affectedSolve, fundamentalSolve, singleStateRemovals } from './fast-removals.js';
import { gaussSeidel } from './gauss-seidel.js';

/**
 * Which method computes the removals. `direct` and `iterative` solve the chain once
 * per channel (dense LU, or Gauss-Seidel over every state); `fundamental` (order 1)
 * takes every removal from the diagonal of the fundamental matrix; `affected` re-solves
 * per channel only the states that can reach the channel's states.
 */
export type SolverChoice = 'auto' | RemovalMethod;

/** A concrete removal method (what `auto` resolves to). */
export type RemovalMethod = 'direct' | 'iterative' | 'fundamental' | 'affected';

/** Settings of {@link solveRemovals} (already validated). */
export interface RemovalSolverSettings {
  /** Solver choice. */
  readonly solver: SolverChoice;
  /** Residual tolerance of the iterative solver. */
  readonly tolerance: number;
  /** Maximum Gauss-Seidel sweeps per solve. */
  readonly maxIterations: number;
}

/** Absorption results for the full chain and for every channel removed. */
export interface RemovalSolution {
  /** P: absorption probability in `(conversion)` from `(start)`. */
  readonly p: number;
  /** V: expected conversion value from `(start)`. */
  readonly v: number;
  /** P_-c per counter channel. */
  readonly pRemoved: Float64Array;
  /** V_-c per counter channel. */
  readonly vRemoved: Float64Array;
  /** Method used. */
  readonly method: RemovalMethod;
  /** Gauss-Seidel sweeps summed over all solves (0 for the direct method). */
  readonly iterations: number;
  /** Max residual ||(I - Q) x - b||_inf over the checked solves (value systems scaled so max b = 1). */
  readonly residual: number;
  /** Linear systems solved (conversion and value, full chain and each channel whose removal changes it). */
  readonly solves: number;
  /** Of those, how many had their residual evaluated (all, except direct solves with very many channels). */
  readonly checkedSolves: number;
  /** `fundamental`: number of hub states in the dense Schur complement. */
  readonly hubStates?: number;
  /** `fundamental`: certified bound on the error of every removal effect from the diagonal of N. */
  readonly removalErrorBound?: number;
  /** `affected`: mean number of states re-solved per removal. */
  readonly affectedStates?: number;
}

/** States above which the direct method is never chosen automatically (dense n x n matrices). */
export const DIRECT_AUTO_MAX_STATES = 4000;
/** States above which the direct method is refused even when asked for (memory). */
export const DIRECT_MAX_STATES = 8000;
/** Order 1 above this many unknowns: `auto` uses `fundamental` instead of `direct` (on Zipf-like campaign data `fundamental` was 1.1x faster than `direct` at 250 channels, 1.7x at 1,000 and 7x at 2,000). */
export const FUNDAMENTAL_AUTO_MIN_STATES = 250;
/** Multiply-adds the direct method may spend on checking removal residuals. */
export const RESIDUAL_BUDGET = 1e8;
// Gauss-Seidel sweeps assumed per solve when estimating the iterative cost.
const ASSUMED_SWEEPS = 60;

/**
 * Solves P, V and every P_-c, V_-c from the chain system with the method asked
 * for; under `solver: 'auto'`:
 *
 * - order 1 (one state per channel) above {@link FUNDAMENTAL_AUTO_MIN_STATES} states:
 *   fundamental, every removal from one forward solve, one transposed solve and the
 *   diagonal of N = (I - Q)^-1 (see fast-removals.ts and fundamental.ts);
 * - otherwise direct or affected, by estimated cost:
 * - direct: one dense LU of I - Q (partial pivoting) for x and y, then the
 *   inverse G = (I - Q)^-1. Removing channel c forces the states R that contain c
 *   to 0; by the strong Markov property, P_-c = x_start - G[start,R] G[R,R]^-1 x_R
 *   (the hitting distribution of R from start times the absorption from R). At order 1,
 *   R is one state s and this is x_start - (G[start,s] / G[s,s]) x_s. Cost about
 *   (4/3) n^3 + sum |R|^3 / 3, plus one residual check per channel.
 * - affected: Gauss-Seidel, per channel over only the states that can reach R,
 *   warm-started from the full solution (see state-set-removal.ts).
 * - iterative (only when asked for): Gauss-Seidel on the CSR arrays over every state,
 *   x and y together, each removal warm-started from the full solution. Cost about
 *   (channels + 1) * nnz * sweeps.
 *
 * Under `auto`, an iterative solve that does not converge falls back to the direct
 * method when the state space allows. Unchecked kernel (the wrapper validated).
 * @example
 * ```ts
 * const sol = solveRemovals(buildChain(counter), { solver: 'auto', tolerance: 1e-12, maxIterations: 100_000 });
 * 1 - sol.pRemoved[0] / sol.p; // removal effect of channel 0
 * ```
 */
export function solveRemovals(sys: ChainSystem, settings: RemovalSolverSettings): RemovalSolution {
  const n = sys.n;
  const { rvs, scale } = scaledValues(sys);
  const method = resolveMethod(sys, settings.solver);
  if (method === 'fundamental') {
    try {
      return scaleBack(fundamentalSolve(sys, rvs, settings.tolerance, settings.maxIterations), scale);
    } catch (e) {
      // A solve that does not converge (maxIterations too low): under auto, direct if the size allows.
      if (settings.solver !== 'auto' || n > DIRECT_AUTO_MAX_STATES || !(e instanceof PathCreditError)) throw e;
    }
  } else if (method === 'iterative' || method === 'affected') {
    const out = method === 'iterative' ? iterativeSolve(sys, rvs, settings) : affectedSolve(sys, rvs, settings.tolerance, settings.maxIterations);
    if (out !== null) return scaleBack(out, scale);
    if (settings.solver !== 'auto' || n > DIRECT_AUTO_MAX_STATES) {
      throw new PathCreditError(
        `the iterative solver did not reach the tolerance ${settings.tolerance} within maxIterations ${settings.maxIterations} (${n} states); raise maxIterations or use solver 'direct'`,
      );
    }
  }
  if (n > DIRECT_MAX_STATES) {
    throw new PathCreditError(`the direct solver needs dense ${n} x ${n} matrices; use solver 'iterative' or 'auto' above ${DIRECT_MAX_STATES} states`, {
      value: n,
    });
  }
  return scaleBack(directSolve(sys, rvs), scale);
}

/**
 * The method `solver` stands for on this chain: itself, or under `'auto'` the one the
 * measurements favour (see {@link solveRemovals}).
 */
export function resolveMethod(sys: ChainSystem, solver: SolverChoice): RemovalMethod {
  if (solver !== 'auto') return solver;
  const n = sys.n;
  if (n > FUNDAMENTAL_AUTO_MIN_STATES && singleStateRemovals(sys)) return 'fundamental';
  const C = sys.removalPtr.length - 1;
  const nnz = sys.rowPtr[n];
  let direct = (4 / 3) * n * n * n;
  let active = 0;
  for (let c = 0; c < C; c++) {
    const m = sys.removalPtr[c + 1] - sys.removalPtr[c];
    if (m === 0) continue;
    active++;
    direct += (m * m * m) / 3 + 2 * (nnz + n * m);
  }
  const iterative = (active + 1) * 2 * (nnz + n) * ASSUMED_SWEEPS;
  return n <= DIRECT_AUTO_MAX_STATES && direct <= iterative ? 'direct' : 'affected';
}

/**
 * The value right-hand side divided by its largest entry (values are money in arbitrary
 * units: solving for value / max(r * mu) lets one absolute tolerance serve both systems).
 */
export function scaledValues(sys: ChainSystem): { rvs: Float64Array; scale: number } {
  const n = sys.n;
  let scale = 0;
  for (let i = 0; i < n; i++) if (sys.rv[i] > scale) scale = sys.rv[i];
  if (scale === 0) scale = 1;
  const rvs = new Float64Array(n);
  for (let i = 0; i < n; i++) rvs[i] = sys.rv[i] / scale;
  return { rvs, scale };
}

/**
 * Undoes {@link scaledValues} on a solution (V and every V_-c, in place), and clears the rounding
 * below 0 of probabilities and values that are 0 exactly (a removal that cuts every conversion
 * can solve to -5e-17).
 */
export function scaleBack(s: RemovalSolution, scale: number): RemovalSolution {
  const vRemoved = s.vRemoved;
  const pRemoved = s.pRemoved;
  for (let c = 0; c < vRemoved.length; c++) vRemoved[c] = Math.max(0, vRemoved[c] * scale);
  for (let c = 0; c < pRemoved.length; c++) if (pRemoved[c] < 0) pRemoved[c] = 0;
  return { ...s, v: s.v * scale, vRemoved, pRemoved };
}

function directSolve(sys: ChainSystem, rvs: Float64Array): RemovalSolution {
  const { n, rowPtr, col, val, r, removalPtr, removal } = sys;
  const C = removalPtr.length - 1;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] += 1;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) a[i * n + col[k]] -= val[k];
  }
  const f = luFactor(a, n);
  if (f === null) throw new PathCreditError('the transition matrix I - Q is singular (a state never reaches absorption)');
  const x = luSolve(f, r);
  const y = luSolve(f, rvs);
  let res = Math.max(residual(sys, x, r, null), residual(sys, y, rvs, null));
  const pRemoved = new Float64Array(C);
  const vRemoved = new Float64Array(C);
  const g = removal.length > 0 ? luInverse(f) : new Float64Array(0);
  const mask = new Uint8Array(n);
  const xr = new Float64Array(n);
  const yr = new Float64Array(n);
  // Checking a removal's residual costs a pass over Q (2 nnz); with many channels that would
  // cost more than the solve itself, so at most RESIDUAL_BUDGET multiply-adds are spent on it,
  // on evenly spaced channels (every channel when it fits, which is the usual case).
  let active = 0;
  for (let c = 0; c < C; c++) if (removalPtr[c + 1] > removalPtr[c]) active++;
  const perCheck = 4 * (rowPtr[n] + n) + n * Math.max(1, removal.length / Math.max(1, active));
  const stride = Math.max(1, Math.ceil((active * perCheck) / RESIDUAL_BUDGET));
  let checked = 2;
  let seen = 0;
  for (let c = 0; c < C; c++) {
    const a0 = removalPtr[c];
    const m = removalPtr[c + 1] - a0;
    if (m === 0) {
      pRemoved[c] = x[0];
      vRemoved[c] = y[0];
      continue;
    }
    const check = seen++ % stride === 0;
    const block = new Float64Array(m * m);
    const bx = new Float64Array(m);
    const by = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const ri = removal[a0 + i] * n;
      for (let j = 0; j < m; j++) block[i * m + j] = g[ri + removal[a0 + j]];
      bx[i] = x[removal[a0 + i]];
      by[i] = y[removal[a0 + i]];
    }
    const fb = luFactor(block, m);
    if (fb === null) throw new PathCreditError('the direct solver met a singular block; use solver "iterative"');
    const zx = luSolve(fb, bx);
    const zy = luSolve(fb, by);
    if (!check) {
      let px = x[0];
      let py = y[0];
      for (let k = 0; k < m; k++) {
        const g0k = g[removal[a0 + k]];
        px -= g0k * zx[k];
        py -= g0k * zy[k];
      }
      pRemoved[c] = px;
      vRemoved[c] = py;
      continue;
    }
    checked += 2;
    // Full solution of the reduced system: x - G[:,R] z, zero on R.
    for (let i = 0; i < n; i++) {
      let sx = x[i];
      let sy = y[i];
      const ri = i * n;
      for (let k = 0; k < m; k++) {
        const gik = g[ri + removal[a0 + k]];
        sx -= gik * zx[k];
        sy -= gik * zy[k];
      }
      xr[i] = sx;
      yr[i] = sy;
    }
    for (let k = 0; k < m; k++) {
      const s = removal[a0 + k];
      mask[s] = 1;
      xr[s] = 0;
      yr[s] = 0;
    }
    pRemoved[c] = xr[0];
    vRemoved[c] = yr[0];
    res = Math.max(res, residual(sys, xr, r, mask), residual(sys, yr, rvs, mask));
    for (let k = 0; k < m; k++) mask[removal[a0 + k]] = 0;
  }
  return { p: x[0], v: y[0], pRemoved, vRemoved, method: 'direct', iterations: 0, residual: res, solves: 2 + 2 * active, checkedSolves: checked };
}

function iterativeSolve(sys: ChainSystem, rvs: Float64Array, settings: RemovalSolverSettings): RemovalSolution | null {
  const { n, r, removalPtr, removal } = sys;
  const C = removalPtr.length - 1;
  const { tolerance, maxIterations } = settings;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const full = gaussSeidel(sys, r, rvs, x, y, null, tolerance, maxIterations);
  if (!full.converged) return null;
  let iterations = full.iterations;
  let res = full.residual;
  const pRemoved = new Float64Array(C);
  const vRemoved = new Float64Array(C);
  const mask = new Uint8Array(n);
  const xr = new Float64Array(n);
  const yr = new Float64Array(n);
  for (let c = 0; c < C; c++) {
    const a0 = removalPtr[c];
    const a1 = removalPtr[c + 1];
    if (a0 === a1) {
      pRemoved[c] = x[0];
      vRemoved[c] = y[0];
      continue;
    }
    xr.set(x);
    yr.set(y);
    for (let k = a0; k < a1; k++) {
      mask[removal[k]] = 1;
      xr[removal[k]] = 0;
      yr[removal[k]] = 0;
    }
    const out = gaussSeidel(sys, r, rvs, xr, yr, mask, tolerance, maxIterations);
    if (!out.converged) return null;
    iterations += out.iterations;
    if (out.residual > res) res = out.residual;
    pRemoved[c] = xr[0];
    vRemoved[c] = yr[0];
    for (let k = a0; k < a1; k++) mask[removal[k]] = 0;
  }
  const solves = 2 + 2 * (removalPtr.length - 1 - countEmpty(removalPtr));
  return { p: x[0], v: y[0], pRemoved, vRemoved, method: 'iterative', iterations, residual: res, solves, checkedSolves: solves };
}

function countEmpty(ptr: Int32Array): number {
  let k = 0;
  for (let c = 0; c + 1 < ptr.length; c++) if (ptr[c + 1] === ptr[c]) k++;
  return k;
}
