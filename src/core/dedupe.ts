import type { PathStore } from '../types.js';

/**
 * Merges identical paths (same channel sequence), summing their conversions,
 * value and nulls. The result keeps the first occurrence's position order.
 * Per-touch times, conversion times and journey links are dropped: merged
 * paths no longer belong to one journey or one moment. Every model gives the
 * same channel credits before and after, except time decay, which needs the
 * times (run it before merging).
 *
 * @example
 * ```ts
 * const small = dedupePaths(store); // 10 M journeys -> a few hundred thousand distinct paths
 * ```
 */
export function dedupePaths(store: PathStore): PathStore {
  const { offsets, touches, pathCount } = store;
  let size = 16;
  while (size < pathCount * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1); // output path index
  const firstOf = new Int32Array(pathCount); // output path -> input path holding its touches
  const hashes = new Int32Array(pathCount);
  const conv = new Float64Array(pathCount);
  const value = new Float64Array(pathCount);
  const nulls = new Float64Array(pathCount);
  let out = 0;
  let touchTotal = 0;
  for (let p = 0; p < pathCount; p++) {
    const a = offsets[p];
    const b = offsets[p + 1];
    let h = 0x811c9dc5 | 0;
    for (let k = a; k < b; k++) h = Math.imul(h ^ touches[k], 0x01000193);
    h = Math.imul(h ^ (b - a), 0x01000193);
    let s = h & mask;
    let found = -1;
    while (slots[s] >= 0) {
      const q = slots[s];
      if (hashes[q] === h && samePath(offsets, touches, firstOf[q], p)) {
        found = q;
        break;
      }
      s = (s + 1) & mask;
    }
    if (found < 0) {
      found = out++;
      slots[s] = found;
      firstOf[found] = p;
      hashes[found] = h;
      touchTotal += b - a;
    }
    conv[found] += store.conversions[p];
    value[found] += store.value[p];
    nulls[found] += store.nulls[p];
  }
  const newOffsets = new Int32Array(out + 1);
  const newTouches = new Uint32Array(touchTotal);
  for (let q = 0; q < out; q++) {
    const p = firstOf[q];
    newTouches.set(touches.subarray(offsets[p], offsets[p + 1]), newOffsets[q]);
    newOffsets[q + 1] = newOffsets[q] + offsets[p + 1] - offsets[p];
  }
  return {
    channels: store.channels,
    pathCount: out,
    offsets: newOffsets,
    touches: newTouches,
    times: null,
    conversionTimes: null,
    conversions: conv.slice(0, out),
    value: value.slice(0, out),
    nulls: nulls.slice(0, out),
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
    ...(store.skipped ? { skipped: store.skipped } : {}),
    ...(store.unattributed ? { unattributed: store.unattributed } : {}),
  };
}

function samePath(offsets: Int32Array, touches: Uint32Array, p: number, q: number): boolean {
  const a = offsets[p];
  const len = offsets[p + 1] - a;
  const b = offsets[q];
  if (offsets[q + 1] - b !== len) return false;
  for (let k = 0; k < len; k++) if (touches[a + k] !== touches[b + k]) return false;
  return true;
}
