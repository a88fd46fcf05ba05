import type { ChainSystem } from './chain.js';
import { gaussSeidel } from './gauss-seidel.js';
import { predecessorsOf, type Predecessors } from './predecessors.js';

/**
 * The full chain solved once, ready for removals of arbitrary state sets
 * (see {@link removeStateSet}). Create it with {@link prepareRemovals}.
 */
export interface RemovalBase {
  /** The chain. */
  readonly sys: ChainSystem;
  /** Value right-hand side as solved (possibly scaled; V values come back in the same units). */
  readonly rv: Float64Array;
  /** Q by columns. */
  readonly pred: Predecessors;
  /** Conversion absorption probabilities x of the full chain. */
  readonly x: Float64Array;
  /** Expected values y of the full chain. */
  readonly y: Float64Array;
  /** Gauss-Seidel sweeps of the full solve. */
  readonly iterations: number;
  /** Residual of the full solve. */
  readonly residual: number;
  /** Residual tolerance of every solve. */
  readonly tolerance: number;
  /** Sweep limit of every solve. */
  readonly maxIterations: number;
  // Work arrays (equal to x and y between calls) and marks, reused by every removal.
  readonly work: { readonly x: Float64Array; readonly y: Float64Array; readonly mark: Uint8Array; readonly list: Int32Array };
}

/** P and V with a set of states removed. */
export interface StateSetRemoval {
  /** P_-R. */
  readonly p: number;
  /** V_-R (in the units of `base.rv`). */
  readonly v: number;
  /** Gauss-Seidel sweeps over the affected states. */
  readonly iterations: number;
  /** max |(I - Q) x - b| over the affected rows, both right-hand sides (0 when nothing is affected). */
  readonly residual: number;
  /** Number of states re-solved (those that can reach the removed set). */
  readonly affected: number;
  /** False when the sweeps did not reach the tolerance within maxIterations. */
  readonly converged: boolean;
}

/**
 * Solves the full chain once (Gauss-Seidel for x and y together) and keeps what
 * removals need. Returns null when the full solve does not converge.
 * Unchecked kernel.
 * @example
 * ```ts
 * const base = prepareRemovals(buildChain(counter), rvScaled, 1e-12, 100_000)!;
 * removeStateSet(base, [3, 7]).p; // P with unknowns 3 and 7 removed
 * ```
 */
export function prepareRemovals(sys: ChainSystem, rv: Float64Array, tolerance: number, maxIterations: number): RemovalBase | null {
  const n = sys.n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const full = gaussSeidel(sys, sys.r, rv, x, y, null, tolerance, maxIterations);
  if (!full.converged) return null;
  return removalBase(sys, rv, predecessorsOf(sys), x, y, full.iterations, full.residual, tolerance, maxIterations);
}

/**
 * A {@link RemovalBase} from a full solution computed elsewhere (e.g. shared with a
 * worker thread); `x` and `y` must solve the full chain to `tolerance`.
 */
export function removalBase(
  sys: ChainSystem,
  rv: Float64Array,
  pred: Predecessors,
  x: Float64Array,
  y: Float64Array,
  iterations: number,
  residual: number,
  tolerance: number,
  maxIterations: number,
): RemovalBase {
  const n = sys.n;
  return { sys, rv, pred, x, y, iterations, residual, tolerance, maxIterations, work: { x: x.slice(), y: y.slice(), mark: new Uint8Array(n), list: new Int32Array(n) } };
}

const REMOVED = 1; // gaussSeidel skips rows marked 1
/** Above this share of affected states a removal sweeps the whole chain instead of a row list. */
const WHOLE_CHAIN_SHARE = 0.9;
const AFFECTED = 2;

/**
 * P and V with every state in `states` removed (transitions into them go to
 * `(null)`): the strong Markov property confines the change to the states that
 * can reach the removed set, so only those are re-solved, by Gauss-Seidel
 * warm-started from the full solution (removed states held at 0); every other
 * state keeps its value exactly, and its equation its residual. This is the one
 * call behind per-channel removals at any order and group removals (all states
 * containing any channel of a group). `states` are unknowns (transient state t is
 * unknown t + 1); duplicates are fine; `(start)` (unknown 0) must not be in it.
 * Unchecked kernel; not re-entrant (it reuses `base.work`).
 * @example
 * ```ts
 * const r = removeStateSet(base, sys.removal.subarray(sys.removalPtr[c], sys.removalPtr[c + 1]));
 * 1 - r.p / base.x[0]; // removal effect of channel c
 * ```
 */
export function removeStateSet(base: RemovalBase, states: ArrayLike<number>): StateSetRemoval {
  const { sys, pred, x, y, rv, tolerance, maxIterations } = base;
  const { x: xr, y: yr, mark, list } = base.work;
  // The affected set: states not removed that can reach a removed one (backward search).
  let count = 0;
  for (let k = 0; k < states.length; k++) {
    const s = states[k];
    if (mark[s] === REMOVED) continue;
    mark[s] = REMOVED;
    xr[s] = 0;
    yr[s] = 0;
  }
  let head = 0;
  for (let k = 0; k < states.length; k++) {
    const s = states[k];
    for (let e = pred.ptr[s]; e < pred.ptr[s + 1]; e++) {
      const i = pred.idx[e];
      if (mark[i] === 0) {
        mark[i] = AFFECTED;
        list[count++] = i;
      }
    }
  }
  while (head < count) {
    const j = list[head++];
    for (let e = pred.ptr[j]; e < pred.ptr[j + 1]; e++) {
      const i = pred.idx[e];
      if (mark[i] === 0) {
        mark[i] = AFFECTED;
        list[count++] = i;
      }
    }
  }
  // Sweep from the last unknown to the first, as the full solve does (successors tend to
  // have higher numbers, so one sweep carries values back towards (start)). When nearly every
  // state is affected, sweeping all rows in place (removed ones skipped: mark 1) is cheaper
  // than going through the row list, and is exactly the whole-chain solve.
  const affected = list.subarray(0, count);
  const solved =
    count > WHOLE_CHAIN_SHARE * sys.n
      ? gaussSeidel(sys, sys.r, rv, xr, yr, mark, tolerance, maxIterations)
      : gaussSeidel(sys, sys.r, rv, xr, yr, null, tolerance, maxIterations, affected.sort().reverse());
  const out: StateSetRemoval = { p: xr[0], v: yr[0], iterations: solved.iterations, residual: solved.residual, affected: count, converged: solved.converged };
  // Restore the work arrays for the next call.
  for (let q = 0; q < count; q++) {
    const i = affected[q];
    xr[i] = x[i];
    yr[i] = y[i];
    mark[i] = 0;
  }
  for (let k = 0; k < states.length; k++) {
    const s = states[k];
    xr[s] = x[s];
    yr[s] = y[s];
    mark[s] = 0;
  }
  return out;
}
