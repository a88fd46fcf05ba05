import { diagnose, type Diagnostics, type DiagnosticsOptions } from './diagnostics/diagnostics.js';
import { PathCreditError } from './errors.js';
import { groupRemovalEffectsFromCounts, type GroupRemovalResult } from './markov/group-removal.js';
import { markovByTouchType, type TypedMarkov } from './markov/by-touch-type.js';
import { markovFromCounts, withPerTouch, type MarkovResult } from './markov/markov.js';
import { resolveMarkovOptions, type MarkovOptions } from './markov/options.js';
import { chooseOrder, type OrderSelection, type OrderSelectionOptions } from './markov/order-selection.js';
import { TransitionCounter } from './markov/transition-counter.js';
import { MODEL_NAMES, type ModelName, type ModelSettings, defaultModels, runChannelModel } from './model-set.js';
import { bootstrapIntervalsAsync } from './parallel/bootstrap-async.js';
import { countTransitions } from './markov/count-shards.js';
import { countTransitionsParallel } from './parallel/count-transitions-parallel.js';
import { markovFromCountsAsync } from './parallel/markov-async.js';
import { creditsTable, type CreditsTable } from './results/credits-table.js';
import { splitByTouchType } from './touch-types/split-by-type.js';
import { DEFAULT_TOUCH_TYPE_COLUMN } from './touch-types/touch-weights.js';
import type { ChannelCredits, PathStore } from './types.js';
import { bootstrapIntervals, type BootstrapIntervals } from './uncertainty/bootstrap.js';
import { resolveIntervalOptions, type IntervalOptions, type ResolvedIntervalOptions } from './uncertainty/options.js';

export { MODEL_NAMES, DEFAULT_MODEL_NAMES, allModels, defaultModels, type ModelName, type ModelSettings } from './model-set.js';

/** Options of {@link attribute}: which models, each model's own options, and what to compute besides credits. */
export interface AttributeOptions extends ModelSettings {
  /**
   * Models to run, in result-column order. Default: {@link defaultModels} (the heuristics and
   * Markov, time decay only when the store has times); {@link allModels} adds the Shapley family.
   */
  readonly models?: readonly ModelName[];
  /** Also compute per-touch credit for every model (in `credits[i].perTouch`). Default false. */
  readonly perTouch?: boolean;
  /**
   * Poisson bootstrap intervals for every model's credits and the Markov removal effects:
   * `true` for the defaults (B = 200, level 0.9, seed 1) or {@link IntervalOptions}. Default off.
   */
  readonly intervals?: IntervalOptions | boolean;
  /**
   * Choose the Markov order from the data before running Markov (`markov.order` is then
   * ignored): `true` for the defaults or {@link OrderSelectionOptions}. The table per order is in
   * the result's `orderSelection`. `collapseRepeats` follows `markov.collapseRepeats`.
   */
  readonly chooseOrder?: OrderSelectionOptions | boolean;
  /** Markov removal effects of channel groups removed together, e.g. `[['display', 'video']]` (see `groupRemovalEffects`). */
  readonly removeGroups?: readonly (readonly string[])[];
  /** Thresholds of the diagnostic flags. */
  readonly diagnostics?: DiagnosticsOptions;
  /**
   * Markov states: `channel` (default) ignores touch types; `channel-type` makes
   * a channel's touches of each type separate states (`search [click]`,
   * `search [impression]`), a channel's removal removing all of them.
   */
  readonly markovStates?: 'channel' | 'channel-type';
  /**
   * The store's per-touch type column, for `markovStates: 'channel-type'` and
   * for touch weights that name no column. Default `"touch_type"`.
   */
  readonly touchTypeColumn?: string;
}

/** What {@link attribute} returns. */
export interface Attribution {
  /** One row per channel, a conversions and a value column per model, and totals. */
  readonly table: CreditsTable;
  /** Each model's credits, in `table.models` order. */
  readonly credits: readonly ChannelCredits[];
  /** The full Markov result (removal effects, P, V, solver report), when `markov` ran. */
  readonly markov?: MarkovResult;
  /** Bootstrap intervals, when `intervals` was asked for. */
  readonly intervals?: BootstrapIntervals;
  /** The order selection table and choice, when `chooseOrder` was asked for. */
  readonly orderSelection?: OrderSelection;
  /** Removal effects of channel groups, when `removeGroups` was given. */
  readonly groupRemoval?: GroupRemovalResult;
  /** Conservation residuals, support behind each channel, and flags for thin data. */
  readonly diagnostics: Diagnostics;
}

