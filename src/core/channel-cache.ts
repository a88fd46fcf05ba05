import { Utf8Interner } from './utf8-interner.js';

/** Slots of the cache: the top 8 bits of a 32-bit hash. */
const SLOTS = 256;
/** Names up to this many bytes are cached. */
const WIDTH = 48;

/**
 * A small direct-mapped cache of channel names in front of a
 * {@link Utf8Interner}. Channels are few and repeat on nearly every row, so
 * a slot picked from the name's length and outer bytes, then one byte
 * comparison, finds most of them without hashing the whole name or probing
 * a table. Readers inline the lookup in their hot loops (it runs once per
 * touch) and call {@link miss} when the slot holds another name.
 *
 * @example
 * ```ts
 * const cache = new ChannelCache(new Utf8Interner());
 * const id = cache.idOf(bytes, start, end);
 * ```
 */
export class ChannelCache {
  /** Where names get their ids. */
  readonly interner: Utf8Interner;
  /** Byte length of the name in each slot, -1 when empty. */
  readonly length = new Int32Array(SLOTS).fill(-1);
  /** Channel id of the name in each slot. */
  readonly id = new Int32Array(SLOTS);
  /** The names' bytes, {@link WIDTH} bytes per slot. */
  readonly bytes = new Uint8Array(SLOTS * WIDTH);

  /** @param interner - the interner (and dictionary) the ids come from. */
  constructor(interner: Utf8Interner) {
    this.interner = interner;
  }

  /** The slot of the name `b[s, e)` (non-empty). Inline this where it runs per touch. */
  static slot(b: Uint8Array, s: number, e: number): number {
    return Math.imul((b[s] << 16) ^ (b[e - 1] << 8) ^ (e - s), 0x9e3779b1) >>> 24;
  }

  /** Width of a slot in {@link bytes}. */
  static readonly WIDTH = WIDTH;

  /** The id of the non-empty name `b[s, e)`, through the cache. */
  idOf(b: Uint8Array, s: number, e: number): number {
    const slot = ChannelCache.slot(b, s, e);
    const len = e - s;
    if (this.length[slot] === len) {
      const at = slot * WIDTH;
      const cached = this.bytes;
      let i = 0;
      while (i < len && cached[at + i] === b[s + i]) i++;
      if (i === len) return this.id[slot];
    }
    return this.miss(b, s, e, slot);
  }

  /** A name not in its slot: interned, and cached in the slot when short enough. */
  miss(b: Uint8Array, s: number, e: number, slot: number): number {
    const len = e - s;
    const id = this.interner.intern(b, s, e);
    if (len <= WIDTH) {
      const at = slot * WIDTH;
      const cached = this.bytes;
      for (let i = 0; i < len; i++) cached[at + i] = b[s + i];
      this.length[slot] = len;
      this.id[slot] = id;
    }
    return id;
  }
}
