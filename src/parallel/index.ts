// Worker-thread counting: re-exports only.
export { countTransitionsParallel, parallelAvailable, splitByTouches, PARALLEL_MIN_TOUCHES, type ParallelOptions } from './count-transitions-parallel.js';
export { markovAsync, type MarkovAsyncOptions } from './markov-async.js';
export { bootstrapIntervalsAsync, BOOTSTRAP_PARALLEL_MIN_WORK } from './bootstrap-async.js';
