/**
 * Interns Markov states of order k (tuples of 1..k channel ids) to dense
 * integer ids in order of first appearance. Open addressing over typed
 * arrays (the style of `Utf8Interner`): no string key and no object per
 * touch, so counting stays allocation-free in the hot loop.
 *
 * Tuples are stored flat with stride `order`; `lengths[id]` says how many of
 * the `order` slots are used (a path shorter than k is one state made of the
 * whole path, so shorter tuples exist).
 *
 * @example
 * ```ts
 * const t = new StateTable(2);
 * t.intern(Uint32Array.of(4, 7), 0, 2); // 0
 * t.intern(Uint32Array.of(9, 4, 7), 1, 2); // 0 again: same tuple
 * t.tuple(0); // [4, 7]
 * ```
 */
export class StateTable {
  /** The order k: maximum tuple length and storage stride. */
  readonly order: number;
  /** Channel ids of each state, stride `order`; valid up to `size * order`. Re-read after `intern` (it grows). */
  tuples: Uint32Array;
  /** Tuple length per state id; valid up to `size`. Re-read after `intern`. */
  lengths: Uint8Array;
  /** Number of states. */
  size = 0;
  #hashes: Int32Array;
  #slots: Int32Array; // state id + 1, 0 = empty
  #mask: number;

  /** @param order - tuple length k (>= 1, at most 255). */
  constructor(order: number, capacity = 64) {
    this.order = order;
    const cap = Math.max(16, capacity);
    this.tuples = new Uint32Array(cap * order);
    this.lengths = new Uint8Array(cap);
    this.#hashes = new Int32Array(cap);
    let slots = 64;
    while (slots < cap * 2) slots *= 2;
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /** Returns the id of the tuple `buf[start, start + len)`, adding it if new. */
  intern(buf: Uint32Array, start: number, len: number): number {
    let h = Math.imul(len, 0x9e3779b1);
    for (let i = start; i < start + len; i++) h = Math.imul(h ^ buf[i], 0x01000193) ^ (h >>> 13);
    const mask = this.#mask;
    const slots = this.#slots;
    const order = this.order;
    let s = h & mask;
    for (;;) {
      const e = slots[s] - 1;
      if (e < 0) break;
      if (this.#hashes[e] === h && this.lengths[e] === len) {
        const at = e * order;
        let same = true;
        for (let i = 0; i < len; i++) {
          if (this.tuples[at + i] !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return e;
      }
      s = (s + 1) & mask;
    }
    return this.#insert(buf, start, len, h, s);
  }

  /** Channel ids of state `id`, as a fresh array. */
  tuple(id: number): number[] {
    const at = id * this.order;
    return Array.from(this.tuples.subarray(at, at + this.lengths[id]));
  }

  #insert(buf: Uint32Array, start: number, len: number, h: number, slot: number): number {
    const e = this.size++;
    if (e === this.lengths.length) {
      const cap = this.lengths.length * 2;
      const tuples = new Uint32Array(cap * this.order);
      tuples.set(this.tuples);
      this.tuples = tuples;
      const lengths = new Uint8Array(cap);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const hashes = new Int32Array(cap);
      hashes.set(this.#hashes);
      this.#hashes = hashes;
    }
    this.tuples.set(buf.subarray(start, start + len), e * this.order);
    this.lengths[e] = len;
    this.#hashes[e] = h;
    this.#slots[slot] = e + 1;
    if (this.size * 2 > this.#slots.length) this.#rehash();
    return e;
  }

  #rehash(): void {
    const size = this.#slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.#hashes[e] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}
