import { PathCreditError } from '../errors.js';
import type { ChainSystem } from './chain.js';
import { fundamentalRemovals } from './fundamental.js';
import type { RemovalSolution } from './removal-solver.js';
import { prepareRemovals, removeStateSet, type RemovalBase } from './state-set-removal.js';

/**
 * Whether every channel's removal set is at most one state (always so at order 1),
 * which the `fundamental` method needs.
 */
export function singleStateRemovals(sys: ChainSystem): boolean {
  const ptr = sys.removalPtr;
  for (let c = 0; c + 1 < ptr.length; c++) if (ptr[c + 1] - ptr[c] > 1) return false;
  return true;
}

/**
 * Method `fundamental`: every order-1 removal from the diagonal of the fundamental
 * matrix (see {@link fundamentalRemovals}), as a {@link RemovalSolution}.
 * @throws PathCreditError when a removal set has more than one state (order > 1) or a solve does not converge.
 */
export function fundamentalSolve(sys: ChainSystem, rvs: Float64Array, tolerance: number, maxIterations: number): RemovalSolution {
  if (!singleStateRemovals(sys)) {
    throw new PathCreditError(`solver 'fundamental' needs one state per channel (order 1); use 'affected' or 'auto' at higher orders`);
  }
  const s = fundamentalRemovals(sys, rvs, tolerance, maxIterations);
  return {
    p: s.p,
    v: s.v,
    pRemoved: s.pRemoved,
    vRemoved: s.vRemoved,
    method: 'fundamental',
    iterations: s.iterations,
    residual: s.residual,
    solves: s.solves,
    checkedSolves: s.solves,
    hubStates: s.hubs,
    removalErrorBound: s.errorBound,
  };
}

/**
 * Method `affected`: per channel, only the states that can reach the channel's states
 * are re-solved, warm-started from the full solution (see {@link removeStateSet}).
 * Returns null when a solve does not converge (the caller may fall back to `direct`).
 */
export function affectedSolve(sys: ChainSystem, rvs: Float64Array, tolerance: number, maxIterations: number): RemovalSolution | null {
  const base = prepareRemovals(sys, rvs, tolerance, maxIterations);
  if (base === null) return null;
  const C = sys.removalPtr.length - 1;
  const pRemoved = new Float64Array(C);
  const vRemoved = new Float64Array(C);
  const part = affectedRemovals(base, 0, 1, pRemoved, vRemoved);
  return part.converged ? affectedSolution(base, pRemoved, vRemoved, [part]) : null;
}

/** What one share of the channels cost in {@link affectedRemovals}. */
export interface AffectedPart {
  /** Sweeps over all its removals. */
  readonly iterations: number;
  /** Max residual over its removals. */
  readonly residual: number;
  /** Channels whose removal changed the chain. */
  readonly active: number;
  /** States re-solved, summed over its removals. */
  readonly affected: number;
  /** False when a removal did not converge (its channel is then left unsolved). */
  readonly converged: boolean;
}

/**
 * Removes channels `first`, `first + stride`, ... one at a time with {@link removeStateSet},
 * writing P_-c and V_-c into `pRemoved` and `vRemoved` (a worker thread runs one such share).
 */
export function affectedRemovals(base: RemovalBase, first: number, stride: number, pRemoved: Float64Array, vRemoved: Float64Array): AffectedPart {
  const { removalPtr, removal } = base.sys;
  const C = removalPtr.length - 1;
  let iterations = 0;
  let residual = 0;
  let active = 0;
  let affected = 0;
  for (let c = first; c < C; c += stride) {
    const a = removalPtr[c];
    const b = removalPtr[c + 1];
    if (a === b) {
      pRemoved[c] = base.x[0];
      vRemoved[c] = base.y[0];
      continue;
    }
    const out = removeStateSet(base, removal.subarray(a, b));
    if (!out.converged) return { iterations, residual, active, affected, converged: false };
    active++;
    affected += out.affected;
    iterations += out.iterations;
    if (out.residual > residual) residual = out.residual;
    pRemoved[c] = out.p;
    vRemoved[c] = out.v;
  }
  return { iterations, residual, active, affected, converged: true };
}

/** The {@link RemovalSolution} of method `affected` from the parts that computed it. */
export function affectedSolution(base: RemovalBase, pRemoved: Float64Array, vRemoved: Float64Array, parts: readonly AffectedPart[]): RemovalSolution {
  let iterations = base.iterations;
  let residual = base.residual;
  let active = 0;
  let affected = 0;
  for (const p of parts) {
    iterations += p.iterations;
    residual = Math.max(residual, p.residual);
    active += p.active;
    affected += p.affected;
  }
  const solves = 2 + 2 * active;
  return {
    p: base.x[0],
    v: base.y[0],
    pRemoved,
    vRemoved,
    method: 'affected',
    iterations,
    residual,
    solves,
    checkedSolves: solves,
    affectedStates: active > 0 ? Math.round(affected / active) : 0,
  };
}
