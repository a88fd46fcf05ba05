import { growFloat64 } from '../core/growable.js';

/**
 * Weighted samples (a value and a weight each), for exact weighted medians
 * per key: the caller keeps one key per sample (or several key arrays, to
 * group the same samples several ways) and asks {@link WeightedSamples.medians}
 * for every key at once. Values and weights live in typed arrays; each key's
 * median is found by selection, in time linear in its samples.
 */
export class WeightedSamples {
  readonly #values = growFloat64(1024);
  readonly #weights = growFloat64(1024);

  /** Adds a sample and returns its index, or -1 when it is ignored (a value that is not finite, a weight <= 0). */
  add(value: number, weight: number): number {
    if (!(weight > 0) || !Number.isFinite(value)) return -1;
    this.#values.push(value);
    this.#weights.push(weight);
    return this.#values.length - 1;
  }

  /** Samples held. */
  get size(): number {
    return this.#values.length;
  }

  /**
   * The weighted median of each key in `[0, keyCount)` (NaN for a key without samples), with
   * `keys[i]` the key of sample i (negative: left out). With the values sorted and W the total
   * weight: the smallest value whose cumulative weight reaches W / 2, or the mean of it and the
   * next value when the cumulative weight equals W / 2 exactly (so equal weights give the usual
   * median, the mean of the two middle values of an even count).
   */
  medians(keys: Int32Array, keyCount: number): Float64Array {
    const n = this.#values.length;
    const values = this.#values.data;
    const weights = this.#weights.data;
    // Counting sort of the samples by key into contiguous slices.
    const start = new Int32Array(keyCount + 1);
    for (let i = 0; i < n; i++) if (keys[i] >= 0) start[keys[i] + 1]++;
    for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
    const fill = start.slice(0, keyCount);
    const v = new Float64Array(start[keyCount]);
    const w = new Float64Array(start[keyCount]);
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (k < 0) continue;
      const at = fill[k]++;
      v[at] = values[i];
      w[at] = weights[i];
    }
    const out = new Float64Array(keyCount).fill(NaN);
    for (let k = 0; k < keyCount; k++) if (start[k] < start[k + 1]) out[k] = weightedMedian(v, w, start[k], start[k + 1]);
    return out;
  }
}

/**
 * The weighted median of `v[lo, hi)` with weights `w` (both reordered in place), by
 * quickselect with a three-way partition: expected time linear in the range.
 */
export function weightedMedian(v: Float64Array, w: Float64Array, lo: number, hi: number): number {
  let total = 0;
  for (let i = lo; i < hi; i++) total += w[i];
  const half = total / 2;
  let below = 0; // weight of the samples left of the range (all smaller than it)
  let aboveMin = NaN; // smallest value right of the range (all larger than it)
  let a = lo;
  let b = hi - 1;
  for (;;) {
    const p = median3(v[a], v[(a + b) >> 1], v[b]);
    let lt = a;
    let i = a;
    let gt = b;
    while (i <= gt) {
      if (v[i] < p) swap(v, w, lt++, i++);
      else if (v[i] > p) swap(v, w, i, gt--);
      else i++;
    }
    // [a, lt) < p, [lt, gt] = p, (gt, b] > p
    let wl = 0;
    for (let k = a; k < lt; k++) wl += w[k];
    let we = 0;
    for (let k = lt; k <= gt; k++) we += w[k];
    if (below + wl > half) {
      b = lt - 1;
      aboveMin = p;
      continue;
    }
    if (below + wl === half && lt > a) {
      // The crossing is the largest value left of p, exactly at W / 2: average it with p.
      let m = v[a];
      for (let k = a + 1; k < lt; k++) if (v[k] > m) m = v[k];
      return (m + p) / 2;
    }
    if (below + wl + we > half) return p;
    if (below + wl + we === half) {
      // The crossing ends the block of p exactly at W / 2: average p with the next larger value.
      let next = aboveMin;
      for (let k = gt + 1; k <= b; k++) if (!(v[k] >= next)) next = v[k];
      return Number.isNaN(next) ? p : (p + next) / 2;
    }
    below += wl + we;
    a = gt + 1;
  }
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}

function swap(v: Float64Array, w: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
  const u = w[i];
  w[i] = w[j];
  w[j] = u;
}
