// The plain data a report is drawn from. Every section builder takes a part of
// this and returns markup, so anything that can fill these shapes (attribute
// results today, bootstrap intervals or journey flows later) gets charts
// without touching the drawing code.

/** A number with an optional interval (for example a bootstrap 95% interval). */
export interface Estimate {
  /** The point estimate. */
  readonly value: number;
  /** Lower end of the interval; drawn as a whisker together with `hi`. */
  readonly lo?: number;
  /** Upper end of the interval. */
  readonly hi?: number;
}

/** A channel as the report shows it. */
export interface ReportChannel {
  /** The channel name, verbatim (escaped when drawn). */
  readonly name: string;
  /** Fill colour, fixed for the whole report (see `channelColor`). */
  readonly color: string;
  /** CSS class carrying the same colour for HTML elements (`k0` .. `k8`, `k-other`). */
  readonly colorClass: string;
}

/** One model's credit per channel, in {@link ReportData.channels} order. */
export interface ModelCredit {
  /** Model name, e.g. `markov`. */
  readonly model: string;
  /** Conversions credited to each channel. */
  readonly conversions: readonly Estimate[];
  /** Value credited to each channel. */
  readonly value: readonly Estimate[];
  /** Total conversions the credits add up to. */
  readonly totalConversions: number;
  /** Total value the credits add up to. */
  readonly totalValue: number;
}

/** Journeys of one path length (or the last, open-ended bin). */
export interface PathLengthBin {
  /** Label on the axis, e.g. `3` or `20+`. */
  readonly label: string;
  /** Converting journeys of this length. */
  readonly converting: number;
  /** Non-converting journeys of this length. */
  readonly nonConverting: number;
}

/** A distinct channel sequence and what its journeys did. */
export interface TopPath {
  /** Channel indexes into {@link ReportData.channels}, first touch first. */
  readonly channels: readonly number[];
  /** Conversions of the journeys taking this path. */
  readonly conversions: number;
  /** Their value. */
  readonly value: number;
  /** Journeys on this path that did not convert. */
  readonly nulls: number;
}

/** What was read and what was left out before any model ran. */
export interface InputFacts {
  /** Input file name as the user gave it (`stdin` for standard input). */
  readonly file?: string;
  /** `csv` or `arrow`. */
  readonly format?: string;
  /** Input rows read. */
  readonly rowsRead?: number;
  /** Lookback window applied to touchpoints, as given (e.g. `30d`). */
  readonly lookback?: string;
  /** Cap on touches per path, when set. */
  readonly maxTouches?: number;
  /** Rows skipped as invalid (with `--skip-invalid`). */
  readonly skippedRows: number;
  /** Up to 10 messages describing skipped rows. */
  readonly skippedSamples: readonly string[];
  /** Conversion events with no touch to credit, left out of every model. */
  readonly unattributed?: { readonly events: number; readonly conversions: number; readonly value: number };
}

/** The data summary section. */
export interface DataSummary {
  /** Journeys: distinct journey ids for touchpoint input, conversions + nulls for path input. */
  readonly journeys: number;
  /** Whether `journeys` counts journey ids (touchpoint input) or path weights. */
  readonly journeysAreIds: boolean;
  /** Paths in the store (journey segments ending at a conversion or at the end of the data). */
  readonly paths: number;
  /** Converting paths (touchpoint input) or the conversions weight of path rows (path input). */
  readonly convertingJourneys: number;
  /** Non-converting journeys (sum of nulls). */
  readonly nonConvertingJourneys: number;
  /** Total conversions. */
  readonly conversions: number;
  /** Total conversion value. */
  readonly value: number;
  /** Distinct channel sequences. */
  readonly uniquePaths: number;
  /** Touches kept after journey building. */
  readonly touches: number;
  /** Path-length histogram. */
  readonly pathLengths: readonly PathLengthBin[];
  /** The most converting distinct paths, most conversions first. */
  readonly topPaths: readonly TopPath[];
  /** Input facts: rows, what was skipped or cut. */
  readonly input: InputFacts;
}