/**
 * Runs several models over one path store and puts their credits side by side,
 * with diagnostics and, on request, bootstrap intervals, a chosen Markov order
 * and group removal effects.
 *
 * @param store - paths from any encoder (`fromPathRows`, `fromArrow`, `readCsv`, ...).
 * @param options - models to run and their options.
 * @throws PathCreditError for an unknown model name, time decay on a store
 *   without times, invalid interval, order or group options, or any model's own
 *   error (e.g. Markov with no conversions).
 * @example
 * ```ts
 * const { table, intervals, diagnostics } = attribute(store, { models: ['first_touch', 'linear', 'markov'], intervals: true });
 * toFlatRows(table); // [{ row_type: 'channel', channel: 'search', first_touch_conversions: 3, ... }, ...]
 * intervals.models[2].conversionsLo; // Markov credit lower bounds per channel
 * ```
 */
export function attribute(store: PathStore, options: AttributeOptions = {}): Attribution {
  const plan = planRun(store, options);
  const typed = typedMarkov(store, plan);
  // Shard by shard, so the counts equal attributeAsync's on any number of threads (see countTransitions).
  const counter =
    typed?.counter ??
    (plan.models.includes('markov') || plan.groups ? countTransitions(store, { order: plan.markov.order, collapseRepeats: plan.markov.collapseRepeats }) : undefined);
  // Point estimates first, so input errors name the store's rows, not a replicate's.
  const point = runModels(store, options, plan, counter, typed && withPerTouch(store, typed.result, plan.markov));
  const intervals = plan.intervals ? bootstrapIntervals(store, plan.models, plan.settings, plan.intervals) : undefined;
  return finish(store, options, plan, point, counter, intervals);
}

/** Options of {@link attributeAsync}: those of {@link attribute} plus worker threads. */
export interface AttributeAsyncOptions extends AttributeOptions {
  /**
   * Threads, this one included, for Markov transition counting and removals
   * on large shared stores (see `markovAsync`), and for bootstrap replicates
   * unless `intervals.threads` says otherwise. Default: the machine's cores.
   */
  readonly threads?: number;
}

/**
 * {@link attribute} with Markov's transition counting and the bootstrap
 * replicates split across worker threads. Same results as `attribute`,
 * bit for bit for the intervals whatever the number of threads.
 *
 * @example
 * ```ts
 * const { table, intervals } = await attributeAsync(store, { models: ['linear', 'markov'], intervals: { replicates: 500 }, threads: 2 });
 * ```
 */
export async function attributeAsync(store: PathStore, options: AttributeAsyncOptions = {}): Promise<Attribution> {
  const plan = planRun(store, options);
  // Typed states are counted and solved in process (their removals are channel groups).
  const typed = typedMarkov(store, plan);
  const counter =
    typed?.counter ??
    (plan.models.includes('markov') || plan.groups
      ? await countTransitionsParallel(store, { order: plan.markov.order, collapseRepeats: plan.markov.collapseRepeats, threads: options.threads })
      : undefined);
  const markovResult = typed
    ? withPerTouch(store, typed.result, plan.markov)
    : plan.models.includes('markov')
      ? await markovFromCountsAsync(store, counter!, plan.markov, options.threads)
      : undefined;
  const point = runModels(store, options, plan, counter, markovResult);
  const intervals = plan.intervals
    ? await bootstrapIntervalsAsync(store, plan.models, plan.settings, { ...plan.intervals, threads: plan.intervals.threads ?? options.threads })
    : undefined;
  return finish(store, options, plan, point, counter, intervals);
}

/** What {@link planRun} resolved: models, Markov options, settings, intervals, order selection and groups. */
export interface RunPlan {
  readonly models: readonly ModelName[];
  /** The touch-type column of channel-type Markov states, when asked for. */
  readonly typedStates?: string;
  readonly markov: ReturnType<typeof resolveMarkovOptions>;
  readonly settings: ModelSettings;
  readonly intervals?: ResolvedIntervalOptions;
  readonly orderSelection?: OrderSelection;
  readonly groups?: readonly (readonly string[])[];
}

/**
 * Validates every option of {@link attribute} and chooses the Markov order before any model runs
 * (shared with the per-segment runs, so both refuse the same inputs).
 * @throws PathCreditError as {@link attribute}.
 */
