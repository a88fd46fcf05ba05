// Heuristic attribution models: re-exports only.
export { firstTouch, type FirstTouchOptions } from './first-touch.js';
export { lastTouch, type LastTouchOptions } from './last-touch.js';
export { lastNonDirect, DEFAULT_DIRECT_CHANNELS, type LastNonDirectOptions } from './last-non-direct.js';
export { linear, type LinearOptions } from './linear.js';
export { positionBased, POSITION_PRESETS, type PositionBasedOptions, type PositionPreset } from './position-based.js';
export { timeDecay, DEFAULT_HALF_LIFE_MS, type TimeDecayForm, type TimeDecayOptions } from './time-decay.js';
export type { HeuristicCredits, HeuristicModelOptions } from './heuristic-run.js';
export { shapley, type ShapleyOptions } from './shapley.js';
export { shapleyRate, SHAPLEY_RATE_DEFAULTS, type ShapleyRateOptions, type ShapleyReport, type ShapleyCredits } from './shapley-rate.js';
export { leaveOneOut, type LeaveOneOutOptions, type LeaveOneOutReport, type LeaveOneOutCredits } from './leave-one-out.js';