/** Markov removal effects and chain facts. */
export interface MarkovSummary {
  /** Order k of the chain the credits came from. */
  readonly order: number;
  /** Whether repeats were collapsed. */
  readonly collapseRepeats: boolean;
  /** Value convention (`exact` or `proportional`). */
  readonly valueRule: string;
  /** P(conversion) from `(start)`. */
  readonly conversionProbability: number;
  /** Expected conversion value from `(start)`. */
  readonly expectedValue: number;
  /** Transient states. */
  readonly stateCount: number;
  /** Distinct transitions. */
  readonly transitionCount: number;
  /** Removal effect per channel (in report channel order), in [0, 1]. */
  readonly removalEffects: readonly Estimate[];
  /** Value removal effect per channel, in [0, 1]. */
  readonly valueRemovalEffects: readonly Estimate[];
}

/**
 * The order-1 transition matrix between channels with `(start)`,
 * `(conversion)` and `(null)`: rows are `(start)` then the channels, columns
 * the channels then `(conversion)` and `(null)`.
 */
export interface TransitionMatrix {
  /** Row labels: `(start)`, then channel names in report order. */
  readonly rowLabels: readonly string[];
  /** Column labels: channel names in report order, then `(conversion)`, `(null)`. */
  readonly colLabels: readonly string[];
  /** Channel index per row (-1 for `(start)`), for colours. */
  readonly rowChannels: readonly number[];
  /** Channel index per column (-1 for the absorbing states). */
  readonly colChannels: readonly number[];
  /** Transition counts (journey weights), `counts[row][col]`. */
  readonly counts: readonly (readonly number[])[];
  /** When set, this many smaller channels are summed into the last channel row and column. */
  readonly otherChannels?: number;
}

/** One named check of a run, e.g. the Markov solver residual. */
export interface DiagnosticCheck {
  /** What was checked. */
  readonly label: string;
  /** The measured value, formatted. */
  readonly value: string;
  /** `ok`, `warning` or `info` (shown as a word, never by colour alone). */
  readonly status: 'ok' | 'warning' | 'info';
  /** A sentence on how to read it. */
  readonly note?: string;
}

/** A flag raised about the data or a model (e.g. a channel with too few journeys). */
export interface DiagnosticFlag {
  /** `warning` or `info`. */
  readonly level: 'warning' | 'info';
  /** The message, plain text. */
  readonly message: string;
  /** The model it concerns, if any. */
  readonly model?: string;
  /** The channel it concerns, if any. */
  readonly channel?: string;
}

/** The diagnostics section; drawn when it has any check or flag. */
export interface Diagnostics {
  /** Checks with values. */
  readonly checks: readonly DiagnosticCheck[];
  /** Flags. */
  readonly flags: readonly DiagnosticFlag[];
}

/** Everything needed to run the same report again. */
export interface Provenance {
  /** The exact command line, when the report came from the CLI. */
  readonly command?: string;
  /** Settings as name/value pairs, in a stable order. */
  readonly settings: readonly (readonly [string, string])[];
  /** pathcredit version. */
  readonly version: string;
  /** Seed of any random resampling; absent when nothing was random. */
  readonly seed?: string;
  /** When the report was made (ISO 8601); absent for a timestamp-free, byte-stable report. */
  readonly generatedAt?: string;
}

/** The whole report as plain data (see `reportData` and `renderReportData`). */
/** Credit over rolling windows, per model and channel (when the run had windows). */
export interface WindowSeries {
  /** Window length in days. */
  readonly windowDays: number;
  /** Days between window ends. */
  readonly stepDays: number;
  /** Last day of each window (ISO date), oldest first. */
  readonly ends: readonly string[];
  /** Per model, in run order: `conversions[channel][window]` in {@link ReportData.channels} order, and `value` likewise. */
  readonly models: readonly { readonly model: string; readonly conversions: readonly (readonly number[])[]; readonly value: readonly (readonly number[])[] }[];
}

