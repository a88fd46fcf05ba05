// Transition counts made outside this process: re-exports only.
export { transitionCountsFromColumns, TRANSITION_COLUMNS, type TransitionColumnsInput, type TransitionCountsReadOptions } from './from-transition-columns.js';
export { readTransitionCounts } from './read-transitions.js';
