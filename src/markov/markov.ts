import { PathCreditError } from '../errors.js';
import type { ChannelCredits, PathStore } from '../types.js';
import { buildChain } from './chain.js';
import { resolveMarkovOptions, type MarkovOptions, type ResolvedMarkovOptions } from './options.js';
import { allocatePerTouch } from './per-touch.js';
import { solveRemovals, type RemovalMethod, type RemovalSolution } from './removal-solver.js';
import { countTransitions } from './count-shards.js';
import { TransitionCounter } from './transition-counter.js';

/** What the linear solver did. */
export interface MarkovSolverReport {
  /** Method used (`'auto'` resolves to one of these; see {@link MarkovOptions.solver}). */
  readonly method: RemovalMethod;
  /** Gauss-Seidel sweeps summed over all solves; 0 for the direct method. */
  readonly iterations: number;
  /**
   * Max residual ||(I - Q) x - b||_inf over the checked solves (full chain and each removal;
   * conversion and value systems, the value right-hand side scaled so its largest entry is 1).
   */
  readonly residual: number;
  /** Number of linear systems solved (2 for the full chain, 2 per channel whose removal changes the chain). */
  readonly solves: number;
  /**
   * How many of them had their residual evaluated: all of them, except with the direct method when
   * channels x transitions is so large that checking every removal would cost more than ~1e8
   * multiply-adds; then evenly spaced channels are checked (always including the full-chain solves).
   */
  readonly checkedSolves: number;
  /** Method `fundamental`: number of hub states whose block of the fundamental matrix is inverted densely. */
  readonly hubStates?: number;
  /**
   * Method `fundamental`: certified upper bound on |error| of every removal effect (conversion and value)
   * due to the diagonal of the fundamental matrix (the local pushes stop at 1e-10).
   */
  readonly removalErrorBound?: number;
  /** Method `affected`: mean number of states re-solved per channel removal. */
  readonly affectedStates?: number;
}

/** Result of the Markov removal-effect model. */
export interface MarkovResult {
  /** Channel credit (model `markov`): conversions_c = RE_c / sum(RE) * total conversions; value per `options.value`. */
  readonly credits: ChannelCredits;
  /** Removal effect RE_c = 1 - P_-c / P per channel id, in [0, 1] (rounding below 0 or above 1 is clamped). */
  readonly removalEffects: Float64Array;
  /** Value removal effect RV_c = 1 - V_-c / V per channel id, in [0, 1]; all 0 when V = 0 (no value in the input). */
  readonly valueRemovalEffects: Float64Array;
  /** P: probability of absorption in `(conversion)` from `(start)`. */
  readonly conversionProbability: number;
  /** V: expected conversion value from `(start)`. */
  readonly expectedValue: number;
  /** P_-c per channel id. */
  readonly removedConversionProbability: Float64Array;
  /** V_-c per channel id. */
  readonly removedExpectedValue: Float64Array;
  /** |P - total conversions / (total conversions + total nulls)|: the flow-conservation check (rounding-size when all is well). */
  readonly flowConservationError: number;
  /** Number of transient states (excluding `(start)`, `(conversion)`, `(null)`). */
  readonly stateCount: number;
  /** Number of distinct transitions, including those into `(conversion)` and `(null)`. */
  readonly transitionCount: number;
  /** False when the input had no nulls: the chain then knows only converting paths (P = 1). */
  readonly nullsPresent: boolean;
  /** Solver report. */
  readonly solver: MarkovSolverReport;
  /** Order k. */
  readonly order: number;
  /** Whether repeats were collapsed before forming windows. */
  readonly collapseRepeats: boolean;
  /** The value convention used. */
  readonly value: 'exact' | 'proportional';
  /** With `perTouch`: the per-touch credit summed per channel (see `perTouchRule`). */
  readonly perTouchChannelTotals?: { readonly conversions: Float64Array; readonly value: Float64Array };
}

/**
 * Markov-chain attribution by removal effects, solved exactly (see
 * docs/markov.md for the conventions). One pass over the store counts the
 * transitions of order k; P, V and every P_-c, V_-c then come from linear
 * solves on those counts (never by rescanning the paths per channel).
 *
 * @param store - encoded paths (e.g. from {@link fromPathRows}).
 * @param options - order, collapseRepeats, value convention, solver, per-touch credit; see {@link MarkovOptions}.
 * @returns credits by the store's channel ids, removal effects, P, V and a solver report.
 * @throws PathCreditError on an empty store, no converting path (sum of removal effects 0),
 *   invalid options (e.g. order not a positive integer), or an iterative solve that does not converge.
 * @example
 * ```ts
 * const store = fromPathRows([
 *   { path: 'a > b', conversions: 1, value: 10 },
 *   { path: 'b', conversions: 0, nulls: 1 },
 * ]);
 * const r = markov(store, { order: 1 });
 * r.conversionProbability; // 0.5
 * r.removalEffects;        // Float64Array [0.5, 1] (channels a, b)
 * r.credits.conversions;   // Float64Array [1/3, 2/3]
 * r.credits.value;         // Float64Array [10/3, 20/3]
 * ```
 */
