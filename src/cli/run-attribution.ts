import { attributeAsync, defaultModels, type Attribution } from '../attribute.js';
import type { PathStore } from '../types.js';
import { type ModelFlags, modelOptions, parseCount, parseModels, parseThreads } from './model-flags.js';
import { type TrustFlags, trustOptions } from './trust-flags.js';

/** Parsed `--models` plus the model, interval, group-removal and diagnostics flags. */
export interface AttributionFlags extends ModelFlags, TrustFlags {
  models?: string;
}

/**
 * Every flag of a run as library options, checked before any input is read
 * (a bad flag should not wait for a large file).
 */
export function attributionOptions(flags: AttributionFlags) {
  const model = modelOptions(flags);
  const trust = trustOptions(flags);
  // --seed also seeds shapley-rate's permutation sampling (the one other random part of a run).
  const shapleyRate = flags.seed !== undefined ? { ...model.shapleyRate, seed: parseCount('--seed', flags.seed, 0) } : model.shapleyRate;
  return { ...model, shapleyRate, ...trust, threads: parseThreads(flags.threads) };
}

/**
 * Runs the models the flags ask for (default: the heuristics and Markov;
 * `all`: every model the store supports) with their options: the one place
 * `attribute` and `report` turn flags into results, so both commands always
 * compute the same numbers.
 */
export function attributeWithFlags(store: PathStore, flags: AttributionFlags, options = attributionOptions(flags)): Promise<Attribution> {
  const models = flags.models !== undefined ? parseModels(flags.models, store) : defaultModels(store);
  return attributeAsync(store, { models, ...options });
}
