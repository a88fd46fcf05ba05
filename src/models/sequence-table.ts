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
 * Open-addressing index of sequences by (hash A, hash B, length), confirmed item by item. Each
 * slot holds (id, hash A, hash B, length) side by side, so a probe touches one cache line before
 * the items it must compare (10 M paths probe a table of millions: memory, not arithmetic, is the cost).
 */
class SequenceIndex {
  readonly ptr = growInt32(1024);
  readonly items = growUint32(4096);
  readonly keyA = growUint32(1024);
  readonly keyB = growUint32(1024);
  #slots: Int32Array = SequenceIndex.#emptySlots(1024);

  constructor() {
    this.ptr.push(0);
  }

  static #emptySlots(count: number): Int32Array {
    const slots = new Int32Array(4 * count);
    for (let s = 0; s < slots.length; s += 4) slots[s] = -1;
    return slots;
  }

  get size(): number {
    return this.keyA.length;
  }

  static slot(a: number, b: number, len: number): number {
    return (Math.imul(a ^ (b >>> 7), 0x85ebca6b) ^ Math.imul(len, 0xc2b2ae35)) >>> 0;
  }

  /**
   * The id of the sequence `seq[0..len]` with position `skip` left out (-1: none), or -(slot + 1)
   * when it is not indexed (the free slot where it would go).
   */
  find(a: number, b: number, len: number, seq: Uint32Array, skip: number): number {
    const slots = this.#slots;
    const mask = (slots.length >> 2) - 1;
    const at = this.ptr.data;
    const items = this.items.data;
    const a32 = a | 0;
    const b32 = b | 0;
    let s = SequenceIndex.slot(a, b, len) & mask;
    for (;;) {
      const base = s << 2;
      const id = slots[base];
      if (id < 0) return -s - 1;
      if (slots[base + 1] === a32 && slots[base + 2] === b32 && slots[base + 3] === len) {
        const from = at[id];
        let i = 0;
        if (skip < 0) while (i < len && items[from + i] === seq[i]) i++;
        else while (i < len && items[from + i] === seq[i < skip ? i : i + 1]) i++;
        if (i === len) return id;
      }
      s = (s + 1) & mask;
    }
  }

  /** Adds `seq[0..len)` at the free slot returned by {@link find}; returns its id. */
  insert(a: number, b: number, seq: Uint32Array, len: number, freeSlot: number): number {
    const id = this.keyA.length;
    this.#fill(this.#slots, freeSlot, id, a, b, len);
    this.keyA.push(a);
    this.keyB.push(b);
    for (let i = 0; i < len; i++) this.items.push(seq[i]);
    this.ptr.push(this.items.length);
    if (this.keyA.length * 2 > this.#slots.length >> 2) this.#rehash();
    return id;
  }

  #fill(slots: Int32Array, s: number, id: number, a: number, b: number, len: number): void {
    const base = s << 2;
    slots[base] = id;
    slots[base + 1] = a | 0;
    slots[base + 2] = b | 0;
    slots[base + 3] = len;
  }

  #rehash(): void {
    const count = (this.#slots.length >> 2) * 2;
    const slots = SequenceIndex.#emptySlots(count);
    const mask = count - 1;
    for (let q = 0; q < this.keyA.length; q++) {
      const len = this.ptr.data[q + 1] - this.ptr.data[q];
      let s = SequenceIndex.slot(this.keyA.data[q], this.keyB.data[q], len) & mask;
      while (slots[s << 2] >= 0) s = (s + 1) & mask;
      this.#fill(slots, s, q, this.keyA.data[q], this.keyB.data[q], len);
    }
    this.#slots = slots;
  }
}

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
  const index = new SequenceIndex();
  const conv = growFloat64(1024);
  const nul = growFloat64(1024);
  let buf = new Uint32Array(64);
  for (let p = 0; p < store.pathCount; p++) {
    const a0 = offsets[p];
    const b0 = offsets[p + 1];
    if (b0 <= a0) continue;
    if (buf.length < b0 - a0) buf = new Uint32Array(2 * (b0 - a0));
    let len = 0;
    let ha = 0;
    let hb = 0;
    for (let i = a0; i < b0; i++) {
      const c = touches[i];
      if (collapseRepeats && len > 0 && buf[len - 1] === c) continue;
      buf[len++] = c;
      ha = (Math.imul(ha, BASE_A) + codeA[c]) >>> 0;
      hb = (Math.imul(hb, BASE_B) + codeB[c]) >>> 0;
    }
    let id = index.find(ha, hb, len, buf, -1);
    if (id < 0) {
      id = index.insert(ha, hb, buf, len, -id - 1);
      conv.push(0);
      nul.push(0);
    }
    seqOfPath[p] = id;
    conv.data[id] += conversions[p];
    nul.data[id] += nulls[p];
  }
  const convFinal = conv.finish();
  return {
    seqOfPath,
    ptr: index.ptr.finish(),
    items: index.items.finish(),
    conversions: convFinal,
    nulls: nul.finish(),
    size: index.size,
    without: leaveOneOutNeighbours(index, convFinal, codeA, codeB),
    collapseRepeats,
  };
}

// For every position of every converting sequence, the id of the sequence without it, from the
// prefix hash (times the base power) plus the suffix hash.
function leaveOneOutNeighbours(index: SequenceIndex, conv: Float64Array, codeA: Uint32Array, codeB: Uint32Array): Int32Array {
  const ptr = index.ptr.data;
  const items = index.items.data;
  const without = new Int32Array(index.items.length).fill(-1);
  let powA = new Uint32Array(64);
  let powB = new Uint32Array(64);
  let suffixA = new Uint32Array(64);
  let suffixB = new Uint32Array(64);
  for (let id = 0; id < index.size; id++) {
    const at = ptr[id];
    const len = ptr[id + 1] - at;
    if (!(conv[id] > 0) || len < 2) continue;
    if (powA.length < len + 1) {
      powA = new Uint32Array(2 * len + 2);
      powB = new Uint32Array(2 * len + 2);
      suffixA = new Uint32Array(2 * len + 2);
      suffixB = new Uint32Array(2 * len + 2);
    }
    const seq = items.subarray(at, at + len);
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
      const found = index.find(ha, hb, len - 1, seq, i);
      without[at + i] = found >= 0 ? found : -1;
      prefixA = (Math.imul(prefixA, BASE_A) + codeA[seq[i]]) >>> 0;
      prefixB = (Math.imul(prefixB, BASE_B) + codeB[seq[i]]) >>> 0;
    }
  }
  return without;
}
