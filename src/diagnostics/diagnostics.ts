import { PathCreditError } from '../errors.js';
import { FIRST_TRANSIENT, type TransitionCounter } from '../markov/transition-counter.js';
import type { ChannelCredits, PathStore } from '../types.js';
import type { BootstrapIntervals } from '../uncertainty/bootstrap.js';

/** Thresholds of the diagnostic flags. */
export interface DiagnosticsOptions {
  /** Flag channels with fewer conversions than this behind their credit. Default 30. */
  readonly minConversions?: number;
  /** Flag Markov states visited fewer times than this (each visit counts). Default 10. */
  readonly minStateCount?: number;
  /** Flag intervals wider than this fraction of the credit (hi - lo > fraction * credit). Default 0.5. */
  readonly maxRelativeIntervalWidth?: number;
}

/** Defaults of {@link DiagnosticsOptions}. */
export const DIAGNOSTICS_DEFAULTS = { minConversions: 30, minStateCount: 10, maxRelativeIntervalWidth: 0.5 } as const;

/** Kinds of {@link DiagnosticFlag}. */
export type DiagnosticFlagKind =
  | 'few-conversions'
  | 'wide-interval'
  | 'rare-markov-states'
  | 'negative-marginals'
  | 'sampled-shapley'
  | 'no-nulls'
  | 'degenerate-replicates'
  | 'conservation';

/** One warning about the data or a result, with the facts behind it. */
export interface DiagnosticFlag {
  /** What kind of problem. */
  readonly kind: DiagnosticFlagKind;
  /** A sentence for people. */
  readonly message: string;
  /** The channel concerned, when there is one. */
  readonly channel?: string;
  /** The model concerned, when there is one. */
  readonly model?: string;
  /** The number compared with the threshold (conversions, interval width / credit, count of states or paths). */
  readonly value?: number;
  /** The threshold it was compared with. */
  readonly threshold?: number;
}

/** Conservation check of one model: how far the channel credits are from the totals. */
export interface ConservationResidual {
  /** Model name. */
  readonly model: string;
  /** |sum of channel conversion credits - total conversions|. */
  readonly conversions: number;
  /** |sum of channel value credits - total value|. */
  readonly value: number;
}

/** A Markov state visited by few journeys. */
export interface RareState {
  /** State label (`a > b` at order 2). */
  readonly state: string;
  /** Journeys through it (sum of the counts leaving it). */
  readonly count: number;
}

/** Everything an analyst should check before moving budget on a result. */
export interface Diagnostics {
  /** Thresholds used. */
  readonly thresholds: Required<DiagnosticsOptions>;
  /** Conservation residual per model, in result order. */
  readonly conservation: readonly ConservationResidual[];
  /** Per channel id: journeys (conversions + nulls) on paths that contain the channel. */
  readonly channelJourneys: Float64Array;
  /** Per channel id: conversions on paths that contain the channel (what its credit can come from). */
  readonly channelConversions: Float64Array;
  /** Journeys (conversions + nulls) over all paths. */
  readonly totalJourneys: number;
  /** Conversions over all paths. */
  readonly totalConversions: number;
  /** Share of conversions on one-touch paths, where all models agree by construction. */
  readonly oneTouchConversionShare: number;
  /** Share of conversions on paths with a single distinct channel (also unanimous: a > a goes to a everywhere). */
  readonly singleChannelConversionShare: number;
  /** Markov states visited by fewer than `minStateCount` journeys (when Markov ran): how many, of how many, and up to 20 of them, rarest first. */
  readonly markovStates?: { readonly rare: number; readonly total: number; readonly examples: readonly RareState[] };
  /** Every flag raised. */
  readonly flags: readonly DiagnosticFlag[];
}

/** What the paths give each channel to rest on: one pass over the touches (see {@link pathSupport}). */
export interface PathSupport {
  /** Per channel id: journeys (conversions + nulls) on paths that contain the channel. */
  readonly channelJourneys: Float64Array;
  /** Per channel id: conversions on paths that contain the channel. */
  readonly channelConversions: Float64Array;
  /** Journeys over all paths. */
  readonly totalJourneys: number;
  /** Conversions over all paths. */
  readonly totalConversions: number;
  /** Conversions on one-touch paths. */
  readonly oneTouchConversions: number;
  /** Conversions on paths with one distinct channel. */
  readonly singleChannelConversions: number;
}

/**
 * The journeys and conversions behind each channel, in one pass over the touches
 * (each path counts once per distinct channel).
 *
 * @example
 * ```ts
 * pathSupport(store).channelConversions; // per channel id
 * ```
 */
