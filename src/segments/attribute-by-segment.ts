import { planRun, type AttributeOptions, type Attribution } from '../attribute.js';
import { diagnose, DIAGNOSTICS_DEFAULTS, pathSupport, type Diagnostics, type PathSupport } from '../diagnostics/diagnostics.js';
import { PathCreditError } from '../errors.js';
import { countTransitions } from '../markov/count-shards.js';
import { markovFromCounts, type MarkovResult } from '../markov/markov.js';
import type { TransitionCounter } from '../markov/transition-counter.js';
import { runChannelModel, type ModelName } from '../model-set.js';
import { addCompensated, convertingTotals } from '../models/kernel.js';
import { creditsTable } from '../results/credits-table.js';
import type { ChannelCredits, PathStore } from '../types.js';
import { segmentIntervals, type SegmentIntervals } from './segment-intervals.js';
import { segmentStateMarkov, type SegmentStateMarkov } from './segment-state-markov.js';
import { segmentTransitionCounts } from './segment-counts.js';
import { segmentChannelView } from './segment-view.js';
import { resolveSegmentation, segmentTotals, type Segmentation, type SegmentationOptions } from './segmentation.js';

/**
 * Models whose credits add up over any split of the paths: each path's credit
 * depends on that path alone. Their all-segments credits are the sums of the
 * segments' credits; the others (Shapley-rate and leave-one-out pool rates over
 * paths, Markov pools transitions) are run on all paths again.
 */
export const ADDITIVE_MODELS: readonly ModelName[] = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay', 'shapley'];

/** Options of {@link attributeBySegment}: those of `attribute` plus the segments. */
export interface SegmentAttributeOptions extends Omit<AttributeOptions, 'perTouch' | 'removeGroups'> {
  /**
   * The segments: attribute columns to combine (see {@link segmentation}), or a
   * {@link Segmentation} built already (e.g. with `segmentationFromIds`).
   */
  readonly segments: SegmentationOptions | Segmentation;
  /**
   * Markov with the segment as part of the state: one chain over all journeys whose
   * transient states are (segment, channel) pairs (for touchpoint input each touch's own
   * segment, so journeys may move between segments), instead of one chain per segment.
   * The segments' Markov credits are then the removal effects of their (segment, channel)
   * states normalised over the whole chain, and the all-segments Markov credit removes a
   * channel from every segment at once. Default false.
   */
  readonly markovSegmentState?: boolean;
}

/** A diagnostic flag about one segment (and channel). */
export interface SegmentFlag {
  /**
   * `few-conversions`: fewer conversions behind a (segment, channel) than the threshold;
   * `no-conversions`: a segment without conversions (every credit 0; Markov not fitted);
   * `segment-changes`: paths whose touches carry another segment than the closing row.
   */
  readonly kind: 'few-conversions' | 'no-conversions' | 'segment-changes';
  /** A sentence for people. */
  readonly message: string;
  /** The segment's label (absent for flags about all segments). */
  readonly segment?: string;
  /** The channel, when the flag is about one. */
  readonly channel?: string;
  /** The number compared with the threshold. */
  readonly value?: number;
  /** The threshold. */
  readonly threshold?: number;
}

/** One segment's attribution. */
export interface SegmentResult {
  /** Segment id (index into the segmentation's labels). */
  readonly index: number;
  /** The segment's label, e.g. `mobile` or `mobile | DE`. */
  readonly label: string;
  /** The value of each segment column (`""` for an empty value). */
  readonly values: readonly string[];
  /** Paths of the segment. */
  readonly paths: number;
  /** Journeys of the segment (conversions + nulls). */
  readonly journeys: number;
  /** Conversions of the segment's converting paths. */
  readonly conversions: number;
  /** Their value. */
  readonly value: number;
  /**
   * Each model's credits in this segment, in the run's model order, over the store's
   * channels (the dictionary is shared by every segment). Equal to a run of the model on
   * the paths of this segment alone.
   */
  readonly credits: readonly ChannelCredits[];
  /**
   * The segment's Markov chain, when Markov ran and the segment has a conversion (with
   * `markovSegmentState`: the joint chain's facts with this segment's slices of the
   * per-channel arrays).
   */
  readonly markov?: MarkovResult;
  /** Per channel id: journeys on the segment's paths that contain the channel. */
  readonly channelJourneys: Float64Array;
  /** Per channel id: conversions on the segment's paths that contain the channel. */
  readonly channelConversions: Float64Array;
  /** Bootstrap intervals and the comparison with the all-segments shares, with `intervals`. */
  readonly intervals?: SegmentIntervals;
}

