import { growFloat64, growInt32, growUint32 } from '../core/growable.js';
import type { PathStore } from '../types.js';
import { channelHashes, fmix32, mixWord } from './content-key.js';

/**
 * The resampling units of the Poisson bootstrap: the store's distinct paths
 * (identical channel sequences merged, conversions, value and nulls summed),
 * each with a 64-bit key computed from its content (channel names, and touch
 * and conversion times when `withTimes`). The key, not the row index, seeds the
 * path's random numbers, so a replicate does not depend on input order or on
 * how the input was split and merged.
 */
export interface BootstrapUnits {
  /** The units as a path store; it shares the channel list (and ids) of the source store. */
  readonly store: PathStore;
  /** High 32 bits of each unit's content key. */
  readonly keyHi: Uint32Array;
  /** Low 32 bits of each unit's content key. */
  readonly keyLo: Uint32Array;
  /** Whether touch and conversion times are part of a unit's identity (and kept in the store). */
  readonly withTimes: boolean;
}

/**
 * Merges a store's identical paths into bootstrap units. With `withTimes`
 * (needed when time decay is resampled), paths are identical only when their
 * touch times and conversion time also agree, and the units keep the times.
 * Rows with neither conversions nor nulls carry no journey and are dropped.
 *
 * @example
 * ```ts
 * const units = bootstrapUnits(store, false);
 * units.store.pathCount; // distinct paths
 * ```
 */
export function bootstrapUnits(store: PathStore, withTimes: boolean): BootstrapUnits {
  const keepTimes = withTimes && store.times !== null;
  const hashes = channelHashes(store.channels);
  const { offsets, touches, conversions, value, nulls } = store;
  const times = keepTimes ? store.times! : null;
  const convTimes = keepTimes ? store.conversionTimes : null;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);

  const outOffsets = growInt32(1024);
  outOffsets.push(0);
  const outTouches = growUint32(4096);
  const outTimes = keepTimes ? growFloat64(4096) : null;
  const outConvTimes = keepTimes && convTimes ? growFloat64(1024) : null;
  const outConv = growFloat64(1024);
  const outValue = growFloat64(1024);
  const outNulls = growFloat64(1024);
  const keyHi = growUint32(1024);
  const keyLo = growUint32(1024);
  let slots: Int32Array = new Int32Array(1024).fill(-1);

  for (let p = 0; p < store.pathCount; p++) {
    const c = conversions[p];
    const n = nulls[p];
    if (!(c + n > 0)) continue;
    const a = offsets[p];
    const b = offsets[p + 1];
    let ha = 0x2f0d1a3b ^ (b - a);
    let hb = 0x61c88647 ^ Math.imul(b - a, 0x7feb352d);
    for (let i = a; i < b; i++) {
      ha = mixWord(ha, hashes.a[touches[i]]);
      hb = mixWord(hb, hashes.b[touches[i]]);
    }
    if (times !== null) {
      for (let i = a; i < b; i++) {
        bits[0] = times[i];
        ha = mixWord(mixWord(ha, words[0]), words[1]);
        hb = mixWord(mixWord(hb, words[1]), words[0]);
      }
      if (convTimes !== null) {
        bits[0] = convTimes[p];
        ha = mixWord(mixWord(ha, words[0]), words[1]);
        hb = mixWord(mixWord(hb, words[1]), words[0]);
      }
    }
    const hi = fmix32(ha ^ Math.imul(hb, 0x9e3779b1));
    const lo = fmix32(hb ^ ha);
    const mask = slots.length - 1;
    let s = lo & mask;
    let unit = -1;
    for (;;) {
      const u = slots[s];
      if (u < 0) break;
      if (keyHi.data[u] === hi && keyLo.data[u] === lo && sameContent(store, p, outOffsets.data, outTouches.data, outTimes === null ? null : outTimes.data, outConvTimes === null ? null : outConvTimes.data, u)) {
        unit = u;
        break;
      }
      s = (s + 1) & mask;
    }
    if (unit >= 0) {
      outConv.data[unit] += c;
      outValue.data[unit] += value[p];
      outNulls.data[unit] += n;
      continue;
    }
    unit = keyHi.length;
    slots[s] = unit;
    keyHi.push(hi);
    keyLo.push(lo);
    for (let i = a; i < b; i++) outTouches.push(touches[i]);
    if (outTimes !== null) for (let i = a; i < b; i++) outTimes.push(times![i]);
    if (outConvTimes !== null) outConvTimes.push(convTimes![p]);
    outOffsets.push(outTouches.length);
    outConv.push(c);
    outValue.push(value[p]);
    outNulls.push(n);
    if (keyHi.length * 2 > slots.length) slots = rehash(keyLo.data, keyHi.length, slots.length * 2);
  }
  const count = keyHi.length;
  const unitsStore: PathStore = {
    channels: store.channels,
    pathCount: count,
    offsets: outOffsets.finish(),
    touches: outTouches.finish(),
    times: outTimes === null ? null : outTimes.finish(),
    conversionTimes: outTimes === null ? null : outConvTimes === null ? new Float64Array(count).fill(NaN) : outConvTimes.finish(),
    conversions: outConv.finish(),
    value: outValue.finish(),
    nulls: outNulls.finish(),
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
  };
  return { store: unitsStore, keyHi: keyHi.finish(), keyLo: keyLo.finish(), withTimes: keepTimes };
}

function rehash(keyLo: Uint32Array, count: number, size: number): Int32Array {
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let u = 0; u < count; u++) {
    let s = keyLo[u] & mask;
    while (slots[s] >= 0) s = (s + 1) & mask;
    slots[s] = u;
  }
  return slots;
}

// Exact comparison of store row p with unit u behind a key match (a 64-bit collision must not
// merge different paths). The unit's own compact copy is read, which stays in cache far better
// than the row it was first seen at.
function sameContent(
  store: PathStore,
  p: number,
  unitOffsets: Int32Array,
  unitTouches: Uint32Array,
  unitTimes: Float64Array | null,
  unitConvTimes: Float64Array | null,
  u: number,
): boolean {
  const { offsets, touches } = store;
  const a = offsets[p];
  const len = offsets[p + 1] - a;
  const b = unitOffsets[u];
  if (unitOffsets[u + 1] - b !== len) return false;
  for (let i = 0; i < len; i++) if (touches[a + i] !== unitTouches[b + i]) return false;
  if (unitTimes === null) return true;
  const times = store.times!;
  for (let i = 0; i < len; i++) if (!Object.is(times[a + i], unitTimes[b + i])) return false;
  return unitConvTimes === null || Object.is(store.conversionTimes![p], unitConvTimes[u]);
}