export function pathSupport(store: PathStore): PathSupport {
  const C = store.channels.length;
  const channelJourneys = new Float64Array(C);
  const channelConversions = new Float64Array(C);
  const stamp = new Int32Array(C).fill(-1);
  let total = 0;
  let journeys = 0;
  let oneTouch = 0;
  let singleChannel = 0;
  for (let p = 0; p < store.pathCount; p++) {
    const a = store.offsets[p];
    const b = store.offsets[p + 1];
    const c = store.conversions[p];
    const w = c + store.nulls[p];
    let distinct = 0;
    journeys += w;
    for (let i = a; i < b; i++) {
      const ch = store.touches[i];
      if (stamp[ch] === p) continue;
      stamp[ch] = p;
      distinct++;
      channelJourneys[ch] += w;
      channelConversions[ch] += c;
    }
    if (c > 0) {
      total += c;
      if (b - a === 1) oneTouch += c;
      if (distinct === 1) singleChannel += c;
    }
  }
  return { channelJourneys, channelConversions, totalJourneys: journeys, totalConversions: total, oneTouchConversions: oneTouch, singleChannelConversions: singleChannel };
}

/** Inputs of {@link diagnose}. */
export interface DiagnoseInput {
  /** The store the credits came from. */
  readonly store: PathStore;
  /** Each model's credits (Shapley-family credits may carry a `report`). */
  readonly credits: readonly ChannelCredits[];
  /** Bootstrap intervals, when computed. */
  readonly intervals?: BootstrapIntervals;
  /** The Markov transition counts, when Markov ran. */
  readonly markovCounts?: TransitionCounter;
  /** The store's {@link pathSupport}, when computed already (it is then not recomputed). */
  readonly support?: PathSupport;
}

/**
 * Computes the diagnostics of an attribution: conservation residuals, the
 * journeys and conversions behind each channel, and flags for thin data (few
 * conversions, wide intervals, rare Markov states), negative Shapley marginals,
 * sampled Shapley sets, missing nulls and degenerate replicates. One pass over
 * the touches.
 *
 * @throws PathCreditError for invalid thresholds.
 * @example
 * ```ts
 * const d = diagnose({ store, credits: [linear(store)] });
 * d.flags.filter((f) => f.kind === 'few-conversions').map((f) => f.channel);
 * ```
 */
export function diagnose(input: DiagnoseInput, options: DiagnosticsOptions = {}): Diagnostics {
  const thresholds = resolveThresholds(options);
  const { store, credits } = input;
  const C = store.channels.length;
  const { channelJourneys, channelConversions, totalJourneys: journeys, totalConversions: total, oneTouchConversions: oneTouch, singleChannelConversions: singleChannel } =
    input.support ?? pathSupport(store);
  const flags: DiagnosticFlag[] = [];
  const conservation = credits.map((cr) => ({
    model: cr.model,
    conversions: Math.abs(sum(cr.conversions) - cr.totalConversions),
    value: Math.abs(sum(cr.value) - cr.totalValue),
  }));
  for (const r of conservation) {
    const own = credits.find((c) => c.model === r.model)!;
    const scale = Math.max(1, Math.abs(own.totalConversions));
    if (r.conversions > 1e-9 * scale) flags.push({ kind: 'conservation', model: r.model, value: r.conversions, threshold: 1e-9 * scale, message: `${r.model}: channel credits miss the total conversions by ${r.conversions.toExponential(2)}` });
    // Value is checked on its own scale: a model can conserve conversions and still lose value.
    const valueScale = Math.max(1, Math.abs(own.totalValue));
    if (r.value > 1e-9 * valueScale) flags.push({ kind: 'conservation', model: r.model, value: r.value, threshold: 1e-9 * valueScale, message: `${r.model}: channel credits miss the total value by ${r.value.toExponential(2)}` });
  }
  for (let ch = 0; ch < C; ch++) {
    if (channelConversions[ch] < thresholds.minConversions) {
      flags.push({
        kind: 'few-conversions',
        channel: store.channels[ch],
        value: channelConversions[ch],
        threshold: thresholds.minConversions,
        message: `${JSON.stringify(store.channels[ch])}: only ${fmt(channelConversions[ch])} conversions behind its credit (threshold ${thresholds.minConversions})`,
      });
    }
  }
  if (input.intervals) intervalFlags(input.intervals, credits, store.channels, thresholds.maxRelativeIntervalWidth, flags);
  for (const cr of credits) reportFlags(cr, flags);
  let markovStates: Diagnostics['markovStates'];
  if (input.markovCounts) {
    markovStates = rareStates(input.markovCounts, thresholds.minStateCount);
    if (markovStates.rare > 0) {
      flags.push({
        kind: 'rare-markov-states',
        model: 'markov',
        value: markovStates.rare,
        threshold: thresholds.minStateCount,
        message: `markov: ${markovStates.rare} of ${markovStates.total} states are visited by fewer than ${thresholds.minStateCount} journeys; their transition probabilities are noisy`,
      });
    }
    if (input.markovCounts.totalNulls === 0) flags.push({ kind: 'no-nulls', model: 'markov', message: 'markov: the input has no non-converting journeys, so the chain knows only converting paths (P = 1)' });
  }
  return {
    thresholds,
    conservation,
    channelJourneys,
    channelConversions,
    totalJourneys: journeys,
    totalConversions: total,
    oneTouchConversionShare: total > 0 ? oneTouch / total : 0,
    singleChannelConversionShare: total > 0 ? singleChannel / total : 0,
    ...(markovStates ? { markovStates } : {}),
    flags,
  };
}

