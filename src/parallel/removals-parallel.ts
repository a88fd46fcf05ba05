import type { ChainSystem } from '../markov/chain.js';
import { affectedSolution, type AffectedPart } from '../markov/fast-removals.js';
import { resolveMethod, scaleBack, scaledValues, solveRemovals, type RemovalSolution, type RemovalSolverSettings } from '../markov/removal-solver.js';
import { prepareRemovals } from '../markov/state-set-removal.js';
import { runWorker, shared, workerUrl } from './count-transitions-parallel.js';
import type { RemovalTask } from './removal-task.js';

const WORKER_FILE = 'removal-worker.js';

/**
 * {@link solveRemovals} with the per-channel removals of method `affected` (the
 * default above order 1 on large chains) spread over `threads` worker threads:
 * the full chain is solved once here, its arrays shared, and worker w removes
 * channels w, w + threads, ... Every removal is the same computation as on one
 * thread, so results are identical bit for bit. Other methods, `threads` 1 or a
 * missing built worker script run {@link solveRemovals} on this thread.
 * @example
 * ```ts
 * const sol = await solveRemovalsParallel(buildChain(counter), { solver: 'auto', tolerance: 1e-12, maxIterations: 100_000 }, 2);
 * ```
 */
export async function solveRemovalsParallel(sys: ChainSystem, settings: RemovalSolverSettings, threads: number): Promise<RemovalSolution> {
  const url = workerUrl(WORKER_FILE);
  if (threads <= 1 || url === null || resolveMethod(sys, settings.solver) !== 'affected') return solveRemovals(sys, settings);
  const { rvs, scale } = scaledValues(sys);
  const base = prepareRemovals(sys, rvs, settings.tolerance, settings.maxIterations);
  // Not converging: the single-threaded path reports it (or falls back to direct under auto).
  if (base === null) return solveRemovals(sys, settings);
  const C = sys.removalPtr.length - 1;
  const pRemoved = shared(new Float64Array(C));
  const vRemoved = shared(new Float64Array(C));
  const common = {
    n: sys.n,
    rowPtr: shared(sys.rowPtr),
    col: shared(sys.col),
    val: shared(sys.val),
    predPtr: shared(base.pred.ptr),
    predIdx: shared(base.pred.idx),
    predVal: shared(base.pred.val),
    r: shared(sys.r),
    rv: shared(rvs),
    x: shared(base.x),
    y: shared(base.y),
    removalPtr: shared(sys.removalPtr),
    removal: shared(sys.removal),
    tolerance: settings.tolerance,
    maxIterations: settings.maxIterations,
    stride: threads,
    pRemoved,
    vRemoved,
  };
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, first) => runWorker<RemovalTask, AffectedPart>(url, { ...common, first }, 'Markov removal')),
  );
  if (parts.some((p) => !p.converged)) return solveRemovals(sys, settings);
  return scaleBack(affectedSolution(base, Float64Array.from(pRemoved), Float64Array.from(vRemoved), parts), scale);
}
