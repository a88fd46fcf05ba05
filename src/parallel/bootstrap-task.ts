import type { ModelName, ModelSettings } from '../model-set.js';

/** What the main thread hands a bootstrap worker: the units (shared arrays), the models and a replicate range. */
export interface BootstrapTask {
  readonly channels: readonly string[];
  readonly offsets: Int32Array;
  readonly touches: Uint32Array;
  readonly times: Float64Array | null;
  readonly conversionTimes: Float64Array | null;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  readonly keyHi: Uint32Array;
  readonly keyLo: Uint32Array;
  readonly withTimes: boolean;
  readonly models: readonly ModelName[];
  readonly settings: ModelSettings;
  readonly seed: number;
  /** First replicate. */
  readonly from: number;
  /** One past the last replicate. */
  readonly to: number;
}