function resolveThresholds(options: DiagnosticsOptions): Required<DiagnosticsOptions> {
  const t = { ...DIAGNOSTICS_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<DiagnosticsOptions>;
  for (const [k, v] of Object.entries(t)) {
    if (typeof v !== 'number' || !(v >= 0) || v === Infinity) throw new PathCreditError(`${k} must be a finite number >= 0`, { column: k, value: v });
  }
  return t;
}

function intervalFlags(iv: BootstrapIntervals, credits: readonly ChannelCredits[], channels: readonly string[], fraction: number, flags: DiagnosticFlag[]): void {
  for (const m of iv.models) {
    const cr = credits.find((c) => c.model === m.model);
    if (!cr) continue;
    for (let ch = 0; ch < channels.length; ch++) {
      const width = m.conversionsHi[ch] - m.conversionsLo[ch];
      const credit = cr.conversions[ch];
      if (!(width > fraction * Math.abs(credit))) continue;
      flags.push({
        kind: 'wide-interval',
        model: m.model,
        channel: channels[ch],
        value: credit !== 0 ? width / Math.abs(credit) : Infinity,
        threshold: fraction,
        message: `${m.model} ${JSON.stringify(channels[ch])}: ${Math.round(iv.level * 100)}% interval [${fmt(m.conversionsLo[ch])}, ${fmt(m.conversionsHi[ch])}] is wider than ${fraction} x the credit ${fmt(credit)}`,
      });
    }
    if (m.degenerateReplicates > 0) {
      flags.push({
        kind: 'degenerate-replicates',
        model: m.model,
        value: m.degenerateReplicates,
        message: `${m.model}: ${m.degenerateReplicates} of ${iv.replicates} replicates had no conversions (counted as all-zero credit)`,
      });
    }
  }
}

// Shapley-family reports: negative marginals and sampled sets.
function reportFlags(cr: ChannelCredits, flags: DiagnosticFlag[]): void {
  const report = (cr as { report?: { negativePaths?: number; negativeConversions?: number; negative?: string; sampledSets?: number } }).report;
  if (!report) return;
  if ((report.negativePaths ?? 0) > 0) {
    flags.push({
      kind: 'negative-marginals',
      model: cr.model,
      value: report.negativePaths,
      message: `${cr.model}: ${report.negativePaths} converting paths (${fmt(report.negativeConversions ?? 0)} conversions) had negative marginal contributions, ${report.negative === 'keep' ? 'kept' : 'clamped to 0'}`,
    });
  }
  if ((report.sampledSets ?? 0) > 0) {
    flags.push({
      kind: 'sampled-shapley',
      model: cr.model,
      value: report.sampledSets,
      message: `${cr.model}: ${report.sampledSets} channel sets were above the exact cap and estimated by permutation sampling (see samplingStandardError)`,
    });
  }
}

function rareStates(counter: TransitionCounter, threshold: number): { rare: number; total: number; examples: RareState[] } {
  const S = counter.stateCount;
  const visits = new Float64Array(S);
  const e = counter.edges;
  for (let i = 0; i < e.size; i++) if (e.from[i] >= FIRST_TRANSIENT) visits[e.from[i] - FIRST_TRANSIENT] += e.count[i];
  const rare: number[] = [];
  for (let s = 0; s < S; s++) if (visits[s] < threshold) rare.push(s);
  rare.sort((a, b) => visits[a] - visits[b] || a - b);
  return { rare: rare.length, total: S, examples: rare.slice(0, 20).map((s) => ({ state: counter.label(s + FIRST_TRANSIENT), count: visits[s] })) };
}

function sum(a: Float64Array): number {
  let s = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const t = s + a[i];
    comp += Math.abs(s) >= Math.abs(a[i]) ? s - t + a[i] : a[i] - t + s;
    s = t;
  }
  return s + comp;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
