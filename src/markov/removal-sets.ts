import { buildChain } from './chain.js';
import { solveRemovals, type RemovalMethod, type RemovalSolverSettings } from './removal-solver.js';
import type { TransitionCounter } from './transition-counter.js';

/** Absorption values for the full chain and with each requested set of channels removed. */
export interface RemovalSetSolution {
  /** P from `(start)`. */
  readonly p: number;
  /** V from `(start)`. */
  readonly v: number;
  /** P with each set removed, in the order of the sets. */
  readonly pRemoved: Float64Array;
  /** V with each set removed. */
  readonly vRemoved: Float64Array;
  /** Solver method used. */
  readonly method: RemovalMethod;
  /** Max residual over the checked solves. */
  readonly residual: number;
  /** Gauss-Seidel sweeps summed over all solves (0 for the direct method). */
  readonly iterations: number;
  /** Linear systems solved. */
  readonly solves: number;
  /** Of which had their residual evaluated. */
  readonly checkedSolves: number;
}

/**
 * The one entry point from the group-removal and diagnostic code into the
 * exact removal machinery: removes each set of channels (counter channel ids)
 * together, redirecting every transition into a state that contains any of
 * them to `(null)`, and solves for P and V. Each set is handed to the solver as
 * if it were one channel whose states are the union of its members' states, so
 * the solver's own direct or iterative method, checks and residuals apply.
 *
 * @example
 * ```ts
 * const sol = solveRemovalSets(counter, [[0, 2], [1]], { solver: 'auto', tolerance: 1e-12, maxIterations: 100_000 });
 * 1 - sol.pRemoved[0] / sol.p; // removal effect of channels 0 and 2 together
 * ```
 */
export function solveRemovalSets(counter: TransitionCounter, sets: readonly (readonly number[])[], settings: RemovalSolverSettings): RemovalSetSolution {
  const sys = buildChain(counter);
  const n = sys.n;
  const stamp = new Int32Array(n).fill(-1);
  const ptr = new Int32Array(sets.length + 1);
  const removal: number[] = [];
  sets.forEach((set, g) => {
    for (const c of set) {
      for (let k = sys.removalPtr[c]; k < sys.removalPtr[c + 1]; k++) {
        const u = sys.removal[k];
        if (stamp[u] === g) continue;
        stamp[u] = g;
        removal.push(u);
      }
    }
    ptr[g + 1] = removal.length;
  });
  // The fundamental-matrix identity removes one state at a time: a group is
  // several, so a request for it is left to the choice among the other methods.
  const solver = settings.solver === 'fundamental' ? 'auto' : settings.solver;
  const sol = solveRemovals({ ...sys, removalPtr: ptr, removal: Int32Array.from(removal) }, { ...settings, solver });
  return {
    p: sol.p,
    v: sol.v,
    pRemoved: sol.pRemoved,
    vRemoved: sol.vRemoved,
    method: sol.method,
    residual: sol.residual,
    iterations: sol.iterations,
    solves: sol.solves,
    checkedSolves: sol.checkedSolves,
  };
}
