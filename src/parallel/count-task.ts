/** What the main thread hands a counting worker: shared store arrays and a path range. */
export interface CountTask {
  readonly channels: readonly string[];
  readonly order: number;
  readonly collapseRepeats: boolean;
  readonly offsets: Int32Array;
  readonly touches: Uint32Array;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  /** First path of the range. */
  readonly from: number;
  /** One past the last path of the range. */
  readonly to: number;
}
