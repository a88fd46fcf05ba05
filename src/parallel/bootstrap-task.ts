import type { ModelName, ModelSettings } from '../model-set.js';
import type { PathStore } from '../types.js';
import { runReplicates, type ReplicateBatch } from '../uncertainty/bootstrap.js';

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

/** Runs a {@link BootstrapTask}'s range of replicates (on a pool worker): their rows, in replicate order. */
export function bootstrapTask(task: BootstrapTask): ReplicateBatch {
  const store: PathStore = {
    channels: task.channels,
    pathCount: task.conversions.length,
    offsets: task.offsets,
    touches: task.touches,
    times: task.times,
    conversionTimes: task.conversionTimes,
    conversions: task.conversions,
    value: task.value,
    nulls: task.nulls,
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
  };
  return runReplicates({ store, keyHi: task.keyHi, keyLo: task.keyLo, withTimes: task.withTimes }, task.models, task.settings, task.seed, task.from, task.to);
}
