import type { ModelName, ModelSettings } from '../model-set.js';
import type { PathStore } from '../types.js';

/** What the main thread hands a bootstrap worker: the units (shared arrays), the models and a replicate range. */
export interface BootstrapTask extends Pick<PathStore, 'channels' | 'offsets' | 'touches' | 'times' | 'conversionTimes' | 'conversions' | 'value' | 'nulls'> {
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
