/**
 * The conversions of touchpoint rows in sparse form: only the rows that
 * convert (a few percent of events) with their conversions and value; every
 * other row has conversions 0 and value 0. Two dense float columns would be
 * most of a reader's memory at tens of millions of rows.
 */
export interface SparseConversions {
  /** Number of converting rows. */
  readonly count: number;
  /** Their row indexes, strictly increasing. */
  readonly rows: Int32Array;
  /** Conversions of each (> 0). */
  readonly conversions: Float64Array;
  /** Value of each (>= 0). */
  readonly value: Float64Array;
}

/**
 * The converting rows of dense conversions and value columns (`null`: all
 * zero), as {@link SparseConversions}.
 */
export function sparseConversions(conversions: Float64Array | null, value: Float64Array | null, n: number): SparseConversions {
  let count = 0;
  if (conversions !== null) for (let i = 0; i < n; i++) if (conversions[i] !== 0) count++;
  const rows = new Int32Array(count);
  const conv = new Float64Array(count);
  const val = new Float64Array(count);
  if (conversions !== null) {
    for (let i = 0, k = 0; i < n; i++) {
      if (conversions[i] === 0) continue;
      rows[k] = i;
      conv[k] = conversions[i];
      val[k] = value === null ? 0 : value[i];
      k++;
    }
  }
  return { count, rows, conversions: conv, value: val };
}

/**
 * Finds a row's conversions when rows are visited out of order: a bitset
 * answers "does row r convert?" in one load, and only converting rows pay a
 * binary search for their entry.
 */
export class ConversionLookup {
  readonly #sparse: SparseConversions;
  readonly #bits: Uint32Array;

  /** @param sparse - the converting rows; @param rowCount - rows in all. */
  constructor(sparse: SparseConversions, rowCount: number) {
    this.#sparse = sparse;
    this.#bits = new Uint32Array((rowCount >>> 5) + 1);
    const rows = sparse.rows;
    for (let k = 0; k < sparse.count; k++) this.#bits[rows[k] >>> 5] |= 1 << (rows[k] & 31);
  }

  /** The entry of row `r` in the sparse arrays, or -1 when it does not convert. */
  indexOf(r: number): number {
    if (((this.#bits[r >>> 5] >>> (r & 31)) & 1) === 0) return -1;
    const rows = this.#sparse.rows;
    let lo = 0;
    let hi = this.#sparse.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Conversions of row `r` (0 when it does not convert). */
  conversionsOf(r: number): number {
    const k = this.indexOf(r);
    return k < 0 ? 0 : this.#sparse.conversions[k];
  }

  /** Value of row `r` (0 when it does not convert). */
  valueOf(r: number): number {
    const k = this.indexOf(r);
    return k < 0 ? 0 : this.#sparse.value[k];
  }
}
