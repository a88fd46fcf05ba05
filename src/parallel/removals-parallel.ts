import type { ChainSystem } from '../markov/chain.js';
import { affectedRemovals, affectedSolution, type AffectedPart } from '../markov/fast-removals.js';
import { resolveMethod, scaleBack, scaledValues, solveRemovals, type RemovalSolution, type RemovalSolverSettings } from '../markov/removal-solver.js';
import { prepareRemovals } from '../markov/state-set-removal.js';
import { workerPool } from './pool.js';
import type { RemovalTask } from './removal-task.js';
import { shareArray } from './share-store.js';

/**
 * {@link solveRemovals} with the per-channel removals of method `affected` (the
 * default above order 1 on large chains) shared out over `threads` threads, the
 * calling one included: the full chain is solved once here, its arrays are
 * shared, and share w (w = 0 on this thread, the others on pool workers) removes
 * channels w, w + threads, ... Every removal is the same computation as on one
 * thread, so results are identical bit for bit. Other methods, `threads` 1 or no
 * built worker script run {@link solveRemovals} on this thread.
 * @example
 * ```ts
 * const sol = await solveRemovalsParallel(buildChain(counter), { solver: 'auto', tolerance: 1e-12, maxIterations: 100_000 }, 2);
 * ```
 */
export async function solveRemovalsParallel(sys: ChainSystem, settings: RemovalSolverSettings, threads: number): Promise<RemovalSolution> {
  const pool = threads > 1 ? workerPool(threads) : null;
  if (pool === null || resolveMethod(sys, settings.solver) !== 'affected') return solveRemovals(sys, settings);
  const { rvs, scale } = scaledValues(sys);
  const base = prepareRemovals(sys, rvs, settings.tolerance, settings.maxIterations);
  // Not converging: the single-threaded path reports it (or falls back to direct under auto).
  if (base === null) return solveRemovals(sys, settings);
  const C = sys.removalPtr.length - 1;
  const pRemoved = shareArray(new Float64Array(C));
  const vRemoved = shareArray(new Float64Array(C));
  const common = {
    n: sys.n,
    rowPtr: shareArray(sys.rowPtr),
    col: shareArray(sys.col),
    val: shareArray(sys.val),
    predPtr: shareArray(base.pred.ptr),
    predIdx: shareArray(base.pred.idx),
    predVal: shareArray(base.pred.val),
    r: shareArray(sys.r),
    rv: shareArray(rvs),
    x: shareArray(base.x),
    y: shareArray(base.y),
    removalPtr: shareArray(sys.removalPtr),
    removal: shareArray(sys.removal),
    tolerance: settings.tolerance,
    maxIterations: settings.maxIterations,
    stride: threads,
    pRemoved,
    vRemoved,
  };
  const others = Array.from({ length: threads - 1 }, (_, k) => pool.run<AffectedPart>('removals', { ...common, first: k + 1 } satisfies RemovalTask));
  const mine = affectedRemovals(base, 0, threads, pRemoved, vRemoved);
  const parts = [mine, ...(await Promise.all(others))];
  if (parts.some((p) => !p.converged)) return solveRemovals(sys, settings);
  return scaleBack(affectedSolution(base, Float64Array.from(pRemoved), Float64Array.from(vRemoved), parts), scale);
}
