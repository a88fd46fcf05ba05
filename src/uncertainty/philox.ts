/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3" (SC 2011), as specified in
 * their Random123 library. A block of four 32-bit outputs is a pure function of
 * a 128-bit counter and a 64-bit key, so any draw can be computed without the
 * draws before it: this is what makes bootstrap replicates independent of
 * thread count, batch split and input order. Checked against Random123's
 * known-answer vectors in the tests.
 */

// Round multipliers and key increments (Random123).
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const INV_TWO32 = 1 / 4294967296;

/**
 * Computes one Philox4x32-10 block into `out` (four uint32 words).
 *
 * @param c0 - counter word 0 (uint32); likewise c1..c3.
 * @param k0 - key word 0 (uint32); likewise k1.
 * @param out - receives the four output words.
 * @example
 * ```ts
 * const out = new Uint32Array(4);
 * philox4x32(0, 0, 0, 0, 0, 0, out); // [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 * ```
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  philox4x32Keyed(c0, c1, c2, c3, philoxRoundKeys(k0, k1), out);
}

/**
 * The ten round keys of a Philox4x32-10 key (k0, k1), interleaved: (a, b) of round r at
 * [2r, 2r + 1]. Computing them once per seed saves the key schedule in every block.
 */
export function philoxRoundKeys(k0: number, k1: number): Uint32Array {
  const keys = new Uint32Array(20);
  let a = k0 >>> 0;
  let b = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    keys[2 * round] = a;
    keys[2 * round + 1] = b;
    a = (a + W0) >>> 0;
    b = (b + W1) >>> 0;
  }
  return keys;
}

/** {@link philox4x32} with the round keys precomputed by {@link philoxRoundKeys}. */
export function philox4x32Keyed(c0: number, c1: number, c2: number, c3: number, keys: Uint32Array, out: Uint32Array): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  for (let round = 0; round < 20; round += 2) {
    // 32 x 32 -> 64-bit products: the low word exactly by Math.imul, the high word
    // from the double product, whose rounding error (< 2^12) cannot move it: rounded to
    // nearest by adding 1/2 before the truncating uint32 conversion.
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi0 = ((M0 * x0 - lo0) * INV_TWO32 + 0.5) >>> 0;
    const lo1 = Math.imul(M1, x2) >>> 0;
    const hi1 = ((M1 * x2 - lo1) * INV_TWO32 + 0.5) >>> 0;
    x0 = (hi1 ^ x1 ^ keys[round]) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ keys[round + 1]) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}
