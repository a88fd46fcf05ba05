import { PathCreditError } from '../errors.js';
import type { ChainSystem } from './chain.js';
import { expectedVisits } from './expected-visits.js';
import { gaussSeidel } from './gauss-seidel.js';
import { hubCorrections, hubSchur } from './hub-schur.js';
import { splitHubs } from './hub-split.js';
import { LocalPush } from './local-push.js';
import { predecessorsOf } from './predecessors.js';

/** Bound on |error| of every removal effect (conversion and value) from the diagonal of N. */
export const REMOVAL_ERROR_TARGET = 1e-10;

/** Tuning of {@link fundamentalRemovals} (tests force small hub counts with it). */
export interface FundamentalTuning {
  /** Number of hub states m; default {@link defaultHubCount}. */
  readonly hubs?: number;
}

/** P, V and every single-state removal at order 1, from the diagonal of the fundamental matrix. */
export interface FundamentalSolution {
  /** P (x at `(start)`). */
  readonly p: number;
  /** V (y at `(start)`, in the scaled units of `rv`). */
  readonly v: number;
  /** P_-c per channel. */
  readonly pRemoved: Float64Array;
  /** V_-c per channel (scaled units). */
  readonly vRemoved: Float64Array;
  /** Gauss-Seidel sweeps over all solves (x and y, g, tau, the hub blocks). */
  readonly iterations: number;
  /** Max residual of the base solves (x and y, g) and of the hub block solves. */
  readonly residual: number;
  /** Linear systems solved: x, y, g, tau and 2 m hub right-hand sides. */
  readonly solves: number;
  /** Number of hub states m. */
  readonly hubs: number;
  /** Max over channels of the certified bound on |RE error| and |RV error| from the diagonal. */
  readonly errorBound: number;
  /** Transitions read by the local pushes (the work on the non-hub states). */
  readonly pushWork: number;
}

/** Most hub states the default picks (the dense m x m blocks cost O(m^3) and m^2 per other state). */
const MAX_DEFAULT_HUBS = 2000;

/**
 * Hub count for `n` unknowns and `nnz` transitions between them: 0.6 sqrt(nnz),
 * within [1, min(n - 1, 2000)]. Measured on Zipf-like campaign data (5,000 and
 * 20,000 channels): the hub blocks cost about m nnz sweeps plus m^2 per other
 * state, the local pushes get cheaper as more hubs leave the rest, and the sum
 * was lowest near this m on both.
 * @example
 * ```ts
 * defaultHubCount(5001, 440_000); // 398
 * ```
 */
export function defaultHubCount(n: number, nnz: number): number {
  return Math.max(1, Math.min(n - 1, MAX_DEFAULT_HUBS, Math.round(0.6 * Math.sqrt(nnz))));
}

/**
 * Every order-1 removal from one forward solve, one transposed solve and the
 * diagonal of N = (I - Q)^-1, without a solve per channel. Removing the state s
 * of channel c removes exactly the journeys that ever enter s, so
 * P_-c = P - (N[start,s] / N[s,s]) x_s and V_-c = V - (N[start,s] / N[s,s]) y_s
 * (N[start,s] / N[s,s] is the probability of ever entering s).
 *
 * - x, y: Gauss-Seidel on (I - Q) x = r, (I - Q) y = rv;
 * - g = N[start,:]: one transposed Gauss-Seidel solve;
 * - diag(N): the m states with the most transitions are hubs K; block inversion gives
 *   N[k,k] for hubs exactly (a dense m x m Schur complement) and, for the rest,
 *   N[s,s] = B^-1[s,s] + X[s,:] M Y[:,s] (see {@link hubSchur}), with B^-1[s,s] from
 *   local pushes ({@link LocalPush}) to an accuracy that bounds each channel's removal
 *   effect error by {@link REMOVAL_ERROR_TARGET}.
 *
 * Only valid when every removal set is a single state (order 1). Unchecked kernel.
 * @throws PathCreditError when a solve does not converge.
 * @example
 * ```ts
 * const sol = fundamentalRemovals(buildChain(counter), rvScaled, 1e-12, 100_000);
 * 1 - sol.pRemoved[0] / sol.p; // RE of channel 0
 * ```
 */
