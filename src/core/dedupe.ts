import { PathSummary } from './path-summary.js';
import type { PathStore } from '../types.js';

/**
 * Merges identical paths (same channel sequence), summing their conversions,
 * value and nulls; distinct paths keep the order of their first occurrence
 * and channels keep their ids. Per-touch times, conversion times and journey
 * links are dropped: merged paths no longer belong to one journey or one
 * moment. Every model gives the same channel credits before and after, except
 * time decay, which needs the times (run it before merging). Counts of skipped
 * rows and unattributed conversions are kept.
 *
 * @throws PathCreditError for a store with no paths.
 * @example
 * ```ts
 * const small = dedupePaths(store); // 10 M journeys -> a few hundred thousand distinct paths
 * ```
 */
export function dedupePaths(store: PathStore): PathStore {
  return new PathSummary().add(store).toStore();
}