export function markov(store: PathStore, options: MarkovOptions = {}): MarkovResult {
  const o = resolveMarkovOptions(options);
  if (store.pathCount === 0) throw new PathCreditError('the path store is empty: Markov attribution needs at least one path');
  // Shard by shard, so any number of threads gives the same counts (see countTransitions).
  const counter = countTransitions(store, { order: o.order, collapseRepeats: o.collapseRepeats });
  return withPerTouch(store, solveCounts(counter, o), o);
}

/**
 * Adds per-touch credit to a result when the options ask for it (the spec's
 * rule: a path's conversions split over its touches by removal effect).
 * Shared by {@link markov} and the multi-threaded `markovAsync`.
 */
export function withPerTouch(store: PathStore, result: MarkovResult, o: ResolvedMarkovOptions): MarkovResult {
  if (!o.perTouch) return result;
  const weights = o.value === 'exact' ? result.valueRemovalEffects : result.removalEffects;
  const alloc = allocatePerTouch(
    store,
    result.removalEffects,
    weights,
    o.perTouchRule === 'channel' ? { conversions: result.credits.conversions, value: result.credits.value } : null,
  );
  return { ...result, credits: { ...result.credits, perTouch: alloc.touches }, perTouchChannelTotals: alloc.channelTotals };
}

/**
 * Markov attribution from transition counts already accumulated (e.g. merged
 * from several inputs with {@link TransitionCounter.merge}). Same result as
 * {@link markov} on the whole input, without per-touch credit (the counts no
 * longer hold the paths). The counter's order and collapseRepeats win over
 * those in `options`.
 *
 * @throws PathCreditError when there is no converting path, or on invalid options.
 * @example
 * ```ts
 * const counts = new TransitionCounter({ order: 2 }).add(part1).merge(new TransitionCounter({ order: 2 }).add(part2));
 * const r = markovFromCounts(counts);
 * ```
 */
export function markovFromCounts(counter: TransitionCounter, options: Omit<MarkovOptions, 'perTouch' | 'perTouchRule' | 'order' | 'collapseRepeats'> = {}): MarkovResult {
  const o = resolveMarkovOptions({ ...options, order: counter.order, collapseRepeats: counter.collapseRepeats, perTouch: false });
  return solveCounts(counter, o);
}

function solveCounts(counter: TransitionCounter, o: ResolvedMarkovOptions): MarkovResult {
  requireConversions(counter);
  return resultFromRemovals(counter, solveRemovals(buildChain(counter), o), o);
}

/**
 * Throws the Markov model's error for counts without any conversion (shared by the
 * synchronous and the multi-threaded paths, which check before solving).
 */
export function requireConversions(counter: TransitionCounter): void {
  if (!(counter.totalConversions > 0)) {
    throw new PathCreditError(
      'no converting path: Markov removal effects are all 0 (sum of removal effects = 0), so there is nothing to distribute',
    );
  }
}

/**
 * The {@link MarkovResult} of counts whose removals are solved (by any method, on any
 * thread): removal effects, credits and the solver report.
 */
export function resultFromRemovals(counter: TransitionCounter, sol: RemovalSolution, o: ResolvedMarkovOptions): MarkovResult {
  const totalConversions = counter.totalConversions;
  const totalValue = counter.totalValue;
  const C = counter.channels.length;
  const re = new Float64Array(C);
  const rv = new Float64Array(C);
  const P = sol.p;
  const V = sol.v;
  for (let c = 0; c < C; c++) {
    re[c] = clamp01(1 - sol.pRemoved[c] / P);
    rv[c] = V > 0 ? clamp01(1 - sol.vRemoved[c] / V) : 0;
  }
  const sumRe = kahanSum(re);
  if (!(sumRe > 0)) throw new PathCreditError('the sum of removal effects is 0, so conversions cannot be distributed');
  const sumRv = kahanSum(rv);
  const conversions = new Float64Array(C);
  const value = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    conversions[c] = (re[c] / sumRe) * totalConversions;
    if (o.value === 'proportional') value[c] = (re[c] / sumRe) * totalValue;
    else value[c] = sumRv > 0 ? (rv[c] / sumRv) * totalValue : 0;
  }
  const expected = totalConversions / (totalConversions + counter.totalNulls);
  return {
    credits: { model: 'markov', channels: counter.channels, conversions, value, totalConversions, totalValue },
    removalEffects: re,
    valueRemovalEffects: rv,
    conversionProbability: P,
    expectedValue: V,
    removedConversionProbability: sol.pRemoved,
    removedExpectedValue: sol.vRemoved,
    flowConservationError: Math.abs(P - expected),
    stateCount: counter.stateCount,
    transitionCount: counter.transitionCount,
    nullsPresent: counter.totalNulls > 0,
    solver: solverReport(sol),
    order: counter.order,
    collapseRepeats: counter.collapseRepeats,
    value: o.value,
  };
}

function solverReport(sol: RemovalSolution): MarkovSolverReport {
  const { method, iterations, residual, solves, checkedSolves, hubStates, removalErrorBound, affectedStates } = sol;
  return {
    method,
    iterations,
    residual,
    solves,
    checkedSolves,
    ...(hubStates !== undefined ? { hubStates } : {}),
    ...(removalErrorBound !== undefined ? { removalErrorBound } : {}),
    ...(affectedStates !== undefined ? { affectedStates } : {}),
  };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function kahanSum(a: Float64Array): number {
  let s = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const y = a[i] - comp;
    const t = s + y;
    comp = t - s - y;
    s = t;
  }
  return s;
}
