import { growFloat64, growInt32, growUint32 } from '../core/growable.js';
import type { PathStore } from '../types.js';
import { RandomStream } from '../uncertainty/random-stream.js';

/**
 * The distinct channel sequences of a store (optionally with consecutive
 * repeats collapsed, the "exposure" transform), each with its conversions,
 * nulls and value summed over the paths that have it, and, for every position
 * of every converting sequence, the id of the sequence with that position
 * left out (-1 when that shorter sequence was never observed).
 *
 * Sequences are keyed by two polynomial hashes over random per-channel codes,
 * so the key of "x without position i" comes from prefix and suffix hashes in
 * O(1); every key match is confirmed by comparing the sequences.
 */
export interface SequenceTable {
  /** Sequence id of each store path (-1 for a path without touches). */
  readonly seqOfPath: Int32Array;
  /** CSR pointers into `items`. */
  readonly ptr: Int32Array;
  /** Channel ids of every sequence, in path order. */
  readonly items: Uint32Array;
  /** Conversions per sequence. */
  readonly conversions: Float64Array;
  /** Nulls per sequence. */
  readonly nulls: Float64Array;
  /** Number of distinct sequences. */
  readonly size: number;
  /** For position k of the items (aligned with `items`): the sequence without it, -1 if unobserved; filled for converting sequences of length >= 2. */
  readonly without: Int32Array;
  /** Whether repeats were collapsed. */
  readonly collapseRepeats: boolean;
}

const BASE_A = 0x01000193;
const BASE_B = 0x9e3779b1;

/**
 * Builds the {@link SequenceTable} of a store.
 * @example
 * ```ts
 * const t = sequenceTable(fromPathRows([{ path: 'a > b', conversions: 1 }, { path: 'b', nulls: 3 }]), false);
 * t.without[0]; // the id of 'b' (removing 'a' from 'a > b')
 * ```
 */
