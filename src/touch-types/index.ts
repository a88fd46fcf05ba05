// Touch types: weights for the heuristics, (channel, type) Markov states. Re-exports only.
export { DEFAULT_TOUCH_TYPE_COLUMN, parseTouchWeights, resolveTouchWeights, type TouchWeightReport, type TouchWeightsOption, type TouchWeightTable } from './touch-weights.js';
export { splitByTouchType, type TypeSplitStore } from './split-by-type.js';