export function fundamentalRemovals(
  sys: ChainSystem,
  rvs: Float64Array,
  tolerance: number,
  maxIterations: number,
  tuning: FundamentalTuning = {},
): FundamentalSolution {
  const { n, r, removalPtr, removal } = sys;
  const C = removalPtr.length - 1;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const base = gaussSeidel(sys, r, rvs, x, y, null, tolerance, maxIterations);
  if (!base.converged) throw notConverged('P and V', tolerance, maxIterations);
  const pred = predecessorsOf(sys);
  // g scales every removal linearly, so it is solved a little tighter than x and y.
  const visits = expectedVisits(sys, pred, tolerance / 10, maxIterations);
  if (!visits.converged) throw notConverged('the expected visits', tolerance / 10, maxIterations);
  const g = visits.g;
  const P = x[0];
  const V = y[0];
  let iterations = base.iterations + visits.iterations;
  let residual = Math.max(base.residual, visits.residual);

  const m = Math.max(1, Math.min(n - 1, tuning.hubs ?? defaultHubCount(n, sys.rowPtr[n])));
  const split = splitHubs(sys, pred, m);
  // tau = B^-1 1: expected steps before the walk reaches a hub or is absorbed.
  const isHub = new Uint8Array(n);
  for (let a = 0; a < m; a++) isHub[split.hubs[a]] = 1;
  const ones = new Float64Array(n).fill(1);
  const t1 = new Float64Array(n);
  const t2 = new Float64Array(n);
  const steps = gaussSeidel(sys, ones, ones, t1, t2, isHub, tolerance, maxIterations);
  if (!steps.converged) throw notConverged('the steps between hubs', tolerance, maxIterations);
  iterations += steps.iterations;
  const tau = new Float64Array(split.p);
  for (let q = 0; q < split.p; q++) tau[q] = t1[split.rest[q]];
  const schur = hubSchur(split, Math.min(1e-13, tolerance), maxIterations);

  iterations += schur.iterations;
  residual = Math.max(residual, schur.residual);

  const push = new LocalPush(split.pp, split.ppT, tau);
  const correction = new Float64Array(split.p);
  hubCorrections(schur, m, split.p, correction);
  const pRemoved = new Float64Array(C);
  const vRemoved = new Float64Array(C);
  let errorBound = 0;
  let pushWork = 0;
  for (let c = 0; c < C; c++) {
    pRemoved[c] = P;
    vRemoved[c] = V;
    if (removalPtr[c + 1] === removalPtr[c]) continue;
    if (removalPtr[c + 1] - removalPtr[c] !== 1) throw new Error('fundamentalRemovals needs single-state removals (order 1)');
    const s = removal[removalPtr[c]];
    // Sensitivity of RE and RV to N[s,s]: |dRE| <= g_s x_s / P * |dN| / N[s,s]^2, with N[s,s] >= 1.
    const sensitivity = g[s] * Math.max(P > 0 ? x[s] / P : 0, V > 0 ? y[s] / V : 0);
    if (!(sensitivity > 0)) continue; // s never leads to a conversion (or is never reached): nothing to remove
    let diagonal: number;
    const hub = split.hubOf[s];
    if (hub >= 0) {
      diagonal = schur.inverse[hub * m + hub];
    } else {
      const local = split.restOf[s];
      const d = push.diagonal(local, REMOVAL_ERROR_TARGET / sensitivity);
      pushWork += d.work;
      const bound = (d.bound * sensitivity) / Math.max(1, d.value * d.value);
      if (bound > errorBound) errorBound = bound;
      diagonal = d.value + correction[local];
    }
    const hit = g[s] / diagonal;
    pRemoved[c] = P - hit * x[s];
    vRemoved[c] = V - hit * y[s];
  }
  return { p: P, v: V, pRemoved, vRemoved, iterations, residual, solves: 4 + 2 * m, hubs: m, errorBound, pushWork };
}

function notConverged(what: string, tolerance: number, maxIterations: number): PathCreditError {
  return new PathCreditError(
    `the iterative solve for ${what} did not reach the tolerance ${tolerance} within maxIterations ${maxIterations}; raise maxIterations or use solver 'direct'`,
  );
}
