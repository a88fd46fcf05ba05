import { PathCreditError } from './errors.js';
import type { MarkovOptions } from './markov/options.js';
import { firstTouch } from './models/first-touch.js';
import { lastNonDirect, type LastNonDirectOptions } from './models/last-non-direct.js';
import { lastTouch } from './models/last-touch.js';
import { leaveOneOut, type LeaveOneOutOptions } from './models/leave-one-out.js';
import { linear, type LinearOptions } from './models/linear.js';
import { positionBased, type PositionBasedOptions } from './models/position-based.js';
import { shapley } from './models/shapley.js';
import { shapleyRate, type ShapleyRateOptions } from './models/shapley-rate.js';
import { timeDecay, type TimeDecayOptions } from './models/time-decay.js';
import type { TouchWeightsOption } from './touch-types/touch-weights.js';
import type { ChannelCredits, PathStore } from './types.js';

/** Names of the models `attribute` can run (also the result column prefixes). */
export const MODEL_NAMES = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position_based',
  'time_decay',
  'markov',
  'shapley',
  'shapley_rate',
  'leave_one_out',
] as const;

/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * The models run when none are named: the heuristics and Markov (time decay
 * only with times). The Shapley family runs when asked for, e.g. with
 * {@link allModels}.
 */
export const DEFAULT_MODEL_NAMES: readonly ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov'];

/** Each model's own options (plain data, so they can be sent to worker threads). */
export interface ModelSettings {
  /** Options of `last_non_direct`. */
  readonly lastNonDirect?: LastNonDirectOptions;
  /** Options of `linear`. */
  readonly linear?: LinearOptions;
  /** Options of `position_based`. */
  readonly positionBased?: PositionBasedOptions;
  /** Options of `time_decay`. */
  readonly timeDecay?: TimeDecayOptions;
  /** Options of `markov`. */
  readonly markov?: MarkovOptions;
  /** Options of `shapley_rate`. */
  readonly shapleyRate?: ShapleyRateOptions;
  /** Options of `leave_one_out`. */
  readonly leaveOneOut?: LeaveOneOutOptions;
  /**
   * Touch weights by type, applied to every heuristic model (first, last and
   * last-non-direct touch, linear, position-based, time decay): each touch's
   * share is its positional weight times its type's weight, normalised.
   */
  readonly touchWeights?: TouchWeightsOption;
}

/**
 * Runs one model other than Markov (whose result carries more than credits).
 * @throws PathCreditError for `markov` or an unknown name, and the model's own errors.
 */
export function runChannelModel(name: ModelName, store: PathStore, settings: ModelSettings, perTouch: boolean): ChannelCredits {
  const touchWeights = settings.touchWeights;
  switch (name) {
    case 'first_touch':
      return firstTouch(store, { perTouch, touchWeights });
    case 'last_touch':
      return lastTouch(store, { perTouch, touchWeights });
    case 'last_non_direct':
      return lastNonDirect(store, { ...settings.lastNonDirect, perTouch, touchWeights });
    case 'linear':
      return linear(store, { ...settings.linear, perTouch, touchWeights });
    case 'position_based':
      return positionBased(store, { ...settings.positionBased, perTouch, touchWeights });
    case 'time_decay':
      return timeDecay(store, { ...settings.timeDecay, perTouch, touchWeights });
    case 'shapley':
      return shapley(store, { perTouch });
    case 'shapley_rate':
      return shapleyRate(store, { ...settings.shapleyRate, perTouch });
    case 'leave_one_out':
      return leaveOneOut(store, { ...settings.leaveOneOut, perTouch });
    default:
      throw new PathCreditError(`unknown model (known: ${MODEL_NAMES.join(', ')})`, { column: 'models', value: name });
  }
}

/** Every model the store supports, in {@link MODEL_NAMES} order: all of them, time decay only with times. */
export function allModels(store: PathStore): ModelName[] {
  return MODEL_NAMES.filter((m) => m !== 'time_decay' || store.times !== null);
}

/** The default models the store supports: {@link DEFAULT_MODEL_NAMES}, time decay only with times. */
export function defaultModels(store: PathStore): ModelName[] {
  return DEFAULT_MODEL_NAMES.filter((m) => m !== 'time_decay' || store.times !== null);
}
