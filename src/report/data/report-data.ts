// Runtime imports from the core go through the public entry point, so the
// built `pathcredit/report` shares the core bundle (one PathCreditError class).
import { journeyFlows, PathCreditError, type Attribution, type JourneyFlows, type PathStore, type SegmentedAttribution, type WindowedAttribution } from '../../index.js';
import { channelClass, channelColor } from '../palette.js';
import { PATHCREDIT_VERSION } from '../version.js';
import { diagnostics } from './diagnostics-data.js';
import { journeyFlowSummary } from './flow-data.js';
import { segmentsSummary } from './segment-data.js';
import { dataSummary, type InputDescription } from './summary-data.js';
import { transitionMatrix } from './transition-data.js';
import type { Estimate, ModelCredit, ReportData, WindowSeries } from './types.js';

/** Options of {@link reportData} and `renderReport`. */
export interface ReportOptions {
  /**
   * The path store the attribution was computed from: the data summary, the
   * path-length histogram, the top paths and the transition heatmap are drawn
   * from its paths.
   */
  readonly store: PathStore;
  /** Page title. Default `Attribution report`, or `Attribution report: <file>` when `input.file` is set. */
  readonly title?: string;
  /** How the input was read: file name, format, rows read, lookback and touch cap (shown in the summary and footer). */
  readonly input?: InputDescription;
  /** The exact command that produced the report, shown in the footer. */
  readonly command?: string;
  /** Settings to show in the footer as name/value pairs, in this order (e.g. model options). */
  readonly settings?: readonly (readonly [string, string])[];
  /** Seed of any random resampling, shown in the footer. Default: the bootstrap seed when the attribution has intervals. */
  readonly seed?: number | string;
  /** When the report was made. Omitted (the default): no timestamp, so the same input gives byte-identical HTML. */
  readonly generatedAt?: Date;
  /** Distinct paths listed in the data summary. Default 10. */
  readonly topPaths?: number;
  /** Transitions listed as top flows. Default 15. */
  readonly topFlows?: number;
  /** Rolling-window credits of the same data (`attributeWindows`), drawn as credit over time. */
  readonly windows?: WindowedAttribution;
  /** Steps drawn in the journey flow diagram (0 leaves the section out). Default 4, at most 50. */
  readonly flowSteps?: number;
  /**
   * The journey flows to draw (from `journeyFlows` on the same store, with `segments` for the
   * segment selector); computed from the store when absent; `false` leaves the section out.
   */
  readonly flows?: JourneyFlows | false;
  /**
   * A segmented run of the same store (`attributeBySegment`, whose `all` is the `attribution`):
   * adds the segments section and, unless `flows` is given, the flows of each segment.
   */
  readonly segments?: SegmentedAttribution;
}

/**
 * Gathers everything a report shows from an attribution and its store, as
 * plain data: channels ranked by mean share of credit over the models (with
 * fixed colours), credits per model and channel, Markov removal effects, the
 * order-1 transition matrix, the data summary, diagnostics and the
 * reproducibility facts. Bootstrap intervals, when the attribution has them,
 * become whiskers and bracketed ranges; its diagnostic flags become report
 * flags. Callers may add fields before drawing it with `renderReportData`.
 *
 * @throws PathCreditError when the store's channels do not match the attribution's,
 *   or a count option is not a non-negative integer.
 * @example
 * ```ts
 * const data = reportData(attribute(store), { store });
 * data.channels[0].name; // the channel with the largest mean share of credit
 * ```
 */
