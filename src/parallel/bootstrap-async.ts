import { availableParallelism } from 'node:os';
import type { ModelName, ModelSettings } from '../model-set.js';
import type { PathStore } from '../types.js';
import { type BootstrapIntervals, type ReplicateBatch, runReplicates, summarise, unitsFor } from '../uncertainty/bootstrap.js';
import type { ResolvedIntervalOptions } from '../uncertainty/options.js';
import { replicateLayout } from '../uncertainty/replicate-models.js';
import type { BootstrapTask } from './bootstrap-task.js';
import { workerPool } from './pool.js';
import { shareArray } from './share-store.js';
/** Below this many path-replicates (units x B) the replicates run on the calling thread by default. */
export const BOOTSTRAP_PARALLEL_MIN_WORK = 2_000_000;

/**
 * Bootstrap intervals with the replicates spread over worker threads:
 * replicate b always draws the same numbers (its streams are keyed by seed, b
 * and path content), so the rows, and the intervals, are bit-identical for any
 * number of threads. Replicates are cut into contiguous ranges, one per thread,
 * and the rows are put back in replicate order.
 *
 * Falls back to the calling thread with one thread, small work (see
 * `threads` in `IntervalOptions`), or no built worker script (running from sources).
 *
 * @example
 * ```ts
 * const iv = await bootstrapIntervalsAsync(store, ['markov'], {}, resolveIntervalOptions({ threads: 2 }));
 * ```
 */
export async function bootstrapIntervalsAsync(store: PathStore, models: readonly ModelName[], settings: ModelSettings, options: ResolvedIntervalOptions): Promise<BootstrapIntervals> {
  const units = unitsFor(store, models);
  const B = options.replicates;
  const auto = units.store.pathCount * B >= BOOTSTRAP_PARALLEL_MIN_WORK ? availableParallelism() : 1;
  const threads = Math.min(B, options.threads ?? auto);
  const pool = threads > 1 ? workerPool(threads) : null;
  if (pool === null) return summarise(units, models, options, runReplicates(units, models, settings, options.seed, 0, B));

  const u = units.store;
  const base = {
    channels: u.channels.slice(),
    offsets: shareArray(u.offsets),
    touches: shareArray(u.touches),
    times: u.times === null ? null : shareArray(u.times),
    conversionTimes: u.conversionTimes === null ? null : shareArray(u.conversionTimes),
    conversions: shareArray(u.conversions),
    value: shareArray(u.value),
    nulls: shareArray(u.nulls),
    keyHi: shareArray(units.keyHi),
    keyLo: shareArray(units.keyLo),
    withTimes: units.withTimes,
    models: models.slice(),
    settings,
    seed: options.seed,
  };
  const ranges: [number, number][] = [];
  for (let t = 0; t < threads; t++) ranges.push([Math.floor((B * t) / threads), Math.floor((B * (t + 1)) / threads)]);
  // The first range on this thread while pool workers run the others.
  const others = ranges.slice(1).map(([from, to]) => pool.run<ReplicateBatch>('bootstrap', { ...base, from, to } satisfies BootstrapTask));
  const parts = [runReplicates(units, models, settings, options.seed, ranges[0][0], ranges[0][1]), ...(await Promise.all(others))];
  const width = replicateLayout(models, u.channels.length).width;
  const rows = new Float64Array(B * width);
  const degenerate = new Int32Array(models.length);
  parts.forEach((part, t) => {
    rows.set(part.rows, ranges[t][0] * width);
    for (let m = 0; m < models.length; m++) degenerate[m] += part.degenerate[m];
  });
  return summarise(units, models, options, { rows, degenerate });
}