/** What {@link attributeBySegment} returns. */
export interface SegmentedAttribution {
  /** The segment columns, in order. */
  readonly columns: readonly string[];
  /** The models run, in column order. */
  readonly models: readonly ModelName[];
  /** The store's channel names by id (shared by every segment). */
  readonly channels: readonly string[];
  /** One entry per segment, in segment id order. */
  readonly segments: readonly SegmentResult[];
  /** The all-segments result: the same shape as `attribute`'s, over all paths. */
  readonly all: Attribution;
  /** Paths whose touches carry another segment than the row that closes them (touchpoint input). */
  readonly changedPaths: number;
  /** The joint chain, with `markovSegmentState`. */
  readonly segmentState?: SegmentStateMarkov;
  /** Flags per segment: thin (segment, channel) pairs, segments without conversions, changing segments. */
  readonly flags: readonly SegmentFlag[];
}

/**
 * Attribution per segment in one pass: every model of the run, per
 * (segment, channel), with the channel dictionary shared by all segments, plus
 * the all-segments result.
 *
 * - The heuristics, the Shapley family and time decay run **once** over a view
 *   of the store in which each (segment, channel) pair is a channel of its own,
 *   so one kernel pass accumulates every segment's credits, and each segment's
 *   credits equal the model run on that segment's paths alone (channel sets,
 *   sequences and rates never mix across segments).
 * - **Markov** fits one chain per segment: the view is counted once and the
 *   counts split by segment (a state never spans two segments), so the cost
 *   follows the journeys, not the number of segments; or, with
 *   `markovSegmentState`, one chain whose states are (segment, channel) pairs.
 * - The **all-segments** credits of additive models (heuristics, time decay,
 *   `shapley`) are the sums of the segments'; Shapley-rate, leave-one-out and
 *   Markov run on all paths again.
 * - With `intervals`, one Poisson bootstrap draws every segment's paths
 *   independently and reruns everything on each replicate, giving intervals per
 *   (segment, channel) and whether each segment's share of a channel differs
 *   from the all-segments share (see {@link SegmentIntervals}).
 *
 * @param store - paths with attribute columns (readers' `attributeColumns`), or any store with a prebuilt `segments` segmentation.
 * @param options - `attribute`'s options plus `segments` and `markovSegmentState`.
 * @throws PathCreditError for everything `attribute` refuses, a missing segment column, too many
 *   segments, `perTouch`, `removeGroups`, `touchWeights` or channel-type Markov states (not offered per segment), or `markovSegmentState` with intervals.
 * @example
 * ```ts
 * const store = await readCsv('events.csv', { attributeColumns: ['device'] });
 * const r = attributeBySegment(store, { models: ['last_touch', 'linear', 'markov'], segments: { columns: ['device'] } });
 * r.segments.map((s) => [s.label, s.credits[1].conversions]); // linear credit per device
 * segmentFlatRows(r); // long rows with a `segment` column, then the all-segments rows
 * ```
 */
