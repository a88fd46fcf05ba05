const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over `bytes[start, end)`, the hash {@link JourneyTable} expects
 * (the fused reader computes the same hash while it scans the field).
 */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h;
}

/** The FNV-1a starting value, for callers that hash while scanning. */
export const FNV_START = FNV_OFFSET;

/**
 * Journey ids to dense indexes in order of first appearance, keyed by their
 * UTF-8 bytes. Unlike `Utf8Interner` (right for channels: few names, decoded
 * once each), this is built for hundreds of thousands of distinct ids: the
 * slot array holds the hash next to the entry so a probe costs one cache
 * line, the caller passes the hash it computed while scanning, and no string
 * is decoded until {@link names} decodes them all at the end, which keeps
 * per-id allocations (and the garbage collector) out of the reading loop.
 *
 * Two different byte strings are two ids even when invalid UTF-8 makes their
 * decoded text equal.
 */
export class JourneyTable {
  // Pairs (hash, entry + 1); entry + 1 = 0 marks an empty slot.
  #slots = new Int32Array(2 * 1024);
  #mask = 1023;
  #count = 0;
  #start = new Int32Array(1024);
  #len = new Int32Array(1024);
  #pool = new Uint8Array(1 << 16);
  #poolLength = 0;
  #ascii = true;

  /** Number of distinct ids. */
  get size(): number {
    return this.#count;
  }

  /**
   * Makes room for `count` ids in all, so that a table whose final size is
   * known roughly (extrapolated by the reader) is not rehashed on the way.
   */
  reserve(count: number): void {
    let size = this.#mask + 1;
    while (size * 3 < 4 * count) size *= 2;
    if (size > this.#mask + 1) this.#rehash(size);
    if (count > this.#start.length) {
      this.#start = grow(this.#start, count);
      this.#len = grow(this.#len, count);
    }
    // The id bytes too, at the average id length so far plus half (later ids
    // are often longer: u1 .. u1000000), which still beats doubling.
    const bytes = this.#count > 0 ? Math.ceil((this.#poolLength / this.#count) * count * 1.5) : 0;
    if (bytes > this.#pool.length) {
      const pool = new Uint8Array(bytes);
      pool.set(this.#pool.subarray(0, this.#poolLength));
      this.#pool = pool;
    }
  }

  /**
   * Loads the slots where `count` hashes would be looked up first and
   * returns a meaningless mix of them. Called before interning a batch of
   * new ids: the loads are independent, so the CPU overlaps their cache and
   * TLB misses instead of waiting for each in turn inside intern().
   */
  touch(hashes: Int32Array, count: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let x = 0;
    for (let k = 0; k < count; k++) x |= slots[2 * (hashes[k] & mask) + 1];
    return x;
  }

  /** The index of the id held in `bytes[start, end)` whose {@link fnv1a} hash is `h`, adding it if new. */
  intern(bytes: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    const len = end - start;
    let s = h & mask;
    for (;;) {
      const e = slots[2 * s + 1] - 1;
      if (e < 0) break;
      if (slots[2 * s] === h && this.#len[e] === len) {
        const pool = this.#pool;
        const at = this.#start[e];
        let i = 0;
        while (i < len && pool[at + i] === bytes[start + i]) i++;
        if (i === len) return e;
      }
      s = (s + 1) & mask;
    }
    return this.#insert(bytes, start, end, h, s);
  }

  #insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const len = end - start;
    const e = this.#count++;
    if (e === this.#start.length) {
      this.#start = grow(this.#start);
      this.#len = grow(this.#len);
    }
    if (this.#poolLength + len > this.#pool.length) {
      const next = new Uint8Array(Math.max(this.#pool.length * 2, this.#poolLength + len));
      next.set(this.#pool.subarray(0, this.#poolLength));
      this.#pool = next;
    }
    const pool = this.#pool;
    let at = this.#poolLength;
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      high |= b;
      pool[at++] = b;
    }
    if (high >= 0x80) this.#ascii = false;
    this.#start[e] = this.#poolLength;
    this.#len[e] = len;
    this.#poolLength = at;
    this.#slots[2 * slot] = h;
    this.#slots[2 * slot + 1] = e + 1;
    // Filled up to three quarters: with the hash beside the entry in each slot,
    // the longer probes cost less than the memory a sparser table would take
    // (tens of millions of ids).
    if (this.#count * 4 > (this.#mask + 1) * 3) this.#rehash((this.#mask + 1) * 2);
    return e;
  }

  #rehash(size: number): void {
    const mask = size - 1;
    const old = this.#slots;
    const slots = new Int32Array(2 * size);
    for (let k = 0; k < old.length; k += 2) {
      if (old[k + 1] === 0) continue;
      let s = old[k] & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = old[k];
      slots[2 * s + 1] = old[k + 1];
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  /** The ids' bytes, by index (views of the table's own buffers). */
  entries(): JourneyEntries {
    const count = this.#count;
    return { count, bytes: this.#pool.subarray(0, this.#poolLength), start: this.#start.subarray(0, count), length: this.#len.subarray(0, count) };
  }

  /** The ids as strings, by index. ASCII ids (the usual case) are cut from one decoded string. */
  names(): string[] {
    const out = new Array<string>(this.#count);
    const pool = this.#pool;
    if (this.#ascii) {
      const text = Buffer.from(pool.buffer, pool.byteOffset, this.#poolLength).toString('latin1');
      for (let e = 0; e < this.#count; e++) out[e] = text.substring(this.#start[e], this.#start[e] + this.#len[e]);
    } else {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      for (let e = 0; e < this.#count; e++) out[e] = decoder.decode(pool.subarray(this.#start[e], this.#start[e] + this.#len[e]));
    }
    return out;
  }
}

/** Journey ids as bytes: id `e` is `bytes[start[e], start[e] + length[e])`. */
export interface JourneyEntries {
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly start: Int32Array;
  readonly length: Int32Array;
}

function grow(a: Int32Array, size = a.length * 2): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}
