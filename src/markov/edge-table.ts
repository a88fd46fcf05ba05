/**
 * Weighted directed edges between node ids, keyed by the pair (from, to) in
 * an open-addressing hash over typed arrays. Edges keep their order of
 * insertion; `add` sums weights, so two tables built from the two halves of
 * an input add up to the table of the whole input.
 *
 * @example
 * ```ts
 * const e = new EdgeTable();
 * e.add(0, 3, 2); e.add(0, 3, 1);
 * e.count[0]; // 3
 * ```
 */
export class EdgeTable {
  /** Source node per edge; valid up to `size`. Re-read after `add` (it grows). */
  from: Int32Array;
  /** Target node per edge; valid up to `size`. */
  to: Int32Array;
  /** Summed weight per edge; valid up to `size`. */
  count: Float64Array;
  /** Number of distinct edges. */
  size = 0;
  #slots: Int32Array; // edge index + 1, 0 = empty
  #mask: number;

  constructor(capacity = 256) {
    const cap = Math.max(16, capacity);
    this.from = new Int32Array(cap);
    this.to = new Int32Array(cap);
    this.count = new Float64Array(cap);
    let slots = 64;
    while (slots < cap * 2) slots *= 2;
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /** Adds `weight` to the edge `from -> to`, creating it if new. */
  add(from: number, to: number, weight: number): void {
    let h = Math.imul(from, 0x9e3779b1) ^ to;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    const mask = this.#mask;
    const slots = this.#slots;
    let s = h & mask;
    for (;;) {
      const e = slots[s] - 1;
      if (e < 0) break;
      if (this.from[e] === from && this.to[e] === to) {
        this.count[e] += weight;
        return;
      }
      s = (s + 1) & mask;
    }
    const e = this.size++;
    if (e === this.from.length) this.#grow();
    this.from[e] = from;
    this.to[e] = to;
    this.count[e] = weight;
    slots[s] = e + 1;
    if (this.size * 2 > slots.length) this.#rehash();
  }

  #grow(): void {
    const cap = this.from.length * 2;
    const from = new Int32Array(cap);
    from.set(this.from);
    this.from = from;
    const to = new Int32Array(cap);
    to.set(this.to);
    this.to = to;
    const count = new Float64Array(cap);
    count.set(this.count);
    this.count = count;
  }

  #rehash(): void {
    const size = this.#slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      let h = Math.imul(this.from[e], 0x9e3779b1) ^ this.to[e];
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h ^= h >>> 13;
      let s = h & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}