export function sequenceTable(store: PathStore, collapseRepeats: boolean): SequenceTable {
  const C = store.channels.length;
  const codeA = new Uint32Array(C);
  const codeB = new Uint32Array(C);
  const rng = new RandomStream(0x5e9);
  for (let c = 0; c < C; c++) {
    rng.reset(0, 1, c);
    codeA[c] = rng.nextUint32() | 1;
    codeB[c] = rng.nextUint32() | 1;
  }
  const { offsets, touches, conversions, nulls } = store;
  const seqOfPath = new Int32Array(store.pathCount).fill(-1);
  const ptr = growInt32(1024);
  ptr.push(0);
  const items = growUint32(4096);
  const conv = growFloat64(1024);
  const nul = growFloat64(1024);
  const keyA = growUint32(1024);
  const keyB = growUint32(1024);
  let slots: Int32Array = new Int32Array(1024).fill(-1);
  let buf = new Uint32Array(64);

  const slotOf = (a: number, b: number, len: number): number => (Math.imul(a ^ (b >>> 7), 0x85ebca6b) ^ Math.imul(len, 0xc2b2ae35)) >>> 0;
  // Finds sequence (a, b, len) whose items equal buf[0..len) skipping position `skip` (-1: none).
  const find = (a: number, b: number, len: number, seq: Uint32Array, skip: number): number => {
    const mask = slots.length - 1;
    let s = slotOf(a, b, len) & mask;
    for (;;) {
      const id = slots[s];
      if (id < 0) return -s - 1;
      if (keyA.data[id] === a && keyB.data[id] === b && ptr.data[id + 1] - ptr.data[id] === len) {
        const at = ptr.data[id];
        let same = true;
        for (let i = 0, j = 0; i < len; i++, j++) {
          if (j === skip) j++;
          if (items.data[at + i] !== seq[j]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
      s = (s + 1) & mask;
    }
  };

  for (let p = 0; p < store.pathCount; p++) {
    const a0 = offsets[p];
    const b0 = offsets[p + 1];
    if (b0 <= a0) continue;
    if (buf.length < b0 - a0) buf = new Uint32Array(2 * (b0 - a0));
    let len = 0;
    for (let i = a0; i < b0; i++) {
      const c = touches[i];
      if (collapseRepeats && len > 0 && buf[len - 1] === c) continue;
      buf[len++] = c;
    }
    let ha = 0;
    let hb = 0;
    for (let i = 0; i < len; i++) {
      ha = (Math.imul(ha, BASE_A) + codeA[buf[i]]) >>> 0;
      hb = (Math.imul(hb, BASE_B) + codeB[buf[i]]) >>> 0;
    }
    let id = find(ha, hb, len, buf, -1);
    if (id < 0) {
      const slot = -id - 1;
      id = keyA.length;
      slots[slot] = id;
      keyA.push(ha);
      keyB.push(hb);
      for (let i = 0; i < len; i++) items.push(buf[i]);
      ptr.push(items.length);
      conv.push(0);
      nul.push(0);
      if (keyA.length * 2 > slots.length) {
        const next = new Int32Array(slots.length * 2).fill(-1);
        const mask = next.length - 1;
        for (let q = 0; q < keyA.length; q++) {
          let s = slotOf(keyA.data[q], keyB.data[q], ptr.data[q + 1] - ptr.data[q]) & mask;
          while (next[s] >= 0) s = (s + 1) & mask;
          next[s] = q;
        }
        slots = next;
      }
    }
    seqOfPath[p] = id;
    conv.data[id] += conversions[p];
    nul.data[id] += nulls[p];
  }

  // Leave-one-out neighbours of converting sequences, from prefix and suffix hashes.
  const size = keyA.length;
  const without = new Int32Array(items.length).fill(-1);
  let powA = new Uint32Array(64);
  let powB = new Uint32Array(64);
  let suffixA = new Uint32Array(64);
  let suffixB = new Uint32Array(64);
  for (let id = 0; id < size; id++) {
    const at = ptr.data[id];
    const len = ptr.data[id + 1] - at;
    if (!(conv.data[id] > 0) || len < 2) continue;
    if (powA.length < len + 1) {
      powA = new Uint32Array(2 * len + 2);
      powB = new Uint32Array(2 * len + 2);
      suffixA = new Uint32Array(2 * len + 2);
      suffixB = new Uint32Array(2 * len + 2);
    }
    const seq = items.data.subarray(at, at + len);
    powA[0] = 1;
    powB[0] = 1;
    for (let k = 1; k <= len; k++) {
      powA[k] = Math.imul(powA[k - 1], BASE_A) >>> 0;
      powB[k] = Math.imul(powB[k - 1], BASE_B) >>> 0;
    }
    suffixA[len] = 0;
    suffixB[len] = 0;
    for (let t = len - 1; t >= 0; t--) {
      suffixA[t] = (Math.imul(codeA[seq[t]], powA[len - 1 - t]) + suffixA[t + 1]) >>> 0;
      suffixB[t] = (Math.imul(codeB[seq[t]], powB[len - 1 - t]) + suffixB[t + 1]) >>> 0;
    }
    let prefixA = 0;
    let prefixB = 0;
    for (let i = 0; i < len; i++) {
      const ha = (Math.imul(prefixA, powA[len - 1 - i]) + suffixA[i + 1]) >>> 0;
      const hb = (Math.imul(prefixB, powB[len - 1 - i]) + suffixB[i + 1]) >>> 0;
      const found = find(ha, hb, len - 1, seq, i);
      without[at + i] = found >= 0 ? found : -1;
      prefixA = (Math.imul(prefixA, BASE_A) + codeA[seq[i]]) >>> 0;
      prefixB = (Math.imul(prefixB, BASE_B) + codeB[seq[i]]) >>> 0;
    }
  }
  return {
    seqOfPath,
    ptr: ptr.finish(),
    items: items.finish(),
    conversions: conv.finish(),
    nulls: nul.finish(),
    size,
    without,
    collapseRepeats,
  };
}
