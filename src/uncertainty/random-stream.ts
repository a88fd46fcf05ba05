import { PathCreditError } from '../errors.js';
import { philox4x32Keyed, philoxRoundKeys } from './philox.js';

const TWO32 = 4294967296;
// 2^-53: multiplying by it is exact, so (x + 1/2) 2^-53 equals the division.
const INV_TWO53 = 1 / 9007199254740992;

/**
 * A reusable stream of random numbers keyed by (seed, replicate, key), built on
 * Philox4x32-10 (`philox4x32`): the i-th block of the stream is Philox of the counter
 * (keyLo, keyHi, replicate, i) under the key (seedLo, seedHi). Two streams with
 * the same (seed, replicate, key) give the same numbers wherever and whenever
 * they are computed; streams that differ in any of the three are independent.
 *
 * One object is re-keyed with {@link RandomStream.reset} for each path, so the
 * bootstrap's hot loop allocates nothing.
 *
 * @example
 * ```ts
 * const s = new RandomStream(42);
 * s.reset(0, 0x1234, 0x5678); // replicate 0, path key 0x00001234_00005678
 * s.nextDouble(); // a double in (0, 1), the same on every run
 * ```
 */
export class RandomStream {
  readonly #keys: Uint32Array;
  #replicate = 0;
  #keyHi = 0;
  #keyLo = 0;
  #block = 0;
  #used = 4;
  readonly #out = new Uint32Array(4);

  /**
   * @param seed - a non-negative safe integer (up to 2^53 - 1); its low and high 32 bits form the Philox key.
   * @throws PathCreditError when the seed is not a non-negative safe integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new PathCreditError('seed must be a non-negative integer (at most 2^53 - 1)', { column: 'seed', value: seed });
    this.#keys = philoxRoundKeys(seed % TWO32 >>> 0, Math.floor(seed / TWO32) >>> 0);
  }

  /** Re-keys the stream to (replicate, keyHi, keyLo) and rewinds it to its first number. */
  reset(replicate: number, keyHi: number, keyLo: number): void {
    this.#replicate = replicate >>> 0;
    this.#keyHi = keyHi >>> 0;
    this.#keyLo = keyLo >>> 0;
    this.#block = 0;
    this.#used = 4;
  }

  /** The next uint32 of the stream. */
  nextUint32(): number {
    if (this.#used === 4) {
      philox4x32Keyed(this.#keyLo, this.#keyHi, this.#replicate, this.#block++, this.#keys, this.#out);
      this.#used = 0;
    }
    return this.#out[this.#used++];
  }

  /**
   * The next double, uniform on the open interval (0, 1) with 53 random bits:
   * ((a >> 5) * 2^26 + (b >> 6) + 1/2) / 2^53 from two uint32 words, so neither 0 nor 1 occurs
   * (both would break logarithms and rejection tests).
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b + 0.5) * INV_TWO53;
  }
}
