/** What a removal worker receives (arrays are SharedArrayBuffer views). */
export interface RemovalTask {
  /** Unknowns. */
  readonly n: number;
  /** CSR of Q (rows, columns, probabilities). */
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
  /** Q by columns. */
  readonly predPtr: Int32Array;
  readonly predIdx: Int32Array;
  readonly predVal: Float64Array;
  /** Conversion and (scaled) value right-hand sides. */
  readonly r: Float64Array;
  readonly rv: Float64Array;
  /** Full-chain solution. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Removal sets per channel. */
  readonly removalPtr: Int32Array;
  readonly removal: Int32Array;
  /** Solve settings. */
  readonly tolerance: number;
  readonly maxIterations: number;
  /** This worker removes channels first, first + stride, ... */
  readonly first: number;
  readonly stride: number;
  /** Results, written in place. */
  readonly pRemoved: Float64Array;
  readonly vRemoved: Float64Array;
}
