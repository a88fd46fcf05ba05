import type { PathStore } from '../types.js';
import type { BootstrapUnits } from './bootstrap-units.js';
import { philox4x32Keyed, philoxRoundKeys } from './philox.js';
import { POISSON_INVERSION_MAX_MEAN, poissonInverse, samplePoisson } from './poisson.js';
import { RandomStream } from './random-stream.js';

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
  readonly #block = new Uint32Array(4);
  readonly #keys: Uint32Array;
  readonly #conv: Float64Array;
  readonly #nulls: Float64Array;
  readonly #value: Float64Array;

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
    const block = this.#block;
    const stream = this.#stream;
    const n = store.pathCount;
    const keys = this.#keys;
    for (let i = 0; i < n; i++) {
      const c = conversions[i];
      const m = nulls[i];
      let cs = -1;
      let ns = -1;
      if (c < POISSON_INVERSION_MAX_MEAN && m < POISSON_INVERSION_MAX_MEAN) {
        philox4x32Keyed(keyLo[i], keyHi[i], b, 0, keys, block);
        const u1 = ((block[0] >>> 5) * 67108864 + (block[1] >>> 6) + 0.5) / 9007199254740992;
        const u2 = ((block[2] >>> 5) * 67108864 + (block[3] >>> 6) + 0.5) / 9007199254740992;
        if (c > 0) {
          cs = poissonInverse(u1, c);
          ns = m > 0 ? poissonInverse(u2, m) : 0;
        } else {
          cs = 0;
          ns = m > 0 ? poissonInverse(u1, m) : 0;
        }
      }
      if (cs < 0 || ns < 0) {
        // Large means, or an inversion that must draw again: replay the unit's stream.
        stream.reset(b, keyHi[i], keyLo[i]);
        cs = samplePoisson(stream, c);
        ns = samplePoisson(stream, m);
      }
      outC[i] = cs;
      outN[i] = ns;
      outV[i] = cs > 0 ? (value[i] * cs) / c : 0;
    }
    return { ...store, conversions: outC, nulls: outN, value: outV };
  }
}
