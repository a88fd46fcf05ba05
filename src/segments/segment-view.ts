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
 * The paths of one segment as a store of their own: the same channel list and
 * ids, the segment's touches, times, counts and row links copied in store
 * order. It is the store a reader would build from the input filtered to the
 * segment (up to channels no path of the segment uses), for anything not offered
 * per segment, such as per-touch credit or group removal effects.
 *
 * @param segment - the segment's label or id.
 * @throws PathCreditError for an unknown segment.
 * @example
 * ```ts
 * const seg = segmentation(store, { columns: ['device'] });
 * const mobile = segmentStore(store, seg, 'mobile');
 * linear(mobile, { perTouch: true }); // per-touch credit of the mobile journeys
 * ```
 */
export function segmentStore(store: PathStore, seg: Segmentation, segment: string | number): PathStore {
  const s = typeof segment === 'number' ? segment : seg.labels.indexOf(segment);
  if (!Number.isInteger(s) || s < 0 || s >= seg.labels.length) {
    throw new PathCreditError(`unknown segment (there are ${seg.labels.length}: ${seg.labels.slice(0, 10).map((l) => JSON.stringify(l)).join(', ')}${seg.labels.length > 10 ? ', ...' : ''})`, { column: seg.columns.join(', '), value: segment });
  }
  const ids: number[] = [];
  for (let p = 0; p < store.pathCount; p++) if (seg.pathSegment[p] === s) ids.push(p);
  return gatherPaths(store, Int32Array.from(ids));
}

// The listed paths of a store, copied into a compact store of their own.
function gatherPaths(store: PathStore, paths: Int32Array): PathStore {
  const n = paths.length;
  const { offsets, touches, times, conversionTimes } = store;
  let total = 0;
  for (let i = 0; i < n; i++) total += offsets[paths[i] + 1] - offsets[paths[i]];
  const outOffsets = new Int32Array(n + 1);
  const outTouches = new Uint32Array(total);
  const outTimes = times !== null ? new Float64Array(total) : null;
  const conversions = new Float64Array(n);
  const value = new Float64Array(n);
  const nulls = new Float64Array(n);
  const convTimes = conversionTimes !== null ? new Float64Array(n) : null;
  const pathJourney = store.pathJourney !== null ? new Int32Array(n) : null;
  const touchRows = store.touchRows !== null ? new Int32Array(total) : null;
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
