// Markov removal-effect attribution: re-exports only.
export { markov, markovFromCounts, type MarkovResult, type MarkovSolverReport } from './markov.js';
export { MARKOV_DEFAULTS, SOLVER_CHOICES, type MarkovOptions } from './options.js';
export {
  TransitionCounter,
  START_STATE,
  CONVERSION_STATE,
  NULL_STATE,
  FIRST_TRANSIENT,
  SPECIAL_STATE_LABELS,
  STATE_LABEL_SEPARATOR,
  STATE_DEFAULTS,
  type StateOptions,
  type TransitionCounterJSON,
} from './transition-counter.js';
export { transitionRows, transitionColumns, type TransitionRow, type TransitionColumns } from './transition-matrix.js';
export { transitionTable } from './transition-table.js';
export type { SolverChoice, RemovalMethod } from './removal-solver.js';
export { countTransitions, countShards, COUNT_SHARD_TOUCHES } from './count-shards.js';
export { groupRemovalEffects, groupRemovalEffectsFromCounts, parseChannelGroups, type GroupRemovalEffect, type GroupRemovalResult } from './group-removal.js';
export { chooseOrder, type OrderSelectionOptions, type OrderFit, type OrderSelection } from './order-selection.js';
export { conversionAuc, type ConversionAuc } from './conversion-auc.js';
export type { HeldOutLikelihood } from './heldout-likelihood.js';
export { markovByTouchType, type TypedMarkov } from './by-touch-type.js';