export function reportData(attribution: Attribution, options: ReportOptions): ReportData {
  const { store } = options;
  const { table } = attribution;
  if (table.channels.length !== store.channels.length || table.channels.some((c, i) => c !== store.channels[i])) {
    throw new PathCreditError('the report needs the store the attribution was computed from (the channel lists differ)');
  }
  const topPaths = count(options.topPaths, 10, 'topPaths');
  const topFlows = count(options.topFlows, 15, 'topFlows');
  const order = rankChannels(attribution);
  const reportIndex = new Int32Array(store.channels.length);
  order.forEach((id, i) => (reportIndex[id] = i));
  // Intervals, when the attribution was bootstrapped, travel with each
  // estimate so every chart draws whiskers and every table prints brackets.
  const pick = (a: ArrayLike<number>, lo?: ArrayLike<number>, hi?: ArrayLike<number>): Estimate[] =>
    order.map((id) => (lo && hi ? { value: a[id], lo: lo[id], hi: hi[id] } : { value: a[id] }));
  const intervals = attribution.intervals;
  const models: ModelCredit[] = table.credits.map((c, i) => ({
    model: c.model,
    conversions: pick(c.conversions, intervals?.models[i]?.conversionsLo, intervals?.models[i]?.conversionsHi),
    value: pick(c.value, intervals?.models[i]?.valueLo, intervals?.models[i]?.valueHi),
    totalConversions: c.totalConversions,
    totalValue: c.totalValue,
  }));
  const m = attribution.markov;
  const file = options.input?.file;
  const flowSteps = count(options.flowSteps, 4, 'flowSteps');
  if (flowSteps > 50) throw new PathCreditError('flowSteps must be at most 50', { value: flowSteps });
  const seg = options.segments;
  const flows =
    options.flows === false || flowSteps === 0
      ? undefined
      : (options.flows ??
        journeyFlows(store, {
          steps: flowSteps,
          topPaths: 0,
          times: false,
          ...(seg ? { segments: { columns: seg.columns, maxSegments: Math.max(1, seg.segments.length) } } : {}),
        }));
  return {
    title: options.title ?? (file !== undefined ? `Attribution report: ${file}` : 'Attribution report'),
    channels: order.map((id, rank) => ({ name: store.channels[id], color: channelColor(rank), colorClass: channelClass(rank) })),
    summary: dataSummary(store, options.input ?? {}, reportIndex, topPaths),
    models,
    ...(m
      ? {
          markov: {
            order: m.order,
            collapseRepeats: m.collapseRepeats,
            valueRule: m.value,
            conversionProbability: m.conversionProbability,
            expectedValue: m.expectedValue,
            stateCount: m.stateCount,
            transitionCount: m.transitionCount,
            removalEffects: pick(m.removalEffects, intervals?.markov?.removalEffectsLo, intervals?.markov?.removalEffectsHi),
            valueRemovalEffects: pick(m.valueRemovalEffects, intervals?.markov?.valueRemovalEffectsLo, intervals?.markov?.valueRemovalEffectsHi),
          },
        }
      : {}),
    transitions: transitionMatrix(store, order),
    ...(options.windows ? { windows: windowSeries(options.windows, order.map((id) => store.channels[id])) } : {}),
    topFlows,
    diagnostics: diagnostics(store, table.credits, m, attribution.diagnostics, intervals),
    ...(flows ? { flows: journeyFlowSummary(flows, reportIndex) } : {}),
    ...(seg ? { segments: segmentsSummary(seg, order) } : {}),
    provenance: {
      ...(options.command !== undefined ? { command: options.command } : {}),
      settings: options.settings ?? [],
      version: PATHCREDIT_VERSION,
      ...(options.seed !== undefined ? { seed: String(options.seed) } : samplingSeeds(attribution, intervals?.seed)),
      ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt.toISOString() } : {}),
    },
  };
}

/** The windows' credits in the report's channel order (a channel a window lacks counts 0). */
function windowSeries(w: WindowedAttribution, channels: readonly string[]): WindowSeries {
  const index = channels.map((name) => w.channels.indexOf(name));
  return {
    windowDays: w.windowDays,
    stepDays: w.stepDays,
    ends: w.windows.map((x) => x.end),
    models: w.models.map((model, m) => ({
      model,
      conversions: index.map((i) => w.windows.map((x) => (i >= 0 ? x.credits[m].conversions[i] : 0))),
      value: index.map((i) => w.windows.map((x) => (i >= 0 ? x.credits[m].value[i] : 0))),
    })),
  };
}

/**
 * Store channel ids ordered by mean share of conversions over the models
 * (largest first; ties keep channel-id order), so the biggest channels come
 * first in every chart and take the first palette colours.
 */
export function rankChannels(attribution: Attribution): number[] {
  const { table } = attribution;
  const score = new Float64Array(table.channels.length);
  for (const c of table.credits) {
    if (!(c.totalConversions > 0)) continue;
    for (let i = 0; i < score.length; i++) score[i] += c.conversions[i] / c.totalConversions;
  }
  return Array.from(score.keys()).sort((a, b) => score[b] - score[a] || a - b);
}

function count(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new PathCreditError(`${name} must be a non-negative integer`, { value });
  return value;
}

/** The seeds of what was sampled in the run: the bootstrap's, and shapley-rate's when it sampled sets. */
function samplingSeeds(attribution: Attribution, bootstrapSeed: number | undefined): { seed?: string } {
  const parts: string[] = [];
  if (bootstrapSeed !== undefined) parts.push(`${bootstrapSeed} (bootstrap)`);
  for (const c of attribution.credits) {
    const r = (c as { report?: { sampledSets?: number; seed?: number } }).report;
    if (r?.sampledSets !== undefined && r.sampledSets > 0 && r.seed !== undefined) parts.push(`${r.seed} (${c.model} permutation sampling of ${r.sampledSets} channel sets)`);
  }
  return parts.length > 0 ? { seed: parts.join(', ') } : {};
}
