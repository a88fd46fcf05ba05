import { PathCreditError } from '../errors.js';
import { splitByTouchType } from '../touch-types/split-by-type.js';
import type { PathStore } from '../types.js';
import { countTransitions } from './count-shards.js';
import { requireConversions, type MarkovResult } from './markov.js';
import { resolveMarkovOptions, type MarkovOptions } from './options.js';
import { solveRemovalSets } from './removal-sets.js';
import type { TransitionCounter } from './transition-counter.js';

/** Markov with (channel, touch type) states: the result per channel and the counts of the split chain. */
export interface TypedMarkov {
  /** Credits, removal effects and P, V by the store's channels (a channel's removal removes all its typed states). */
  readonly result: MarkovResult;
  /** The transition counts over `channel [type]` states. */
  readonly counter: TransitionCounter;
}

/**
 * Markov attribution in which a channel's touches of different types are
 * different states (`search [click]`, `search [impression]`), so the chain
 * learns how clicks and impressions lead on differently. A channel's removal
 * effect removes all of its states together (every transition into any of
 * them goes to `(null)`), so credit stays per channel and comparable with the
 * other models; the counts (and `pathcredit transitions`) show the typed states.
 *
 * @param store - paths with a per-touch type column.
 * @param column - the touch-type column.
 * @param options - chain options (order, collapseRepeats, solver, value rule).
 * @throws PathCreditError without the column, without conversions, or on invalid options.
 */
export function markovByTouchType(store: PathStore, column: string, options: MarkovOptions = {}): TypedMarkov {
  const o = resolveMarkovOptions(options);
  if (store.pathCount === 0) throw new PathCreditError('the path store is empty: Markov attribution needs at least one path');
  const split = splitByTouchType(store, column);
  const counter = countTransitions(split.store, { order: o.order, collapseRepeats: o.collapseRepeats });
  requireConversions(counter);
  // The counter numbers states by name as it meets them; group them per channel.
  const stateId = new Map<string, number>();
  counter.channels.forEach((name, i) => stateId.set(name, i));
  const sets: number[][] = store.channels.map(() => []);
  split.store.channels.forEach((name, s) => {
    const id = stateId.get(name);
    if (id !== undefined) sets[split.channelOfState[s]].push(id);
  });
  const sol = solveRemovalSets(counter, sets, o);
  const C = store.channels.length;
  const re = new Float64Array(C);
  const rv = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    re[c] = clamp01(1 - sol.pRemoved[c] / sol.p);
    rv[c] = sol.v > 0 ? clamp01(1 - sol.vRemoved[c] / sol.v) : 0;
  }
  const sumRe = re.reduce((a, b) => a + b, 0);
  if (!(sumRe > 0)) throw new PathCreditError('the sum of removal effects is 0, so conversions cannot be distributed');
  const sumRv = rv.reduce((a, b) => a + b, 0);
  const totalConversions = counter.totalConversions;
  const totalValue = counter.totalValue;
  const conversions = new Float64Array(C);
  const value = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    conversions[c] = (re[c] / sumRe) * totalConversions;
    value[c] = o.value === 'proportional' ? (re[c] / sumRe) * totalValue : sumRv > 0 ? (rv[c] / sumRv) * totalValue : 0;
  }
  const expected = totalConversions / (totalConversions + counter.totalNulls);
  const result: MarkovResult = {
    credits: { model: 'markov', channels: store.channels.slice(), conversions, value, totalConversions, totalValue },
    removalEffects: re,
    valueRemovalEffects: rv,
    conversionProbability: sol.p,
    expectedValue: sol.v,
    removedConversionProbability: sol.pRemoved,
    removedExpectedValue: sol.vRemoved,
    flowConservationError: Math.abs(sol.p - expected),
    stateCount: counter.stateCount,
    transitionCount: counter.transitionCount,
    nullsPresent: counter.totalNulls > 0,
    solver: { method: sol.method, iterations: sol.iterations, residual: sol.residual, solves: sol.solves, checkedSolves: sol.checkedSolves },
    order: counter.order,
    collapseRepeats: counter.collapseRepeats,
    value: o.value,
  };
  return { result, counter };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
