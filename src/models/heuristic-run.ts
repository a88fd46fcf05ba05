import { DEFAULT_TOUCH_TYPE_COLUMN, resolveTouchWeights, type TouchWeightReport, type TouchWeightsOption, type TouchWeightTable } from '../touch-types/touch-weights.js';
import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { allocateBuffers, checkStore, finishCredits, type CreditBuffers } from './kernel.js';

/** Options every heuristic model accepts. */
export interface HeuristicModelOptions extends CommonModelOptions {
  /**
   * Weigh touches by type (e.g. clicks above impressions): each touch's share is
   * proportional to the model's positional weight times its type's weight. The
   * store needs the type column (see {@link TouchWeightsOption}). Default: none.
   */
  readonly touchWeights?: TouchWeightsOption;
}

/** Credits of a heuristic model, with a report when touch weights were applied. */
export type HeuristicCredits = ChannelCredits & { readonly touchWeights?: TouchWeightReport };

/**
 * A heuristic model's loop over the converting paths: credits them into `b`,
 * each path's touches weighted by position (and by `tw` when given), and
 * returns how many paths fell back to position alone (see `creditWeightedPath`).
 */
export type HeuristicKernel = (store: PathStore, b: CreditBuffers, tw: TouchWeightTable | null) => number;

/**
 * The common body of the heuristic models: check the store, resolve touch
 * weights, run the model's kernel, and build the result. `fn` names the model
 * function in errors (`positionBased`), `model` the result (`position_based`).
 */
export function runHeuristic(store: PathStore, fn: string, model: string, kernel: HeuristicKernel, options: HeuristicModelOptions): HeuristicCredits {
  checkStore(store, fn);
  const table = options.touchWeights ? resolveTouchWeights(store, options.touchWeights) : null;
  const buffers = allocateBuffers(store, options.perTouch === true);
  const zeroWeightPaths = kernel(store, buffers, table);
  const credits = finishCredits(store, model, buffers);
  return options.touchWeights ? { ...credits, touchWeights: { column: options.touchWeights.column ?? DEFAULT_TOUCH_TYPE_COLUMN, zeroWeightPaths } } : credits;
}
