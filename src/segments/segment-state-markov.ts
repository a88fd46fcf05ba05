import { compensatedSum as sum } from '../core/compensated-sum.js';
import { countTransitions } from '../markov/count-shards.js';
import { markovFromCounts, type MarkovResult } from '../markov/markov.js';
import type { ResolvedMarkovOptions } from '../markov/options.js';
import { solveRemovalSets } from '../markov/removal-sets.js';
import type { PathStore } from '../types.js';
import { segmentChannelView } from './segment-view.js';
import type { Segmentation } from './segmentation.js';

/**
 * Markov with the segment as part of the state (see
 * `SegmentAttributeOptions.markovSegmentState`): one chain whose transient
 * states are (segment, channel) pairs.
 */
export interface SegmentStateMarkov {
  /**
   * The joint chain, its per-channel arrays indexed by `segment * C + channel`:
   * removal effects of each (segment, channel) pair, credits normalised over all pairs.
   */
  readonly joint: MarkovResult;
  /**
   * The all-segments result over the store's channels: removing channel c removes its
   * states in every segment at once (RE_c = 1 - P_-c / P in the joint chain); credits
   * RE_c / sum(RE) x total (value by the run's value rule).
   */
  readonly all: MarkovResult;
  /** Per segment: the joint chain's facts with this segment's slices (credits sum to the segment's share of the total). */
  readonly segments: readonly MarkovResult[];
  /** Whether touches carried their own segment (touchpoint input), so journeys can move between segments. */
  readonly touchLevel: boolean;
}

/**
 * Fits the joint chain of (segment, channel) states. With touch-level
 * segments (touchpoint input) a touch's state uses its own row's segment; with
 * path input every touch has its path's segment, and the chain is the segments'
 * chains side by side below one `(start)`.
 */
export function segmentStateMarkov(store: PathStore, seg: Segmentation, o: ResolvedMarkovOptions): SegmentStateMarkov {
  const C = store.channels.length;
  const S = seg.labels.length;
  const touchLevel = seg.touchSegment !== null;
  const view = segmentChannelView(store, seg, touchLevel);
  // Unique names: the counter matches channels by name, and (segment, channel) pairs must stay apart.
  const names = view.channels.map((name, i) => JSON.stringify([seg.labels[Math.floor(i / C)], name]));
  const counter = countTransitions({ ...view, channels: names }, { order: o.order, collapseRepeats: o.collapseRepeats });
  const settings = { value: o.value, solver: o.solver, tolerance: o.tolerance, maxIterations: o.maxIterations };
  const joint = markovFromCounts(counter, settings);
  // Channel c removed from every segment: the set of its S pair ids (counter ids equal view ids).
  const sets = Array.from({ length: C }, (_, c) => Array.from({ length: S }, (_, s) => s * C + c));
  const sol = solveRemovalSets(counter, sets, settings);
  const re = new Float64Array(C);
  const rv = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    re[c] = clamp01(1 - sol.pRemoved[c] / sol.p);
    rv[c] = sol.v > 0 ? clamp01(1 - sol.vRemoved[c] / sol.v) : 0;
  }
  const total = joint.credits.totalConversions;
  const totalValue = joint.credits.totalValue;
  const sumRe = sum(re);
  const sumRv = sum(rv);
  const conversions = Float64Array.from(re, (x) => (x / sumRe) * total);
  const weights = o.value === 'proportional' ? re : rv;
  const weightSum = o.value === 'proportional' ? sumRe : sumRv;
  const value = Float64Array.from(weights, (x) => (weightSum > 0 ? (x / weightSum) * totalValue : 0));
  const all: MarkovResult = {
    ...joint,
    credits: { model: 'markov', channels: store.channels, conversions, value, totalConversions: total, totalValue },
    removalEffects: re,
    valueRemovalEffects: rv,
    removedConversionProbability: sol.pRemoved,
    removedExpectedValue: sol.vRemoved,
  };
  const slice = (a: Float64Array, s: number) => a.slice(s * C, (s + 1) * C);
  const segments = Array.from({ length: S }, (_, s): MarkovResult => {
    const conv = slice(joint.credits.conversions, s);
    const val = slice(joint.credits.value, s);
    return {
      ...joint,
      credits: { model: 'markov', channels: store.channels, conversions: conv, value: val, totalConversions: sum(conv), totalValue: sum(val) },
      removalEffects: slice(joint.removalEffects, s),
      valueRemovalEffects: slice(joint.valueRemovalEffects, s),
      removedConversionProbability: slice(joint.removedConversionProbability, s),
      removedExpectedValue: slice(joint.removedExpectedValue, s),
    };
  });
  return { joint, all, segments, touchLevel };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
