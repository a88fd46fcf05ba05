import { PathCreditError } from '../errors.js';
import type { ChannelCredits, PathStore } from '../types.js';

/** One touch's credit, for joining model output back to journeys or events. */
export interface TouchCreditRow {
  /** 0-based path index in the store (for aggregated path input without skipped rows, the input row). */
  readonly path: number;
  /** Journey id of the path (touchpoint input), or null for aggregated path input. */
  readonly journey: string | number | null;
  /** 0-based input row of the touch (touchpoint input), or null for aggregated path input. */
  readonly row: number | null;
  /** 1-based position of the touch in its path. */
  readonly position: number;
  /** Channel name of the touch. */
  readonly channel: string;
  /** Conversions credited to this touch. */
  readonly conversions: number;
  /** Value credited to this touch. */
  readonly value: number;
}

/** Options of {@link touchCreditRows}. */
export interface TouchCreditRowsOptions {
  /**
   * Also emit the touches of non-converting paths (all with credit 0). Default
   * false: only touches of paths with conversions > 0, which is every touch
   * that can hold credit.
   */
  readonly includeNonConverting?: boolean;
}

/**
 * Turns a model's per-touch credit (`perTouch: true`) into one plain row per
 * touch, for pipelines that join credit back to users, events or revenue.
 * Rows follow store order (path, then position). Summing `conversions` by
 * `channel` gives the model's channel credits.
 *
 * @param store - the store the credits were computed from.
 * @param credits - a model result computed with `perTouch: true`.
 * @param options - see {@link TouchCreditRowsOptions}.
 * @returns one row per touch of every converting path.
 * @throws PathCreditError when `credits.perTouch` is missing, or the credits
 *   do not match the store (channel list or touch count).
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'a > b', conversions: 1, value: 10 }]);
 * touchCreditRows(store, linear(store, { perTouch: true }));
 * // [ { path: 0, journey: null, row: null, position: 1, channel: 'a', conversions: 0.5, value: 5 },
 * //   { path: 0, journey: null, row: null, position: 2, channel: 'b', conversions: 0.5, value: 5 } ]
 * ```
 */
export function touchCreditRows(store: PathStore, credits: ChannelCredits, options: TouchCreditRowsOptions = {}): TouchCreditRow[] {
  return Array.from(iterateTouchCredits(store, credits, options));
}

/**
 * The rows of {@link touchCreditRows}, generated one at a time, for streaming
 * them out (CSV, JSON lines) without holding every touch as an object. The
 * checks run when the first row is requested.
 *
 * @throws PathCreditError as {@link touchCreditRows}.
 * @example
 * ```ts
 * for (const row of iterateTouchCredits(store, linear(store, { perTouch: true }))) out.write(JSON.stringify(row));
 * ```
 */
export function* iterateTouchCredits(store: PathStore, credits: ChannelCredits, options: TouchCreditRowsOptions = {}): Generator<TouchCreditRow> {
  const per = credits.perTouch;
  if (per === undefined) {
    throw new PathCreditError(`touchCreditRows: "${credits.model}" has no per-touch credit; compute it with { perTouch: true }`, {
      column: 'perTouch',
    });
  }
  const sameChannels = credits.channels.length === store.channels.length && credits.channels.every((c, i) => c === store.channels[i]);
  const touchCount = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  if (!sameChannels || per.conversions.length < touchCount || per.value.length < touchCount) {
    throw new PathCreditError(`touchCreditRows: "${credits.model}" was not computed from this path store`, { column: 'perTouch' });
  }
  const all = options.includeNonConverting === true;
  const { offsets, touches, conversions, pathJourney, journeyIds, touchRows, channels } = store;
  for (let p = 0; p < store.pathCount; p++) {
    if (!all && !(conversions[p] > 0)) continue;
    const journey = pathJourney !== null && journeyIds !== null ? (journeyIds[pathJourney[p]] ?? null) : null;
    const start = offsets[p];
    for (let k = start; k < offsets[p + 1]; k++) {
      yield {
        path: p,
        journey,
        row: touchRows !== null ? touchRows[k] : null,
        position: k - start + 1,
        channel: channels[touches[k]],
        conversions: per.conversions[k],
        value: per.value[k],
      };
    }
  }
}