export function attributeBySegment(store: PathStore, options: SegmentAttributeOptions): SegmentedAttribution {
  const opts = options as SegmentAttributeOptions & { perTouch?: unknown; removeGroups?: unknown };
  if (opts.perTouch) throw new PathCreditError('per-touch credit is not offered per segment (run it on the whole input)', { column: 'perTouch', value: opts.perTouch });
  if (opts.removeGroups !== undefined && (opts.removeGroups as unknown[]).length > 0) {
    throw new PathCreditError('group removal effects are not offered per segment (run them without segments)', { column: 'removeGroups', value: opts.removeGroups });
  }
  // Touch weights and typed states need per-touch attributes that the (segment, channel) view does not carry.
  if (options.touchWeights) throw new PathCreditError('touch weights are not offered per segment (run them without segments)', { column: 'touchWeights', value: options.touchWeights.column ?? 'touch_type' });
  if (options.markovStates === 'channel-type') {
    throw new PathCreditError('channel-type Markov states are not offered per segment (run them without segments)', { column: 'markovStates', value: options.markovStates });
  }
  if (options.markovSegmentState && options.intervals) {
    throw new PathCreditError('intervals are not offered with the segment in the Markov state (drop one of the two)', { column: 'markovSegmentState', value: true });
  }
  const plan = planRun(store, options);
  // Touches get segments of their own only for the segment-in-state chain (no phantom segments otherwise).
  const spec = options.segments;
  const seg = resolveSegmentation(store, options.markovSegmentState && !('pathSegment' in spec) ? { ...spec, touchSegments: true } : spec);
  const C = store.channels.length;
  const S = seg.labels.length;
  const totals = segmentTotals(store, seg);
  const view = segmentChannelView(store, seg);

  // One pass per model over the view: credits per (segment, channel).
  const viewCredits = new Map<ModelName, ChannelCredits>();
  for (const name of plan.models) if (name !== 'markov') viewCredits.set(name, runChannelModel(name, view, plan.settings, false));

  const wantsMarkov = plan.models.includes('markov');
  const segMarkov: (MarkovResult | undefined)[] = new Array(S).fill(undefined);
  let state: SegmentStateMarkov | undefined;
  if (wantsMarkov && options.markovSegmentState) state = segmentStateMarkov(store, seg, plan.markov);
  else if (wantsMarkov) {
    const counts = segmentTransitionCounts(store, seg, view, { order: plan.markov.order, collapseRepeats: plan.markov.collapseRepeats });
    for (let s = 0; s < S; s++) {
      if (!(totals.conversions[s] > 0) || counts[s] === undefined) continue;
      segMarkov[s] = markovFromCounts(counts[s]!, { value: plan.markov.value, solver: plan.markov.solver, tolerance: plan.markov.tolerance, maxIterations: plan.markov.maxIterations });
    }
  }

  // All segments.
  const counter: TransitionCounter | undefined = wantsMarkov ? countTransitions(store, { order: plan.markov.order, collapseRepeats: plan.markov.collapseRepeats }) : undefined;
  const allMarkov = wantsMarkov ? (state ? state.all : markovFromCounts(counter!, { value: plan.markov.value, solver: plan.markov.solver, tolerance: plan.markov.tolerance, maxIterations: plan.markov.maxIterations })) : undefined;
  const allTotals = convertingTotals(store);
  const allCredits: ChannelCredits[] = plan.models.map((name) => {
    if (name === 'markov') return allMarkov!.credits;
    if (ADDITIVE_MODELS.includes(name)) return foldSegments(viewCredits.get(name)!, store.channels, S, allTotals);
    return runChannelModel(name, store, plan.settings, false);
  });

  const segCredits = Array.from({ length: S }, (_, s) =>
    plan.models.map((name): ChannelCredits => {
      if (name === 'markov') return state ? state.segments[s].credits : (segMarkov[s]?.credits ?? zeroCredits('markov', store.channels));
      return sliceCredits(viewCredits.get(name)!, store.channels, s, totals.conversions[s], totals.value[s]);
    }),
  );
  const iv = plan.intervals ? segmentIntervals(store, seg, view, plan.models, plan.settings, plan.intervals, { segments: segCredits, all: allCredits }) : undefined;
  // The journeys and conversions behind each (segment, channel) are the view's channels'; summed over
  // segments they are the store's (a path lies in one segment), so one pass serves both.
  const support = pathSupport(view);
  const diagnostics = diagnose(
    { store, credits: allCredits, support: foldSupport(support, S, C), ...(iv ? { intervals: iv.all } : {}), ...(counter ? { markovCounts: counter } : {}) },
    options.diagnostics,
  );

  const segments: SegmentResult[] = [];
  for (let s = 0; s < S; s++) {
    const m = state ? state.segments[s] : segMarkov[s];
    segments.push({
      index: s,
      label: seg.labels[s],
      values: seg.values[s],
      paths: totals.paths[s],
      journeys: totals.journeys[s],
      conversions: totals.conversions[s],
      value: totals.value[s],
      credits: segCredits[s],
      ...(m ? { markov: m } : {}),
      channelJourneys: support.channelJourneys.slice(s * C, (s + 1) * C),
      channelConversions: support.channelConversions.slice(s * C, (s + 1) * C),
      ...(iv ? { intervals: iv.segments[s] } : {}),
    });
  }
  const all: Attribution = {
    table: creditsTable(allCredits),
    credits: allCredits,
    ...(allMarkov ? { markov: allMarkov } : {}),
    ...(iv ? { intervals: iv.all } : {}),
    ...(plan.orderSelection ? { orderSelection: plan.orderSelection } : {}),
    diagnostics,
  };
  return {
    columns: seg.columns,
    models: plan.models.slice(),
    channels: store.channels.slice(),
    segments,
    all,
    changedPaths: seg.changedPaths,
    ...(state ? { segmentState: state } : {}),
    flags: segmentFlags(segments, store.channels, diagnostics, seg, wantsMarkov && !state),
  };
}

