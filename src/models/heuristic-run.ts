import { DEFAULT_TOUCH_TYPE_COLUMN, resolveTouchWeights, type TouchWeightReport, type TouchWeightsOption } from '../touch-types/touch-weights.js';
import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { allocateBuffers, checkStore, finishCredits } from './kernel.js';
import { walkConvertingPaths, type TouchRule } from './walk.js';

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
 * The common body of the heuristic models: check the store, resolve touch
 * weights, walk the converting paths with the model's rule, and build the result.
 */
export function runHeuristic(store: PathStore, model: string, rule: TouchRule, options: HeuristicModelOptions): HeuristicCredits {
  checkStore(store, rule.model);
  const table = options.touchWeights ? resolveTouchWeights(store, options.touchWeights) : null;
  const buffers = allocateBuffers(store, options.perTouch === true);
  const zeroWeightPaths = walkConvertingPaths(store, rule, buffers, table);
  const credits = finishCredits(store, model, buffers);
  return options.touchWeights ? { ...credits, touchWeights: { column: options.touchWeights.column ?? DEFAULT_TOUCH_TYPE_COLUMN, zeroWeightPaths } } : credits;
}
