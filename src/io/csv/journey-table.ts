const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
// Numbered ids: the longest prefix, and how far the dense array may reach
// (numbers below this many per id seen so far, or below the minimum).
const MAX_PREFIX = 32;
const MIN_DENSE_REACH = 1 << 21;
const DENSE_REACH_PER_ID = 8;

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
  // Ids held in the slot table (the others are in the dense array, below).
  #hashed = 0;
  #start = new Int32Array(1024);
  #len = new Int32Array(1024);
  #pool = new Uint8Array(1 << 16);
  #poolLength = 0;
  #ascii = true;
  // Numbered ids (a fixed prefix and a decimal number: `u1234`, `1234`) are
  // looked up by number in a dense array (number -> entry + 1) instead of
  // hashed: one load from an array of 4 bytes per number rather than the
  // probes of a slot table 4 times larger, which for shuffled rows means one
  // cache miss per new run instead of several. The prefix is the first id's
  // bytes before its trailing digits; -1 = not chosen yet, -2 = ids are not
  // numbered this way.
  #prefix = new Uint8Array(0);
  #prefixLength = -1;
  #dense = new Int32Array(0);

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

  /**
   * The index of the id held in `bytes[start, end)` when it is a numbered id
   * already in the dense array, else -1 (then {@link intern} decides). Lets
   * the reader skip hashing and batching for the ids it finds here.
   */
  numbered(bytes: Uint8Array, start: number, end: number): number {
    const k = this.#numberOf(bytes, start, end);
    return k >= 0 && k < this.#dense.length ? this.#dense[k] - 1 : -1;
  }

  /** The index of the id held in `bytes[start, end)` whose {@link fnv1a} hash is `h`, adding it if new. */
  intern(bytes: Uint8Array, start: number, end: number, h: number): number {
    if (this.#prefixLength === -1) this.#choosePrefix(bytes, start, end);
    const k = this.#numberOf(bytes, start, end);
    if (k >= 0 && k < this.#dense.length && this.#dense[k] !== 0) return this.#dense[k] - 1;
    // Not (yet) in the dense array: a numbered id may still sit in the slot
    // table, put there while its number was beyond the array's reach.
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
    return this.#insert(bytes, start, end, h, s, k);
  }

  /**
   * The number of a numbered id: `bytes[start, end)` is the prefix followed by
   * 1 to 9 digits without a leading zero (so that the number names exactly one
   * byte string); else -1.
   */
  #numberOf(bytes: Uint8Array, start: number, end: number): number {
    const pl = this.#prefixLength;
    const digits = end - start - pl;
    if (pl < 0 || digits < 1 || digits > 9) return -1;
    const prefix = this.#prefix;
    for (let i = 0; i < pl; i++) if (bytes[start + i] !== prefix[i]) return -1;
    let i = start + pl;
    let x = bytes[i] - 48;
    if (x < 1 || x > 9) return x === 0 && digits === 1 ? 0 : -1;
    for (i++; i < end; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) return -1;
      x = x * 10 + d;
    }
    return x;
  }

  /** Takes the first id's bytes before its trailing digits as the prefix of numbered ids (none when it ends in no digit). */
  #choosePrefix(bytes: Uint8Array, start: number, end: number): void {
    let i = end;
    while (i > start && bytes[i - 1] >= 48 && bytes[i - 1] <= 57) i--;
    if (i === end || i - start > MAX_PREFIX) {
      this.#prefixLength = -2;
      return;
    }
    this.#prefix = bytes.slice(start, i);
    this.#prefixLength = i - start;
  }

  /**
   * Whether number `k` gets a place in the dense array, growing it when `k` is
   * within reach: numbers up to a few times the ids seen so far (or a fixed
   * minimum), so sparse numbers (ids of 9 random digits) cannot make it huge.
   */
  #denseFits(k: number): boolean {
    if (k < this.#dense.length) return true;
    if (k >= Math.max(MIN_DENSE_REACH, DENSE_REACH_PER_ID * this.#count)) return false;
    let size = Math.max(this.#dense.length, 1 << 16);
    while (size <= k) size *= 2;
    const next = new Int32Array(size);
    next.set(this.#dense);
    this.#dense = next;
    return true;
  }

  #insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number, k: number): number {
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
    if (k >= 0 && this.#denseFits(k)) {
      this.#dense[k] = e + 1;
      return e;
    }
    this.#slots[2 * slot] = h;
    this.#slots[2 * slot + 1] = e + 1;
    this.#hashed++;
    // Filled up to three quarters: with the hash beside the entry in each slot,
    // the longer probes cost less than the memory a sparser table would take
    // (tens of millions of ids).
    if (this.#hashed * 4 > (this.#mask + 1) * 3) this.#rehash((this.#mask + 1) * 2);
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
