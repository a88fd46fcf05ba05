import { PathCreditError } from './errors.js';
import { markov, type MarkovResult } from './markov/index.js';
import type { MarkovOptions } from './markov/options.js';
import {
  firstTouch,
  lastNonDirect,
  lastTouch,
  linear,
  positionBased,
  timeDecay,
  type LastNonDirectOptions,
  type LinearOptions,
  type PositionBasedOptions,
  type TimeDecayOptions,
} from './models/index.js';
import { markovAsync } from './parallel/markov-async.js';
import { creditsTable, type CreditsTable } from './results/index.js';
import type { ChannelCredits, PathStore } from './types.js';

/** Names of the models {@link attribute} can run (also the result column prefixes). */
export const MODEL_NAMES = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'markov'] as const;

/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** Options of {@link attribute}: which models, and each model's own options. */
export interface AttributeOptions {
  /**
   * Models to run, in result-column order. Default: every model the store
   * supports, i.e. all of them, with `time_decay` only when the store has times.
   */
  readonly models?: readonly ModelName[];
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
  /** Also compute per-touch credit for every model (in `credits[i].perTouch`). Default false. */
  readonly perTouch?: boolean;
}

/** What {@link attribute} returns. */
export interface Attribution {
  /** One row per channel, a conversions and a value column per model, and totals. */
  readonly table: CreditsTable;
  /** Each model's credits, in `table.models` order. */
  readonly credits: readonly ChannelCredits[];
  /** The full Markov result (removal effects, P, V, solver report), when `markov` ran. */
  readonly markov?: MarkovResult;
}

/**
 * Runs several models over one path store and puts their credits side by side.
 *
 * @param store - paths from any encoder (`fromPathRows`, `fromArrow`, `readCsv`, ...).
 * @param options - models to run and their options.
 * @throws PathCreditError for an unknown model name, time decay on a store
 *   without times, or any model's own error (e.g. Markov with no conversions).
 * @example
 * ```ts
 * const { table } = attribute(store, { models: ['first_touch', 'linear', 'markov'] });
 * toFlatRows(table); // [{ row_type: 'channel', channel: 'search', first_touch_conversions: 3, ... }, ...]
 * ```
 */
export function attribute(store: PathStore, options: AttributeOptions = {}): Attribution {
  const models = options.models ?? defaultModels(store);
  if (models.length === 0) throw new PathCreditError('no model to run');
  const perTouch = options.perTouch ?? false;
  const credits: ChannelCredits[] = [];
  let markovResult: MarkovResult | undefined;
  for (const name of models) {
    switch (name) {
      case 'first_touch':
        credits.push(firstTouch(store, { perTouch }));
        break;
      case 'last_touch':
        credits.push(lastTouch(store, { perTouch }));
        break;
      case 'last_non_direct':
        credits.push(lastNonDirect(store, { ...options.lastNonDirect, perTouch }));
        break;
      case 'linear':
        credits.push(linear(store, { ...options.linear, perTouch }));
        break;
      case 'position_based':
        credits.push(positionBased(store, { ...options.positionBased, perTouch }));
        break;
      case 'time_decay':
        credits.push(timeDecay(store, { ...options.timeDecay, perTouch }));
        break;
      case 'markov':
        markovResult = markov(store, { ...options.markov, perTouch });
        credits.push(markovResult.credits);
        break;
      default:
        throw new PathCreditError(`unknown model (known: ${MODEL_NAMES.join(', ')})`, { column: 'models', value: name });
    }
  }
  return { table: creditsTable(credits), credits, ...(markovResult ? { markov: markovResult } : {}) };
}

/** Every model the store supports: time decay only when it has times. */
export function defaultModels(store: PathStore): ModelName[] {
  return MODEL_NAMES.filter((m) => m !== 'time_decay' || store.times !== null);
}

/** Options of {@link attributeAsync}: those of {@link attribute} plus worker threads for Markov counting. */
export interface AttributeAsyncOptions extends AttributeOptions {
  /** Threads for Markov transition counting on large shared stores, this one included. Default: the machine's cores (see `markovAsync`). */
  readonly threads?: number;
}

/**
 * {@link attribute} with Markov's transition counting split across worker
 * threads for large stores (see `markovAsync`). Same results as `attribute`.
 *
 * @example
 * ```ts
 * const { table } = await attributeAsync(store, { models: ['linear', 'markov'], threads: 2 });
 * ```
 */
export async function attributeAsync(store: PathStore, options: AttributeAsyncOptions = {}): Promise<Attribution> {
  const models = options.models ?? defaultModels(store);
  if (!models.includes('markov')) return attribute(store, { ...options, models });
  const markovResult = await markovAsync(store, { ...options.markov, perTouch: options.perTouch ?? false, threads: options.threads });
  const rest = models.filter((m) => m !== 'markov');
  const others = rest.length > 0 ? attribute(store, { ...options, models: rest }).credits : [];
  const credits = models.map((m) => (m === 'markov' ? markovResult.credits : others[rest.indexOf(m)]));
  return { table: creditsTable(credits), credits, markov: markovResult };
}
