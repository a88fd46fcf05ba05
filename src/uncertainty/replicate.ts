import type { PathStore } from '../types.js';
import type { BootstrapUnits } from './bootstrap-units.js';
import { philoxRoundKeys } from './philox.js';
import { POISSON_INVERSION_MAX_MEAN, poissonInverse, samplePoisson } from './poisson.js';
import { RandomStream } from './random-stream.js';

const INV_TWO32 = 1 / 4294967296;
const INV_TWO53 = 1 / 9007199254740992;

/**
 * Draws Poisson bootstrap replicates of a unit table: in replicate b, unit i
 * gets c* ~ Poisson(c_i) conversions and n* ~ Poisson(n_i) nulls from the
 * random stream keyed by (seed, b, key_i) (conversions first, then nulls), and
 * value v_i * c* / c_i. The replicate store shares the units' paths and swaps
 * in the new counts, so models run on it unchanged.
 *
 * The usual case (both means below 10) spends exactly one Philox block per unit
 * (two uniforms for two inversions) without going through the stream object;
 * any other case replays the same stream through {@link RandomStream}, so both
 * routes give the same numbers.
 *
 * @example
 * ```ts
 * const r = new Replicator(bootstrapUnits(store, false), 42);
 * const replicate3 = r.draw(3); // a PathStore with redrawn counts
 * ```
 */
export class Replicator {
  /** The units being resampled. */
  readonly units: BootstrapUnits;
  /** The seed of every stream. */
  readonly seed: number;
  readonly #stream: RandomStream;
  readonly #keys: Uint32Array;
  readonly #conv: Float64Array;
  readonly #nulls: Float64Array;
  readonly #value: Float64Array;
  readonly #slow: Int32Array;

  /**
   * @param units - from {@link bootstrapUnits}.
   * @param seed - non-negative safe integer.
   * @throws PathCreditError for an invalid seed.
   */
  constructor(units: BootstrapUnits, seed: number) {
    this.units = units;
    this.seed = seed;
    this.#stream = new RandomStream(seed);
    this.#keys = philoxRoundKeys(seed % 4294967296 >>> 0, Math.floor(seed / 4294967296) >>> 0);
    const n = units.store.pathCount;
    this.#conv = new Float64Array(n);
    this.#nulls = new Float64Array(n);
    this.#value = new Float64Array(n);
    this.#slow = new Int32Array(n);
  }

  /**
   * Draws replicate `b` into buffers owned by this object (the returned store is
   * valid until the next `draw`).
   */
  draw(b: number): PathStore {
    const { store, keyHi, keyLo } = this.units;
    const { conversions, value, nulls } = store;
    const outC = this.#conv;
    const outN = this.#nulls;
    const outV = this.#value;
    const stream = this.#stream;
    const n = store.pathCount;
    const keys = this.#keys;
    // The hot loop: one inlined Philox4x32-10 block (block 0 of the unit's stream, the same
    // arithmetic as philox4x32Keyed, checked against it by the tests) and two inversions. Units
    // with a large mean, or an inversion that must draw again, are left for the stream below.
    const slow = this.#slow;
    let slowCount = 0;
    for (let i = 0; i < n; i++) {
      const c = conversions[i];
      const m = nulls[i];
      if (!(c < POISSON_INVERSION_MAX_MEAN && m < POISSON_INVERSION_MAX_MEAN)) {
        slow[slowCount++] = i;
        continue;
      }
      let x0 = keyLo[i];
      let x1 = keyHi[i];
      let x2 = b;
      let x3 = 0;
      for (let r = 0; r < 20; r += 2) {
        const lo0 = Math.imul(0xd2511f53, x0) >>> 0;
        const hi0 = ((0xd2511f53 * x0 - lo0) * INV_TWO32 + 0.5) >>> 0;
        const lo1 = Math.imul(0xcd9e8d57, x2) >>> 0;
        const hi1 = ((0xcd9e8d57 * x2 - lo1) * INV_TWO32 + 0.5) >>> 0;
        x0 = (hi1 ^ x1 ^ keys[r]) >>> 0;
        x1 = lo1;
        x2 = (hi0 ^ x3 ^ keys[r + 1]) >>> 0;
        x3 = lo0;
      }
      const u1 = ((x0 >>> 5) * 67108864 + (x1 >>> 6) + 0.5) * INV_TWO53;
      let cs = 0;
      let ns = 0;
      if (c > 0) {
        cs = poissonInverse(u1, c);
        if (m > 0) ns = poissonInverse(((x2 >>> 5) * 67108864 + (x3 >>> 6) + 0.5) * INV_TWO53, m);
      } else if (m > 0) ns = poissonInverse(u1, m);
      if (cs < 0 || ns < 0) {
        slow[slowCount++] = i;
        continue;
      }
      outC[i] = cs;
      outN[i] = ns;
      outV[i] = cs > 0 ? (value[i] * cs) / c : 0;
    }
    for (let k = 0; k < slowCount; k++) {
      const i = slow[k];
      stream.reset(b, keyHi[i], keyLo[i]);
      const cs = samplePoisson(stream, conversions[i]);
      outC[i] = cs;
      outN[i] = samplePoisson(stream, nulls[i]);
      outV[i] = cs > 0 ? (value[i] * cs) / conversions[i] : 0;
    }
    return { ...store, conversions: outC, nulls: outN, value: outV };
  }
}
