import { attributeAsync, defaultModels, type Attribution } from '../attribute.js';
import type { PathStore } from '../types.js';
import { type ModelFlags, modelOptions, parseModels, parseThreads } from './model-flags.js';

/** Parsed `--models` plus the model flags. */
export interface AttributionFlags extends ModelFlags {
  models?: string;
}

/**
 * Runs the models the flags ask for (default: every model the store supports)
 * with their options: the one place `attribute` and `report` turn flags into
 * results, so both commands always compute the same numbers.
 */
export function attributeWithFlags(store: PathStore, flags: AttributionFlags): Promise<Attribution> {
  const models = flags.models !== undefined ? parseModels(flags.models) : defaultModels(store);
  return attributeAsync(store, { models, ...modelOptions(flags), threads: parseThreads(flags.threads) });
}
