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

/**
 * The order-1 transition matrix of a store (repeats kept, as in the Markov
 * model's default), laid out for the heatmap: rows `(start)` then the
 * channels in report order; columns the channels, then `(conversion)` and
 * `(null)`. Counts are the chain's journey weights (conversions + nulls of
 * the paths taking each step).
 *
 * @param store - the paths.
 * @param order - store channel ids in report order.
 */
export function transitionMatrix(store: PathStore, order: readonly number[]): TransitionMatrix {
  const counter = new TransitionCounter({ order: 1 }).add(store);
  const C = order.length;
  const reportIndex = new Int32Array(store.channels.length);
  order.forEach((id, i) => (reportIndex[id] = i));
  // Node id -> row / column; a fresh counter's channel ids are the store's.
  const node = (v: number): number => reportIndex[counter.states.tuple(v - FIRST_TRANSIENT)[0]];
  const counts = Array.from({ length: C + 1 }, () => new Array<number>(C + 2).fill(0));
  const cols = transitionColumns(counter);
  for (let k = 0; k < cols.count.length; k++) {
    const from = cols.fromId[k];
    const to = cols.toId[k];
    const row = from === START_STATE ? 0 : node(from) + 1;
    const col = to === CONVERSION_STATE ? C : to === NULL_STATE ? C + 1 : node(to);
    counts[row][col] += cols.count[k];
  }
  const names = order.map((id) => store.channels[id]);
  const channelIdx = order.map((_, i) => i);
  return {
    rowLabels: [SPECIAL_STATE_LABELS[START_STATE], ...names],
    colLabels: [...names, SPECIAL_STATE_LABELS[CONVERSION_STATE], SPECIAL_STATE_LABELS[NULL_STATE]],
    rowChannels: [-1, ...channelIdx],
    colChannels: [...channelIdx, -1, -1],
    counts,
  };
}
