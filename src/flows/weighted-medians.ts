import { growFloat64, growInt32 } from '../core/growable.js';

/**
 * Weighted samples under integer keys, for exact weighted medians per key
 * (e.g. the time between two steps, weighted by the journeys of the path).
 * Samples are appended to typed arrays; {@link WeightedSamples.medians} groups
 * them by key with a counting sort and sorts each key's values.
 */
export class WeightedSamples {
  readonly #keys = growInt32(1024);
  readonly #values = growFloat64(1024);
  readonly #weights = growFloat64(1024);

  /** Adds a sample; NaN or infinite values and weights <= 0 are ignored. */
  add(key: number, value: number, weight: number): void {
    if (!(weight > 0) || !Number.isFinite(value)) return;
    this.#keys.push(key);
    this.#values.push(value);
    this.#weights.push(weight);
  }

  /** Samples held. */
  get size(): number {
    return this.#keys.length;
  }

  /**
   * The weighted median of each key in `[0, keyCount)` (NaN for a key without samples):
   * with the values sorted and W the total weight, the smallest value whose cumulative weight
   * reaches W / 2, or the mean of it and the next value when the cumulative weight equals W / 2
   * exactly (so equal weights give the usual median, averaging the two middle values of an even count).
   */
  medians(keyCount: number): Float64Array {
    const n = this.#keys.length;
    const keys = this.#keys.data;
    const values = this.#values.data;
    const weights = this.#weights.data;
    const start = new Int32Array(keyCount + 1);
    for (let i = 0; i < n; i++) start[keys[i] + 1]++;
    for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
    const fill = start.slice(0, keyCount);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[keys[i]]++] = i;
    const out = new Float64Array(keyCount).fill(NaN);
    let sortedValues = new Float64Array(16);
    for (let k = 0; k < keyCount; k++) {
      const a = start[k];
      const b = start[k + 1];
      if (a === b) continue;
      const m = b - a;
      let equal = true;
      const w0 = weights[order[a]];
      for (let i = a + 1; i < b && equal; i++) if (weights[order[i]] !== w0) equal = false;
      if (equal) {
        // Equal weights: a native sort of the values, then the plain median.
        if (sortedValues.length < m) sortedValues = new Float64Array(2 * m);
        const v = sortedValues.subarray(0, m);
        for (let i = 0; i < m; i++) v[i] = values[order[a + i]];
        v.sort();
        out[k] = m % 2 === 1 ? v[(m - 1) >> 1] : (v[m / 2 - 1] + v[m / 2]) / 2;
        continue;
      }
      const idx = Array.from(order.subarray(a, b)).sort((x, y) => values[x] - values[y]);
      let total = 0;
      for (const i of idx) total += weights[i];
      const half = total / 2;
      let cum = 0;
      for (let j = 0; j < idx.length; j++) {
        cum += weights[idx[j]];
        if (cum >= half) {
          out[k] = cum === half && j + 1 < idx.length ? (values[idx[j]] + values[idx[j + 1]]) / 2 : values[idx[j]];
          break;
        }
      }
    }
    return out;
  }
}