export interface ReportData {
  /** Page title. */
  readonly title: string;
  /** Channels in display order (largest mean credit first), with fixed colours. */
  readonly channels: readonly ReportChannel[];
  /** Data summary. */
  readonly summary: DataSummary;
  /** One entry per model run, in run order. */
  readonly models: readonly ModelCredit[];
  /** Markov facts and removal effects, when Markov ran. */
  readonly markov?: MarkovSummary;
  /** Order-1 transition matrix of the input paths. */
  readonly transitions: TransitionMatrix;
  /** Top flows to list (default 15). */
  readonly topFlows: number;
  /** Diagnostics and flags, when there are any. */
  readonly diagnostics?: Diagnostics;
  /** Journey flows of the first steps (all journeys, and segments when given). */
  readonly flows?: JourneyFlowSummary;
  /** Credit shares per segment, when the report was made with segments. */
  readonly segments?: SegmentsSummary;
  /** Reproducibility footer. */
  readonly provenance: Provenance;
  /** Credit over time, when rolling windows ran. */
  readonly windows?: WindowSeries;
}

/** What a node of the journey flow diagram stands for. */
export type FlowDiagramNodeKind = 'channel' | 'other' | 'conversion' | 'null' | 'continues';

/** A node of the flow diagram: a channel at a step, the smaller channels of a step together, or an end. */
export interface FlowDiagramNode {
  /** Column, 0 for the first step; the ends after step s sit in column s (the column of step s + 1). */
  readonly column: number;
  /** Channel, the merged small channels of a step, converted, dropped off, or going on past the last step. */
  readonly kind: FlowDiagramNodeKind;
  /** Index into {@link ReportData.channels} for a channel node, else -1. */
  readonly channel: number;
  /** The label drawn (a channel name, `(other 5)`, `converted`, `dropped off`, `more steps`). */
  readonly label: string;
  /** Journeys at the node. */
  readonly journeys: number;
  /** The step of a channel node, or the step after which the journeys ended. */
  readonly step: number;
}

/** Journeys from one node to another. */
export interface FlowDiagramLink {
  /** Index into the nodes. */
  readonly source: number;
  /** Index into the nodes. */
  readonly target: number;
  /** Journeys on the link. */
  readonly journeys: number;
}

/** A node where journeys stall, for the table under the diagram. */
export interface FlowStall {
  readonly step: number;
  readonly channel: string;
  readonly journeys: number;
  readonly nulls: number;
  readonly dropOffRate: number;
}

/** One Sankey-style diagram of the first steps of a group of journeys (all, or one segment). */
export interface FlowDiagram {
  /** `All journeys`, or the segment's label. */
  readonly label: string;
  /** Steps shown. */
  readonly steps: number;
  /** Journeys of the group. */
  readonly journeys: number;
  /** Their conversions. */
  readonly conversions: number;
  /** Nodes, column by column, largest first within a column, ends last. */
  readonly nodes: readonly FlowDiagramNode[];
  /** Links between nodes of neighbouring columns. */
  readonly links: readonly FlowDiagramLink[];
  /** Where journeys stall (largest drop-off rate first). */
  readonly stalls: readonly FlowStall[];
}

/** The journey flow section: all journeys, and the largest segments. */
export interface JourneyFlowSummary {
  /** All journeys. */
  readonly all: FlowDiagram;
  /** The largest segments (by journeys), when the report was made with segments. */
  readonly segments: readonly FlowDiagram[];
  /** Segment columns, with segments. */
  readonly segmentColumns?: readonly string[];
  /** Segments left out of the selector (beyond the largest shown). */
  readonly hiddenSegments: number;
  /** Journeys a step needs to be listed where journeys stall. */
  readonly minStallJourneys: number;
}

/** One segment in the segments section. */
export interface SegmentRow {
  readonly label: string;
  readonly journeys: number;
  readonly conversions: number;
  readonly value: number;
}

/** Per model: each segment's share of conversions by channel, against all segments. */
export interface SegmentShares {
  /** Model name. */
  readonly model: string;
  /** `shares[segment][channel]`, channels in {@link ReportData.channels} order. */
  readonly shares: readonly (readonly number[])[];
  /** All segments' shares by channel. */
  readonly allShares: readonly number[];
  /** With intervals: `higher`, `lower` or `inconclusive` per segment and channel. */
  readonly verdicts?: readonly (readonly string[])[];
}

/** The segments section, when the report was made with segments. */
export interface SegmentsSummary {
  /** Segment columns. */
  readonly columns: readonly string[];
  /** The segments, in segment order. */
  readonly segments: readonly SegmentRow[];
  /** One entry per model. */
  readonly models: readonly SegmentShares[];
  /** Interval level of the verdicts, when there are intervals. */
  readonly level?: number;
}
