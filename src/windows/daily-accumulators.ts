import { ChannelDictionary } from '../core/channel-dictionary.js';
import { PathSummary } from '../core/path-summary.js';
import { PathCreditError } from '../errors.js';
import { markovFromCounts } from '../markov/markov.js';
import { resolveMarkovOptions } from '../markov/options.js';
import { TransitionCounter } from '../markov/transition-counter.js';
import { MODEL_NAMES, type ModelName, type ModelSettings, runChannelModel } from '../model-set.js';
import { addCompensated } from '../models/kernel.js';
import type { ChannelCredits, PathStore } from '../types.js';
import { pathDays } from './day-index.js';
import { dayKeyed, dayTotals, splitCounter, splitSummary } from './day-keyed.js';
import { dayLabel, resolveWindows, type WindowSpec } from './window-spec.js';

// Models whose credit is a sum over paths: a day's credits add up to a window's.
const ADDITIVE: ReadonlySet<ModelName> = new Set(['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'shapley']);
// Models that need the window's whole path table (rates of sets or sequences over the window).
const BY_TABLE: ReadonlySet<ModelName> = new Set(['shapley_rate', 'leave_one_out']);

/** What {@link DailyAccumulators} keeps per model and day for the additive models. */
interface DayCredits {
  conversions: Float64Array;
  value: Float64Array;
  totalConversions: number;
  totalValue: number;
}

/** Everything kept for one UTC day: a few numbers per channel and model, the day's transition counts, its distinct paths. */
interface DayState {
  readonly credits: Map<ModelName, DayCredits>;
  readonly counter?: TransitionCounter;
  readonly paths?: PathSummary;
  journeys: number;
  conversions: number;
}

/** One window's credits. */
export interface AttributionWindow {
  /** First day of the window (ISO date, UTC), inclusive. */
  readonly start: string;
  /** Last day of the window (ISO date, UTC), inclusive: the `window_end` of the long output. */
  readonly end: string;
  /** The window's days in the data (days without any path count as empty). */
  readonly daysWithData: number;
  /** Journeys in the window (conversions + nulls of its paths). */
  readonly journeys: number;
  /** Conversions in the window. */
  readonly conversions: number;
  /** Each model's credits by {@link WindowedAttribution.channels}, in model order. All 0 for a window without conversions. */
  readonly credits: readonly ChannelCredits[];
}

/** What {@link DailyAccumulators.windows} and {@link attributeWindows} return. */
export interface WindowedAttribution {
  /** Window length in days. */
  readonly windowDays: number;
  /** Days between window ends. */
  readonly stepDays: number;
  /** Models, in the order of each window's `credits`. */
  readonly models: readonly ModelName[];
  /** Channel names, by the ids every window's credits use. */
  readonly channels: readonly string[];
  /** The windows, oldest first. */
  readonly windows: readonly AttributionWindow[];
  /** How paths were dated: by conversion time, or by their last touch (null paths, unknown conversion times). */
  readonly datedBy: { readonly conversionTime: number; readonly lastTouch: number };
  /**
   * Journeys and conversions dated on days that no reported window covers (after the end, before
   * the first full window, or between windows when the step is longer than the window).
   */
  readonly outside: { readonly days: number; readonly journeys: number; readonly conversions: number };
}

/** Models and settings of a windowed run. */
export interface DailyOptions extends ModelSettings {
  /** Models to run per window. Default: the heuristics and Markov, time decay when the data has touch times. */
  readonly models?: readonly ModelName[];
}

/**
 * Per-day, mergeable accumulators for rolling-window attribution. `add`
 * dates every path (conversion time, or last touch for null paths), splits the
 * store by UTC day and folds each day in: the additive models' credits per
 * channel, Markov's transition counts, and for the Shapley-rate and
 * leave-one-out models the day's distinct paths. Adding a day costs that day's
 * paths only. `windows` then combines the days of each window: sums for the
 * additive models, merged counts and one exact solve for Markov, merged path
 * tables for the other two; never a pass over the journeys again.
 *
 * @example
 * ```ts
 * const acc = new DailyAccumulators({ models: ['linear', 'markov'] }).add(january);
 * acc.add(februaryFirst);                              // one more day: that day's work only
 * const weekly = acc.windows({ window: '28d', step: '7d' });
 * ```
 */
export class DailyAccumulators {
  readonly #models: readonly ModelName[] | undefined;
  readonly #settings: ModelSettings;
  readonly #dictionary = new ChannelDictionary();
  readonly #days = new Map<number, DayState>();
  #byConversionTime = 0;
  #byLastTouch = 0;
  #resolved: readonly ModelName[] | undefined;

  /**
   * @param options - models and their settings (Markov's order and collapseRepeats
   *   fix the day counters). `chooseOrder` and bootstrap intervals are not available per window.
   * @throws PathCreditError for an unknown model.
   */
  constructor(options: DailyOptions = {}) {
    const { models, ...settings } = options;
    for (const m of models ?? []) if (!(MODEL_NAMES as readonly string[]).includes(m)) throw new PathCreditError(`unknown model (known: ${MODEL_NAMES.join(', ')})`, { column: 'models', value: m });
    if (models !== undefined && models.length === 0) throw new PathCreditError('no model to run');
    this.#models = models;
    this.#settings = settings;
  }

  /** Models run per window (known after the first `add` when not given). */
  get models(): readonly ModelName[] {
    return this.#resolved ?? this.#models ?? [];
  }

  /** Channel names seen so far. */
  get channels(): readonly string[] {
    return this.#dictionary.names;
  }

  /** The UTC days holding data, as ISO dates, in order. */
  get days(): string[] {
    return [...this.#days.keys()].sort((a, b) => a - b).map(dayLabel);
  }

  /**
   * Folds a store's paths into their days (a day already present is added to).
   * @returns this.
   * @throws PathCreditError when paths cannot be dated, or a model fails on a day (naming the day).
   */
  add(store: PathStore): this {
    const models = this.#modelsFor(store);
    const { day, byConversionTime, byLastTouch } = pathDays(store);
    if (store.pathCount === 0) return this;
    this.#byConversionTime += byConversionTime;
    this.#byLastTouch += byLastTouch;
    let firstDay = day[0];
    let lastDay = day[0];
    for (const d of day) {
      if (d < firstDay) firstDay = d;
      else if (d > lastDay) lastDay = d;
    }
    const span = lastDay - firstDay + 1;
    const ids = store.channels.map((name) => this.#dictionary.idOf(name));
    const C = store.channels.length;
    const keyed = dayKeyed(store, day, firstDay, span);
    const totals = dayTotals(store, day, firstDay, span);
    const days: (DayState | undefined)[] = [];
    for (let d = 0; d < span; d++) {
      if (totals.rows[d] === 0) continue;
      days[d] = this.#day(firstDay + d, models);
      days[d]!.journeys += totals.conversions[d] + totals.nulls[d];
      days[d]!.conversions += totals.conversions[d];
    }
    // One pass per additive model over the whole store, credited per (day, channel).
    const daySums = convertingTotalsByDay(store, day, firstDay, span);
    for (const model of models) {
      if (!ADDITIVE.has(model)) continue;
      const credits = runChannelModel(model, keyed.byName, this.#settings, false);
      for (let d = 0; d < span; d++) {
        const t = days[d];
        if (t === undefined) continue;
        const slice = {
          model,
          channels: store.channels,
          conversions: credits.conversions.subarray(d * C, (d + 1) * C),
          value: credits.value.subarray(d * C, (d + 1) * C),
          totalConversions: daySums.conversions[d],
          totalValue: daySums.value[d],
        };
        addCredits(t.credits, model, slice, ids, this.#dictionary.size);
      }
    }
    if (models.includes('markov')) {
      const markov = this.#settings.markov ?? {};
      const counter = new TransitionCounter({ order: markov.order ?? 1, collapseRepeats: markov.collapseRepeats ?? false }).add(keyed.byKey);
      for (const [d, c] of splitCounter(counter, store.channels, firstDay, totals)) this.#days.get(d)!.counter!.merge(c);
    }
    if (models.some((m) => BY_TABLE.has(m))) {
      for (const [d, t] of splitSummary(new PathSummary().add(keyed.byKey), store.channels, firstDay)) this.#days.get(d)!.paths!.merge(t);
    }
    return this;
  }

  #day(d: number, models: readonly ModelName[]): DayState {
    let totals = this.#days.get(d);
    if (totals === undefined) {
      const markov = this.#settings.markov ?? {};
      totals = {
        credits: new Map(),
        ...(models.includes('markov') ? { counter: new TransitionCounter({ order: markov.order ?? 1, collapseRepeats: markov.collapseRepeats ?? false }) } : {}),
        ...(models.some((m) => BY_TABLE.has(m)) ? { paths: new PathSummary() } : {}),
        journeys: 0,
        conversions: 0,
      };
      this.#days.set(d, totals);
    }
    return totals;
  }

  /**
   * Adds another accumulator's days (channels matched by name). Both must run the same models.
   * @returns this.
   */
  merge(other: DailyAccumulators): this {
    if (this.#settingsKey() !== other.#settingsKey()) throw new PathCreditError('cannot merge daily accumulators with different models or settings');
    const ids = other.channels.map((name) => this.#dictionary.idOf(name));
    for (const [d, theirs] of other.#days) {
      let mine = this.#days.get(d);
      if (mine === undefined) {
        mine = { credits: new Map(), ...(theirs.counter ? { counter: new TransitionCounter({ order: theirs.counter.order, collapseRepeats: theirs.counter.collapseRepeats }) } : {}), ...(theirs.paths ? { paths: new PathSummary() } : {}), journeys: 0, conversions: 0 };
        this.#days.set(d, mine);
      }
      for (const [model, c] of theirs.credits) addCredits(mine.credits, model, { model, channels: other.channels, ...c }, ids, this.#dictionary.size);
      if (theirs.counter) mine.counter!.merge(theirs.counter);
      if (theirs.paths) mine.paths!.merge(theirs.paths);
      mine.journeys += theirs.journeys;
      mine.conversions += theirs.conversions;
    }
    this.#byConversionTime += other.#byConversionTime;
    this.#byLastTouch += other.#byLastTouch;
    this.#resolved ??= other.#resolved;
    return this;
  }

  /**
   * The credits of every window the spec asks for (see {@link WindowSpec}).
   * @throws PathCreditError for a bad spec, no data, or no window that fits it.
   */
  windows(spec: WindowSpec): WindowedAttribution {
    if (this.#days.size === 0) throw new PathCreditError('no data: add a store before asking for windows');
    const days = [...this.#days.keys()].sort((a, b) => a - b);
    const { windowDays, stepDays, windows } = resolveWindows(spec, days[0], days[days.length - 1]);
    const models = this.models;
    const C = this.#dictionary.size;
    const channels = this.#dictionary.names.slice();
    const out = windows.map(({ firstDay, lastDay }): AttributionWindow => {
      const inside: DayState[] = [];
      for (let d = firstDay; d <= lastDay; d++) {
        const t = this.#days.get(d);
        if (t) inside.push(t);
      }
      const journeys = inside.reduce((s, t) => s + t.journeys, 0);
      const conversions = inside.reduce((s, t) => s + t.conversions, 0);
      const credits = models.map((model) => {
        if (ADDITIVE.has(model)) return sumDays(model, inside, channels);
        if (!(conversions > 0)) return zeroCredits(model, channels);
        if (model === 'markov') {
          const counter = new TransitionCounter({ order: inside[0].counter!.order, collapseRepeats: inside[0].counter!.collapseRepeats });
          for (const t of inside) counter.merge(t.counter!);
          const m = resolveMarkovOptions({ ...this.#settings.markov, perTouch: false });
          return byChannels(markovFromCounts(counter, { value: m.value, solver: m.solver, tolerance: m.tolerance, maxIterations: m.maxIterations }).credits, this.#dictionary, C);
        }
        const table = new PathSummary();
        for (const t of inside) table.merge(t.paths!);
        return byChannels(runChannelModel(model, table.toStore(), this.#settings, false), this.#dictionary, C);
      });
      return { start: dayLabel(firstDay), end: dayLabel(lastDay), daysWithData: inside.length, journeys, conversions, credits };
    });
    const covered = new Set<number>();
    for (const { firstDay, lastDay } of windows) for (let d = firstDay; d <= lastDay; d++) covered.add(d);
    const outside = { days: 0, journeys: 0, conversions: 0 };
    for (const [day, t] of this.#days) {
      if (covered.has(day)) continue;
      outside.days++;
      outside.journeys += t.journeys;
      outside.conversions += t.conversions;
    }
    return { windowDays, stepDays, models, channels, windows: out, datedBy: { conversionTime: this.#byConversionTime, lastTouch: this.#byLastTouch }, outside };
  }

  #modelsFor(store: PathStore): readonly ModelName[] {
    if (this.#resolved === undefined) {
      this.#resolved = this.#models ?? ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', ...(store.times !== null ? (['time_decay'] as const) : []), 'markov'];
    }
    return this.#resolved;
  }

  #settingsKey(): string {
    return JSON.stringify([this.#models ?? null, this.#settings], (_k, v) => (v instanceof Map ? [...v] : v));
  }
}

/** Adds a model's credits (by `ids`, the accumulator's channel ids) into the day's compensated totals. */
function addCredits(into: Map<ModelName, DayCredits>, model: ModelName, credits: ChannelCredits, ids: readonly number[], size: number): void {
  let c = into.get(model);
  if (c === undefined) {
    c = { conversions: new Float64Array(size), value: new Float64Array(size), totalConversions: 0, totalValue: 0 };
    into.set(model, c);
  }
  if (c.conversions.length < size) {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    c.conversions = grow(c.conversions);
    c.value = grow(c.value);
  }
  for (let i = 0; i < ids.length; i++) {
    c.conversions[ids[i]] += credits.conversions[i];
    c.value[ids[i]] += credits.value[i];
  }
  c.totalConversions += credits.totalConversions;
  c.totalValue += credits.totalValue;
}

/** A window's credits of an additive model: the days' credits summed (Neumaier-compensated). */
function sumDays(model: ModelName, days: readonly DayState[], channels: string[]): ChannelCredits {
  const C = channels.length;
  // Slots 0 .. C-1 are the channels, C and C + 1 the two totals.
  const conv = new Float64Array(C + 2);
  const comp = new Float64Array(C + 2);
  const val = new Float64Array(C);
  const valComp = new Float64Array(C);
  for (const day of days) {
    const c = day.credits.get(model);
    if (c === undefined) continue;
    for (let i = 0; i < c.conversions.length; i++) {
      addCompensated(conv, comp, i, c.conversions[i]);
      addCompensated(val, valComp, i, c.value[i]);
    }
    addCompensated(conv, comp, C, c.totalConversions);
    addCompensated(conv, comp, C + 1, c.totalValue);
  }
  const conversions = new Float64Array(C);
  const value = new Float64Array(C);
  for (let i = 0; i < C; i++) {
    conversions[i] = conv[i] + comp[i];
    value[i] = val[i] + valComp[i];
  }
  return { model, channels, conversions, value, totalConversions: conv[C] + comp[C], totalValue: conv[C + 1] + comp[C + 1] };
}

/** Per day, the compensated totals of conversions and value over converting paths (what each day's model credits add up to). */
function convertingTotalsByDay(store: PathStore, day: Int32Array, firstDay: number, span: number): { conversions: Float64Array; value: Float64Array } {
  const sum = new Float64Array(2 * span);
  const comp = new Float64Array(2 * span);
  for (let p = 0; p < store.pathCount; p++) {
    const c = store.conversions[p];
    if (!(c > 0)) continue;
    const d = day[p] - firstDay;
    addCompensated(sum, comp, 2 * d, c);
    addCompensated(sum, comp, 2 * d + 1, store.value[p]);
  }
  const conversions = new Float64Array(span);
  const value = new Float64Array(span);
  for (let d = 0; d < span; d++) {
    conversions[d] = sum[2 * d] + comp[2 * d];
    value[d] = sum[2 * d + 1] + comp[2 * d + 1];
  }
  return { conversions, value };
}

function zeroCredits(model: ModelName, channels: string[]): ChannelCredits {
  return { model, channels, conversions: new Float64Array(channels.length), value: new Float64Array(channels.length), totalConversions: 0, totalValue: 0 };
}

/** Credits re-indexed by the accumulator's channel ids (channels matched by name). */
function byChannels(credits: ChannelCredits, dictionary: ChannelDictionary, size: number): ChannelCredits {
  const conversions = new Float64Array(size);
  const value = new Float64Array(size);
  credits.channels.forEach((name, i) => {
    const id = dictionary.find(name);
    conversions[id] += credits.conversions[i];
    value[id] += credits.value[i];
  });
  return { ...credits, channels: dictionary.names.slice(), conversions, value };
}
