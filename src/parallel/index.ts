// Worker threads: re-exports only.
export { countTransitionsParallel, PARALLEL_MIN_TOUCHES, type ParallelOptions } from './count-transitions-parallel.js';
export { markovAsync, type MarkovAsyncOptions } from './markov-async.js';
export { parallelAvailable } from './pool.js';
export { isShared, shareStore } from './share-store.js';
export { bootstrapIntervalsAsync, BOOTSTRAP_PARALLEL_MIN_WORK } from './bootstrap-async.js';
