// Bootstrap intervals: re-exports only.
export { philox4x32 } from './philox.js';
export { RandomStream } from './random-stream.js';
export { samplePoisson, poissonInverse, logFactorial, POISSON_INVERSION_MAX_MEAN } from './poisson.js';
export { bootstrapUnits, type BootstrapUnits } from './bootstrap-units.js';
export { Replicator } from './replicate.js';
export { bootstrapIntervals, bootstrapReplicates, POISSON_SAMPLER, type BootstrapIntervals, type ReplicateMatrix, type ReplicateBatch } from './bootstrap.js';
export { replicateLayout, type ReplicateLayout } from './replicate-models.js';
export { QUANTILE_RULE, type ModelIntervals, type RemovalEffectIntervals } from './intervals.js';
export { INTERVAL_DEFAULTS, resolveIntervalOptions, type IntervalOptions } from './options.js';
