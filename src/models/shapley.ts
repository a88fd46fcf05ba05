import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { allocateBuffers, checkStore, finishCredits } from './kernel.js';
import { linearUniqueKernel } from './linear.js';

/** Options of {@link shapley}. */
export interface ShapleyOptions extends CommonModelOptions {}

/**
 * The simplified Shapley value of Zhao et al. (2018, "Shapley value methods for
 * attribution modeling in online advertising"): with c(U) the conversions of
 * the paths whose distinct channel set is exactly U, the coalition value is
 * v(T) = sum of c(U) over observed U that are subsets of T. Its Shapley value
 * reduces to phi_j = sum over sets S containing j of c(S) / |S|: each path's
 * conversions (and value) split equally over its distinct channels. Exact, one
 * pass over the touches; numerically the same split as `linear` with
 * `unique: true`, under its own name so the two conventions stay apart.
 *
 * Per-touch credit splits a channel's share equally over its touches in the path.
 *
 * @param store - encoded paths (nulls play no part).
 * @param options - `perTouch`.
 * @returns credits named `shapley`; channel credits sum to the totals.
 * @throws PathCreditError when the store is malformed or a converting path has no touches.
 * @example
 * ```ts
 * shapley(fromPathRows([{ path: 'a > b > a', conversions: 2, value: 10 }])).conversions; // [1, 1]
 * ```
 */
export function shapley(store: PathStore, options: ShapleyOptions = {}): ChannelCredits {
  checkStore(store, 'shapley');
  const buffers = allocateBuffers(store, options.perTouch === true);
  linearUniqueKernel(store, buffers, null, 'shapley');
  return finishCredits(store, 'shapley', buffers);
}
