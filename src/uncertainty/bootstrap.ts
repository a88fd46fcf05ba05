import { PathCreditError } from '../errors.js';
import type { ModelName, ModelSettings } from '../model-set.js';
import type { PathStore } from '../types.js';
import { bootstrapUnits, type BootstrapUnits } from './bootstrap-units.js';
import { columnQuantiles, modelIntervals, QUANTILE_RULE, type ModelIntervals, type RemovalEffectIntervals } from './intervals.js';
import type { ResolvedIntervalOptions } from './options.js';
import { POISSON_INVERSION_MAX_MEAN } from './poisson.js';
import { Replicator } from './replicate.js';
import { ReplicateModels, replicateLayout, type ReplicateLayout } from './replicate-models.js';

/** Bootstrap intervals of every model of an attribution (plain data, safe to serialise). */
export interface BootstrapIntervals {
  /** Always `poisson-bootstrap`: each distinct path's conversions and nulls redrawn as Poisson(count). */
  readonly method: 'poisson-bootstrap';
  /** Replicates B. */
  readonly replicates: number;
  /** Level L: each interval runs from the (1 - L) / 2 to the (1 + L) / 2 quantile. */
  readonly level: number;
  /** Seed of the generator. */
  readonly seed: number;
  /** Distinct paths (resampling units). */
  readonly units: number;
  /** The random generator. */
  readonly generator: 'philox4x32-10';
  /** The Poisson sampler, in words. */
  readonly poissonSampler: string;
  /** The quantile rule, in words. */
  readonly quantileRule: string;
  /** One entry per model, in result order. */
  readonly models: readonly ModelIntervals[];
  /** Intervals of the Markov removal effects, when Markov ran. */
  readonly markov?: RemovalEffectIntervals;
}

/** What a batch of replicates produces: one row per replicate and degenerate counts per model. */
export interface ReplicateBatch {
  /** Row-major (to - from) x width matrix. */
  readonly rows: Float64Array;
  /** Per model: replicates with nothing to distribute. */
  readonly degenerate: Int32Array;
}

/** The description of the Poisson sampler, as reported. */
export const POISSON_SAMPLER = `exact: inversion by sequential search below mean ${POISSON_INVERSION_MAX_MEAN}, PTRS transformed rejection (Hörmann 1993) at and above`;

/**
 * Runs replicates [from, to) of the units on the calling thread. A replicate's
 * numbers depend only on (seed, replicate, path content), so any split of the
 * replicate range over threads gives the same rows.
 */
export function runReplicates(units: BootstrapUnits, models: readonly ModelName[], settings: ModelSettings, seed: number, from: number, to: number): ReplicateBatch {
  const runner = new ReplicateModels(units.store, models, settings);
  const replicator = new Replicator(units, seed);
  const width = runner.layout.width;
  const rows = new Float64Array((to - from) * width);
  const degenerate = new Int32Array(models.length);
  for (let b = from; b < to; b++) runner.run(replicator.draw(b), rows.subarray((b - from) * width, (b - from + 1) * width), degenerate);
  return { rows, degenerate };
}

/** The resampling units of a store for a model list (with times when time decay is resampled). */
export function unitsFor(store: PathStore, models: readonly ModelName[]): BootstrapUnits {
  return bootstrapUnits(store, models.includes('time_decay'));
}

/** Turns replicate rows into {@link BootstrapIntervals}. */
export function summarise(units: BootstrapUnits, models: readonly ModelName[], options: ResolvedIntervalOptions, batch: ReplicateBatch): BootstrapIntervals {
  const layout = replicateLayout(models, units.store.channels.length);
  const bounds = columnQuantiles(batch.rows, options.replicates, layout.width, options.level);
  const split = modelIntervals(layout, bounds, batch.degenerate);
  return {
    method: 'poisson-bootstrap',
    replicates: options.replicates,
    level: options.level,
    seed: options.seed,
    units: units.store.pathCount,
    generator: 'philox4x32-10',
    poissonSampler: POISSON_SAMPLER,
    quantileRule: QUANTILE_RULE,
    ...split,
  };
}

/**
 * Bootstrap intervals of `models` on `store`, every replicate on the calling
 * thread (see `bootstrapIntervalsAsync` for worker threads; same results).
 *
 * @example
 * ```ts
 * const iv = bootstrapIntervals(store, ['linear', 'markov'], {}, resolveIntervalOptions(true));
 * iv.models[1].conversionsLo; // per channel
 * ```
 */
export function bootstrapIntervals(store: PathStore, models: readonly ModelName[], settings: ModelSettings, options: ResolvedIntervalOptions): BootstrapIntervals {
  const units = unitsFor(store, models);
  return summarise(units, models, options, runReplicates(units, models, settings, options.seed, 0, options.replicates));
}

/** Raw replicates of {@link bootstrapReplicates}: one row per replicate, laid out by `layout`. */
export interface ReplicateMatrix extends ReplicateBatch {
  /** Where each model's credits (and the Markov removal effects) sit in a row. */
  readonly layout: ReplicateLayout;
  /** First replicate index of the rows. */
  readonly from: number;
}

/**
 * The raw bootstrap replicates [from, to) of `models` on `store` (for
 * histograms, or statistics other than percentile intervals): row b - from
 * holds replicate b's credits, in the positions given by `layout`. The same
 * rows `attribute` summarises with the same seed.
 *
 * @example
 * ```ts
 * const m = bootstrapReplicates(store, ['linear'], {}, { seed: 1, from: 0, to: 100 });
 * m.rows[m.layout.offsets[0] + 2]; // replicate 0: linear conversions of channel 2
 * ```
 */
export function bootstrapReplicates(
  store: PathStore,
  models: readonly ModelName[],
  settings: ModelSettings,
  range: { readonly seed: number; readonly from: number; readonly to: number },
): ReplicateMatrix {
  if (!Number.isInteger(range.from) || !Number.isInteger(range.to) || range.from < 0 || range.to < range.from) {
    throw new PathCreditError('replicate range must be integers with 0 <= from <= to', { column: 'from', value: [range.from, range.to] });
  }
  const units = unitsFor(store, models);
  const batch = runReplicates(units, models, settings, range.seed, range.from, range.to);
  return { ...batch, layout: replicateLayout(models, store.channels.length), from: range.from };
}
