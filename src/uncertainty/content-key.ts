/**
 * 64-bit content keys of paths, built from channel *names* (never channel ids,
 * which depend on input order). Two independent 32-bit lanes, each a
 * MurmurHash3-style block mix finished with its fmix32 avalanche, so distinct
 * paths collide with probability about 2^-64 per pair.
 */

/** Per-channel name hashes, two lanes, indexed by channel id. */
export interface ChannelHashes {
  /** Lane A hash of each channel name. */
  readonly a: Uint32Array;
  /** Lane B hash of each channel name (different seed and mixing). */
  readonly b: Uint32Array;
}

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: mixes the 32-bit word `k` into the running hash `h`. */
export function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Hashes every channel name (its UTF-16 code units) in two lanes.
 * @example
 * ```ts
 * channelHashes(['search', 'email']).a.length; // 2
 * ```
 */
export function channelHashes(channels: readonly string[]): ChannelHashes {
  const a = new Uint32Array(channels.length);
  const b = new Uint32Array(channels.length);
  for (let c = 0; c < channels.length; c++) {
    const name = channels[c];
    let ha = 0x3c6ef372 ^ name.length;
    let hb = 0xa54ff53a ^ Math.imul(name.length, 0x9e3779b1);
    // Two code units per word; the lanes read the words with different seeds and orders of mixing.
    for (let i = 0; i < name.length; i += 2) {
      const w = name.charCodeAt(i) | ((i + 1 < name.length ? name.charCodeAt(i + 1) : 0xffff) << 16);
      ha = mixWord(ha, w);
      hb = mixWord(hb, w ^ 0x5bd1e995);
    }
    a[c] = fmix32(ha ^ 0x27d4eb2f);
    b[c] = fmix32(hb ^ 0x165667b1);
  }
  return { a, b };
}
