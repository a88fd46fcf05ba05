import { growFloat64, growInt32, growUint32 } from '../core/growable.js';
import type { PathStore } from '../types.js';
import { RandomStream } from '../uncertainty/random-stream.js';

/**
 * The distinct channel sets of a store's paths: every path p maps to the set
 * S(p) of its distinct channels, and each set carries c(S) and n(S), the
 * conversions and nulls summed over the paths whose set is exactly S (and the
 * value). Sets are keyed by a Zobrist hash (XOR of random 64-bit codes per
 * channel, so a subset's key is built incrementally) and always compared
 * exactly, so a hash collision never merges two sets.
 */
export interface ChannelSetTable {
  /** Set id of each path of the store (-1 for a path without touches). */
  readonly setOfPath: Int32Array;
  /** CSR pointers into `members`: set s is `members[ptr[s] .. ptr[s + 1])`, channel ids ascending. */
  readonly ptr: Int32Array;
  /** Channel ids of every set. */
  readonly members: Uint32Array;
  /** c(S): conversions summed over the paths of each set. */
  readonly conversions: Float64Array;
  /** n(S): nulls summed over the paths of each set. */
  readonly nulls: Float64Array;
  /** Value summed over the paths of each set. */
  readonly value: Float64Array;
  /** Number of distinct sets. */
  readonly size: number;
  /** Finds the id of the set whose members are `channels` (any order, no repeats), or -1 when not observed. */
  readonly find: (keyHi: number, keyLo: number, isMember: (channel: number) => boolean, count: number) => number;
  /** Zobrist codes per channel id (high and low words). */
  readonly codeHi: Uint32Array;
  /** See `codeHi`. */
  readonly codeLo: Uint32Array;
}

/**
 * Groups a store's paths by their distinct channel set (one pass over the
 * touches plus a sort of each path's distinct channels).
 *
 * @example
 * ```ts
 * const sets = channelSets(fromPathRows([{ path: 'a > b > a', conversions: 1 }, { path: 'b > a', nulls: 2 }]));
 * sets.size; // 1: both paths have the set {a, b}
 * sets.nulls[0]; // 2
 * ```
 */
export function channelSets(store: PathStore): ChannelSetTable {
  const C = store.channels.length;
  // Codes from a fixed stream: only equality of keys matters, never their values.
  const codeHi = new Uint32Array(C);
  const codeLo = new Uint32Array(C);
  const rng = new RandomStream(0x5eed);
  for (let c = 0; c < C; c++) {
    rng.reset(0, 0, c);
    codeHi[c] = rng.nextUint32();
    codeLo[c] = rng.nextUint32();
  }
  const { offsets, touches, conversions, nulls, value } = store;
  const setOfPath = new Int32Array(store.pathCount).fill(-1);
  const ptr = growInt32(1024);
  ptr.push(0);
  const members = growUint32(4096);
  const conv = growFloat64(1024);
  const nul = growFloat64(1024);
  const val = growFloat64(1024);
  const keyHi = growUint32(1024);
  const keyLo = growUint32(1024);
  let slots: Int32Array = new Int32Array(1024).fill(-1);
  const stamp = new Int32Array(C).fill(-1);
  let scratch = new Uint32Array(64);

  const sameSet = (s: number, mark: number, count: number): boolean => {
    const a = ptr.data[s];
    if (ptr.data[s + 1] - a !== count) return false;
    for (let i = a; i < a + count; i++) if (stamp[members.data[i]] !== mark) return false;
    return true;
  };
  const lookup = (hi: number, lo: number, isMember: (channel: number) => boolean, count: number): number => {
    const mask = slots.length - 1;
    let s = lo & mask;
    for (;;) {
      const id = slots[s];
      if (id < 0) return -1;
      if (keyHi.data[id] === hi && keyLo.data[id] === lo && ptr.data[id + 1] - ptr.data[id] === count) {
        let all = true;
        for (let i = ptr.data[id]; i < ptr.data[id + 1]; i++) {
          if (!isMember(members.data[i])) {
            all = false;
            break;
          }
        }
        if (all) return id;
      }
      s = (s + 1) & mask;
    }
  };

  for (let p = 0; p < store.pathCount; p++) {
    const a = offsets[p];
    const b = offsets[p + 1];
    if (b <= a) continue;
    let hi = 0;
    let lo = 0;
    let count = 0;
    if (scratch.length < b - a) scratch = new Uint32Array(2 * (b - a));
    for (let i = a; i < b; i++) {
      const c = touches[i];
      if (stamp[c] === p) continue;
      stamp[c] = p;
      scratch[count++] = c;
      hi ^= codeHi[c];
      lo ^= codeLo[c];
    }
    hi >>>= 0;
    lo >>>= 0;
    const mask = slots.length - 1;
    let s = lo & mask;
    let id = -1;
    for (;;) {
      const q = slots[s];
      if (q < 0) break;
      if (keyHi.data[q] === hi && keyLo.data[q] === lo && sameSet(q, p, count)) {
        id = q;
        break;
      }
      s = (s + 1) & mask;
    }
    if (id < 0) {
      id = keyHi.length;
      slots[s] = id;
      keyHi.push(hi);
      keyLo.push(lo);
      const sorted = scratch.subarray(0, count).sort();
      for (let i = 0; i < count; i++) members.push(sorted[i]);
      ptr.push(members.length);
      conv.push(0);
      nul.push(0);
      val.push(0);
      if (keyHi.length * 2 > slots.length) {
        const next = new Int32Array(slots.length * 2).fill(-1);
        const m2 = next.length - 1;
        for (let q = 0; q < keyHi.length; q++) {
          let t = keyLo.data[q] & m2;
          while (next[t] >= 0) t = (t + 1) & m2;
          next[t] = q;
        }
        slots = next;
      }
    }
    setOfPath[p] = id;
    conv.data[id] += conversions[p];
    nul.data[id] += nulls[p];
    val.data[id] += value[p];
  }
  return {
    setOfPath,
    ptr: ptr.finish(),
    members: members.finish(),
    conversions: conv.finish(),
    nulls: nul.finish(),
    value: val.finish(),
    size: keyHi.length,
    find: lookup,
    codeHi,
    codeLo,
  };
}
