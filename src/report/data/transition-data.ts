import {
  CONVERSION_STATE,
  FIRST_TRANSIENT,
  NULL_STATE,
  SPECIAL_STATE_LABELS,
  START_STATE,
  TransitionCounter,
  transitionColumns,
  type PathStore,
} from '../../index.js';
import type { TransitionMatrix } from './types.js';

/** Channels beyond this many (in report order) share one row and one column of the heatmap. */
export const MAX_HEATMAP_CHANNELS = 40;

/**
 * The order-1 transition matrix of a store (a channel's consecutive repeats
 * are one state of the order-1 chain, so the diagonal is empty), laid out for the heatmap: rows `(start)` then the
 * channels in report order; columns the channels, then `(conversion)` and
 * `(null)`. Counts are the chain's journey weights (conversions + nulls of
 * the paths taking each step). Past `maxChannels` channels, the smaller ones
 * are summed into one `(other N channels)` row and column: a wider matrix
 * would have cells too small to read, and the page would grow with the square
 * of the channel count.
 *
 * @param store - the paths.
 * @param order - store channel ids in report order.
 * @param maxChannels - channels shown on their own.
 */
export function transitionMatrix(store: PathStore, order: readonly number[], maxChannels = MAX_HEATMAP_CHANNELS): TransitionMatrix {
  const counter = new TransitionCounter({ order: 1 }).add(store);
  const folded = order.length > maxChannels ? order.length - maxChannels : 0;
  const shown = order.length - folded;
  // Row/column of each store channel: its rank, or the shared "other" slot.
  const slot = new Int32Array(store.channels.length);
  order.forEach((id, rank) => (slot[id] = Math.min(rank, shown)));
  const C = shown + (folded > 0 ? 1 : 0);
  // Node id -> slot; a fresh counter's channel ids are the store's.
  const node = (v: number): number => slot[counter.states.tuple(v - FIRST_TRANSIENT)[0]];
  const counts = Array.from({ length: C + 1 }, () => new Array<number>(C + 2).fill(0));
  const cols = transitionColumns(counter);
  for (let k = 0; k < cols.count.length; k++) {
    const from = cols.fromId[k];
    const to = cols.toId[k];
    const row = from === START_STATE ? 0 : node(from) + 1;
    const col = to === CONVERSION_STATE ? C : to === NULL_STATE ? C + 1 : node(to);
    counts[row][col] += cols.count[k];
  }
  const names = order.slice(0, shown).map((id) => store.channels[id]);
  if (folded > 0) names.push(`(other ${folded} channels)`);
  const channelIdx = names.map((_, i) => (i < shown ? i : -1));
  return {
    rowLabels: [SPECIAL_STATE_LABELS[START_STATE], ...names],
    colLabels: [...names, SPECIAL_STATE_LABELS[CONVERSION_STATE], SPECIAL_STATE_LABELS[NULL_STATE]],
    rowChannels: [-1, ...channelIdx],
    colChannels: [...channelIdx, -1, -1],
    counts,
    ...(folded > 0 ? { otherChannels: folded } : {}),
  };
}