export function planRun(store: PathStore, options: AttributeOptions): RunPlan {
  const models = options.models ?? defaultModels(store);
  if (models.length === 0) throw new PathCreditError('no model to run');
  const seen = new Set<string>();
  for (const name of models) {
    if (!(MODEL_NAMES as readonly string[]).includes(name)) throw new PathCreditError(`unknown model (known: ${MODEL_NAMES.join(', ')})`, { column: 'models', value: name });
    if (seen.has(name)) throw new PathCreditError('a model is named twice', { column: 'models', value: name });
    seen.add(name);
  }
  const typeColumn = options.touchTypeColumn ?? DEFAULT_TOUCH_TYPE_COLUMN;
  const states = options.markovStates ?? 'channel';
  if (states !== 'channel' && states !== 'channel-type') throw new PathCreditError('markovStates must be "channel" or "channel-type"', { column: 'markovStates', value: states });
  const typedStates = states === 'channel-type' && (models.includes('markov') || options.chooseOrder) ? typeColumn : undefined;
  if (options.intervals && (options.touchWeights || typedStates)) {
    throw new PathCreditError('bootstrap intervals are not available with touch weights or channel-type Markov states (the resampling units do not carry touch types)');
  }
  if (typedStates && options.removeGroups !== undefined && options.removeGroups.length > 0) {
    throw new PathCreditError('removal effects of channel groups are not available with channel-type Markov states');
  }
  let markovOptions: MarkovOptions = options.markov ?? {};
  let orderSelection: OrderSelection | undefined;
  if (options.chooseOrder) {
    const sel = options.chooseOrder === true ? {} : options.chooseOrder;
    const orderStore = typedStates ? splitByTouchType(store, typedStates).store : store;
    orderSelection = chooseOrder(orderStore, { ...sel, collapseRepeats: markovOptions.collapseRepeats ?? false });
    markovOptions = { ...markovOptions, order: orderSelection.chosen };
  }
  const markov = resolveMarkovOptions({ ...markovOptions, perTouch: options.perTouch ?? false });
  const settings: ModelSettings = {
    lastNonDirect: options.lastNonDirect,
    linear: options.linear,
    positionBased: options.positionBased,
    timeDecay: options.timeDecay,
    markov: { ...markovOptions, perTouch: false },
    shapleyRate: options.shapleyRate,
    leaveOneOut: options.leaveOneOut,
    ...(options.touchWeights ? { touchWeights: { ...options.touchWeights, column: options.touchWeights.column ?? typeColumn } } : {}),
  };
  const groups = options.removeGroups !== undefined && options.removeGroups.length > 0 ? options.removeGroups : undefined;
  if ((models.includes('markov') || groups) && store.pathCount === 0) throw new PathCreditError('the path store is empty: Markov attribution needs at least one path');
  return {
    models,
    ...(typedStates ? { typedStates } : {}),
    markov,
    settings,
    ...(options.intervals ? { intervals: resolveIntervalOptions(options.intervals === true ? true : options.intervals) } : {}),
    ...(orderSelection ? { orderSelection } : {}),
    ...(groups ? { groups } : {}),
  };
}

// Markov over (channel, touch type) states, when the plan asks for it.
function typedMarkov(store: PathStore, plan: RunPlan): TypedMarkov | undefined {
  if (plan.typedStates === undefined || !plan.models.includes('markov')) return undefined;
  const m = plan.markov;
  return markovByTouchType(store, plan.typedStates, { order: m.order, collapseRepeats: m.collapseRepeats, value: m.value, solver: m.solver, tolerance: m.tolerance, maxIterations: m.maxIterations });
}

interface PointEstimates {
  readonly credits: ChannelCredits[];
  readonly markov?: MarkovResult;
}

// The Markov result may come computed already (by attributeAsync, on threads).
function runModels(store: PathStore, options: AttributeOptions, plan: RunPlan, counter: TransitionCounter | undefined, computed?: MarkovResult): PointEstimates {
  const perTouch = options.perTouch ?? false;
  const credits: ChannelCredits[] = [];
  let markovResult: MarkovResult | undefined;
  for (const name of plan.models) {
    if (name === 'markov') {
      const m = plan.markov;
      markovResult = computed ?? withPerTouch(store, markovFromCounts(counter!, { value: m.value, solver: m.solver, tolerance: m.tolerance, maxIterations: m.maxIterations }), m);
      credits.push(markovResult.credits);
    } else {
      credits.push(runChannelModel(name, store, plan.settings, perTouch));
    }
  }
  return { credits, ...(markovResult ? { markov: markovResult } : {}) };
}

function finish(
  store: PathStore,
  options: AttributeOptions,
  plan: RunPlan,
  point: PointEstimates,
  counter: TransitionCounter | undefined,
  intervals: BootstrapIntervals | undefined,
): Attribution {
  const { credits, markov: markovResult } = point;
  const groupRemoval = plan.groups ? groupRemovalEffectsFromCounts(counter!, plan.groups, plan.markov) : undefined;
  const diagnostics = diagnose({ store, credits, ...(intervals ? { intervals } : {}), ...(markovResult ? { markovCounts: counter } : {}) }, options.diagnostics);
  return {
    table: creditsTable(credits),
    credits,
    ...(markovResult ? { markov: markovResult } : {}),
    ...(intervals ? { intervals } : {}),
    ...(plan.orderSelection ? { orderSelection: plan.orderSelection } : {}),
    ...(groupRemoval ? { groupRemoval } : {}),
    diagnostics,
  };
}
