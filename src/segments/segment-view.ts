import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import type { Segmentation } from './segmentation.js';

/**
 * Most (segment, channel) pairs a run accepts: per pair a model keeps four
 * doubles of compensated sums, so this bounds the accumulators at 2 GiB.
 */
export const MAX_SEGMENT_CHANNELS = 1 << 26;

/**
 * The store seen with one channel per (segment, channel) pair: touch `k` of
 * path `p` has channel id `segment * C + channel`, where the segment is the
 * path's (or, with `touchLevel`, the touch's own), and the channel list repeats
 * the store's names once per segment. Everything else is the store's own
 * arrays (shared, not copied).
 *
 * Any model run once over this view accumulates per (segment, channel) in one
 * pass; because the names repeat, name-driven options (last-non-direct's
 * direct channels, the seeds of sampled Shapley sets) behave exactly as on
 * each segment alone, and channel sets or sequences of different segments
 * never mix (their ids differ), so the Shapley-rate and leave-one-out tables
 * come out per segment.
 *
 * @throws PathCreditError when segments x channels exceeds {@link MAX_SEGMENT_CHANNELS}.
 */
export function segmentChannelView(store: PathStore, seg: Segmentation, touchLevel = false): PathStore {
  const C = store.channels.length;
  const S = seg.labels.length;
  if (S * C > MAX_SEGMENT_CHANNELS) {
    throw new PathCreditError(`${S} segments x ${C} channels = ${(S * C).toLocaleString('en-US')} (segment, channel) pairs, more than ${MAX_SEGMENT_CHANNELS.toLocaleString('en-US')}`, {
      column: seg.columns.join(', '),
      value: S,
    });
  }
  const n = store.pathCount;
  const { offsets, touches } = store;
  const total = n > 0 ? offsets[n] : 0;
  const out = new Uint32Array(total);
  if (touchLevel && seg.touchSegment !== null) {
    const ts = seg.touchSegment;
    for (let k = offsets[0] ?? 0; k < total; k++) out[k] = ts[k] * C + touches[k];
  } else {
    const ps = seg.pathSegment;
    for (let p = 0; p < n; p++) {
      const base = ps[p] * C;
      const end = offsets[p + 1];
      for (let k = offsets[p]; k < end; k++) out[k] = base + touches[k];
    }
  }
  return { ...store, channels: repeatNames(store.channels, S), touches: out };
}

/** `names` repeated `times` times, in one array. */
export function repeatNames(names: readonly string[], times: number): string[] {
  const out = new Array<string>(names.length * times);
  for (let s = 0; s < times; s++) for (let c = 0; c < names.length; c++) out[s * names.length + c] = names[c];
  return out;
}

/**
 * The paths of each segment, as a CSR of path indexes in store order:
 * segment s has the paths `order[start[s]] .. order[start[s + 1] - 1]`.
 */
export function pathsBySegment(seg: Segmentation, pathCount: number): { start: Int32Array; order: Int32Array } {
  const S = seg.labels.length;
  const start = new Int32Array(S + 1);
  const ps = seg.pathSegment;
  for (let p = 0; p < pathCount; p++) start[ps[p] + 1]++;
  for (let s = 0; s < S; s++) start[s + 1] += start[s];
  const fill = start.slice(0, S);
  const order = new Int32Array(pathCount);
  for (let p = 0; p < pathCount; p++) order[fill[ps[p]]++] = p;
  return { start, order };
}

/**
 * The paths of one segment as a compact store of their own (the same channel
 * list and ids, touches, times and counts copied in store order): exactly the
 * store a reader would build from the input filtered to the segment, up to
 * channels no path of the segment uses. With `full` false only the channels and
 * counts are copied (what Markov reads).
 */
export function segmentSubStore(store: PathStore, paths: Int32Array, full = true): PathStore {
  const n = paths.length;
  const { offsets, touches } = store;
  // Markov needs only channels and counts: leave times and row links behind.
  const times = full ? store.times : null;
  const conversionTimes = full ? store.conversionTimes : null;
  let total = 0;
  for (let i = 0; i < n; i++) total += offsets[paths[i] + 1] - offsets[paths[i]];
  const outOffsets = new Int32Array(n + 1);
  const outTouches = new Uint32Array(total);
  const outTimes = times !== null ? new Float64Array(total) : null;
  const conversions = new Float64Array(n);
  const value = new Float64Array(n);
  const nulls = new Float64Array(n);
  const convTimes = conversionTimes !== null ? new Float64Array(n) : null;
  const pathJourney = full && store.pathJourney !== null ? new Int32Array(n) : null;
  const touchRows = full && store.touchRows !== null ? new Int32Array(total) : null;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const p = paths[i];
    const a = offsets[p];
    const b = offsets[p + 1];
    // Element loops, not set(subarray()): a view object per path costs more than the copy.
    for (let k = a; k < b; k++) outTouches[at + k - a] = touches[k];
    if (outTimes !== null) for (let k = a; k < b; k++) outTimes[at + k - a] = times![k];
    if (touchRows !== null) for (let k = a; k < b; k++) touchRows[at + k - a] = store.touchRows![k];
    at += b - a;
    outOffsets[i + 1] = at;
    conversions[i] = store.conversions[p];
    value[i] = store.value[p];
    nulls[i] = store.nulls[p];
    if (convTimes !== null) convTimes[i] = conversionTimes![p];
    if (pathJourney !== null) pathJourney[i] = store.pathJourney![p];
  }
  return {
    channels: store.channels,
    pathCount: n,
    offsets: outOffsets,
    touches: outTouches,
    times: outTimes,
    conversionTimes: convTimes,
    conversions,
    value,
    nulls,
    pathJourney,
    journeyIds: store.journeyIds,
    touchRows,
  };
}