/** One segment's slice of credits computed over the (segment, channel) view. */
function sliceCredits(c: ChannelCredits, channels: readonly string[], s: number, total: number, totalValue: number): ChannelCredits {
  const C = channels.length;
  return {
    model: c.model,
    channels,
    conversions: c.conversions.slice(s * C, (s + 1) * C),
    value: c.value.slice(s * C, (s + 1) * C),
    totalConversions: total,
    totalValue: total > 0 ? totalValue : 0,
  };
}

function zeroCredits(model: string, channels: readonly string[]): ChannelCredits {
  return { model, channels, conversions: new Float64Array(channels.length), value: new Float64Array(channels.length), totalConversions: 0, totalValue: 0 };
}

/** The all-segments credits of an additive model: per channel, the compensated sum over segments. */
function foldSegments(c: ChannelCredits, channels: readonly string[], S: number, totals: { conversions: number; value: number }): ChannelCredits {
  const C = channels.length;
  const conv = new Float64Array(C);
  const convComp = new Float64Array(C);
  const val = new Float64Array(C);
  const valComp = new Float64Array(C);
  for (let s = 0; s < S; s++) {
    for (let ch = 0; ch < C; ch++) {
      addCompensated(conv, convComp, ch, c.conversions[s * C + ch]);
      addCompensated(val, valComp, ch, c.value[s * C + ch]);
    }
  }
  for (let ch = 0; ch < C; ch++) {
    conv[ch] += convComp[ch];
    val[ch] += valComp[ch];
  }
  return { model: c.model, channels, conversions: conv, value: val, totalConversions: totals.conversions, totalValue: totals.value };
}

function foldSupport(v: PathSupport, S: number, C: number): PathSupport {
  const channelJourneys = new Float64Array(C);
  const channelConversions = new Float64Array(C);
  for (let s = 0; s < S; s++) {
    for (let c = 0; c < C; c++) {
      channelJourneys[c] += v.channelJourneys[s * C + c];
      channelConversions[c] += v.channelConversions[s * C + c];
    }
  }
  return { ...v, channelJourneys, channelConversions };
}

function segmentFlags(segments: readonly SegmentResult[], channels: readonly string[], d: Diagnostics, seg: Segmentation, perSegmentMarkov: boolean): SegmentFlag[] {
  const min = d.thresholds.minConversions ?? DIAGNOSTICS_DEFAULTS.minConversions;
  const flags: SegmentFlag[] = [];
  if (seg.changedPaths > 0) {
    flags.push({
      kind: 'segment-changes',
      value: seg.changedPaths,
      message: `${seg.changedPaths.toLocaleString('en-US')} paths have touches in another segment than the row that closes them; each path counts in the segment of its closing row (its conversion row, or its last touch)`,
    });
  }
  for (const s of segments) {
    if (s.paths > 0 && !(s.conversions > 0)) {
      flags.push({
        kind: 'no-conversions',
        segment: s.label,
        value: 0,
        message: `segment ${JSON.stringify(s.label)} has no conversions: every credit is 0${perSegmentMarkov ? ' and no Markov chain was fitted' : ''}`,
      });
    }
    for (let ch = 0; ch < channels.length; ch++) {
      const behind = s.channelConversions[ch];
      if (s.channelJourneys[ch] > 0 && behind < min) {
        flags.push({
          kind: 'few-conversions',
          segment: s.label,
          channel: channels[ch],
          value: behind,
          threshold: min,
          message: `segment ${JSON.stringify(s.label)}, ${JSON.stringify(channels[ch])}: only ${Number.isInteger(behind) ? behind : behind.toPrecision(4)} conversions behind its credit (threshold ${min})`,
        });
      }
    }
  }
  return flags;
}

