import { PathCreditError } from '../errors.js';
import type { ChannelCredits, CommonModelOptions, PathStore } from '../types.js';
import { addCompensated, allocateBuffers, checkStore, emptyConvertingPath, finishCredits } from './kernel.js';
import { sequenceTable, type SequenceTable } from './sequence-table.js';

/** Options of {@link leaveOneOut}. */
export interface LeaveOneOutOptions extends CommonModelOptions {
  /**
   * Negative marginals P(path) - P(path without position i). `'clamp'` (default, fractribution's
   * rule): floored at 0. `'keep'`: kept, so a touch's share can be negative. Counted in the report either way.
   */
  readonly negative?: 'clamp' | 'keep';
  /**
   * Merge consecutive repeated channels before looking paths up (fractribution's and Snowplow's
   * "exposure" transform). Per-touch credit then splits a collapsed touch's share equally over
   * the repeats it stands for. Default false.
   */
  readonly collapseRepeats?: boolean;
}

/** What the leave-one-out computation did, beyond the credits. */
export interface LeaveOneOutReport {
  /** Converting paths (store rows) with at least one negative marginal. */
  readonly negativePaths: number;
  /** Conversions on those paths. */
  readonly negativeConversions: number;
  /** Converting paths whose marginals summed to 0 (or less): everything went to their last touch. */
  readonly lastTouchFallbackPaths: number;
  /** How negative marginals were treated. */
  readonly negative: 'clamp' | 'keep';
}

/** Credits of {@link leaveOneOut} with its {@link LeaveOneOutReport}. */
export interface LeaveOneOutCredits extends ChannelCredits {
  /** What the computation did. */
  readonly report: LeaveOneOutReport;
}

/**
 * Leave-one-position-out counterfactual attribution, Google fractribution's
 * default model (which it calls "shapley"). On the path as a sequence,
 * P(x) = c(x) / (c(x) + n(x)) for the exact sequence x, 0 if never observed.
 * A one-touch path gives its touch everything. Otherwise touch i gets
 * max(0, P(path) - P(path without position i)); the touches' shares are these
 * over their sum, or everything to the last touch when the sum is 0; a channel's
 * share is the sum over its touches. Paths without conversions get nothing.
 *
 * @param store - encoded paths; nulls matter (they set P).
 * @param options - see {@link LeaveOneOutOptions}.
 * @returns credits named `leave_one_out` and a {@link LeaveOneOutReport}.
 * @throws PathCreditError for invalid options or a converting path without touches.
 * @example
 * ```ts
 * const store = fromPathRows([
 *   { path: 'Direct', conversions: 3, nulls: 25 },
 *   { path: 'Organic_Search', conversions: 1, nulls: 26 },
 *   { path: 'Organic_Search > Direct', conversions: 1, nulls: 1 },
 * ]);
 * leaveOneOut(store).conversions; // [3.540958, 1.459042] (Direct, Organic_Search), Snowplow's published split
 * ```
 */
export function leaveOneOut(store: PathStore, options: LeaveOneOutOptions = {}): LeaveOneOutCredits {
  checkStore(store, 'leave_one_out');
  const negative = options.negative ?? 'clamp';
  if (negative !== 'clamp' && negative !== 'keep') throw new PathCreditError(`negative must be 'clamp' or 'keep'`, { column: 'negative', value: negative });
  const collapse = options.collapseRepeats ?? false;
  if (typeof collapse !== 'boolean') throw new PathCreditError('collapseRepeats must be a boolean', { column: 'collapseRepeats', value: collapse });
  const table = sequenceTable(store, collapse);
  const ev = evaluateLeaveOneOut(table, table.conversions, table.nulls, negative);
  const buffers = allocateBuffers(store, options.perTouch === true);
  const { convSum, convComp, valSum, valComp, touchConv, touchVal } = buffers;
  const { offsets, touches, conversions, value } = store;
  let negativePaths = 0;
  let negativeConversions = 0;
  let fallback = 0;
  for (let p = 0; p < store.pathCount; p++) {
    const c = conversions[p];
    if (!(c > 0)) continue;
    const x = table.seqOfPath[p];
    if (x < 0) throw emptyConvertingPath('leave_one_out', p, c);
    if (ev.negativeSeq[x] === 1) {
      negativePaths++;
      negativeConversions += c;
    }
    if (ev.fallbackSeq[x] === 1) fallback++;
    const v = value[p];
    const at = table.ptr[x];
    const len = table.ptr[x + 1] - at;
    for (let i = 0; i < len; i++) {
      addCompensated(convSum, convComp, table.items[at + i], c * ev.shares[at + i]);
      addCompensated(valSum, valComp, table.items[at + i], v * ev.shares[at + i]);
    }
    if (touchConv !== null) {
      // Touch k of the path is position `pos` of its (possibly collapsed) sequence; a collapsed
      // position's share is split over the run of repeats it stands for.
      const a = offsets[p];
      const b = offsets[p + 1];
      let k = a;
      for (let pos = 0; pos < len; pos++) {
        let end = k + 1;
        if (collapse) while (end < b && touches[end] === touches[k]) end++;
        const run = end - k;
        for (; k < end; k++) {
          touchConv[k] = (c * ev.shares[at + pos]) / run;
          touchVal![k] = (v * ev.shares[at + pos]) / run;
        }
      }
    }
  }
  return {
    ...finishCredits(store, 'leave_one_out', buffers),
    report: { negativePaths, negativeConversions, lastTouchFallbackPaths: fallback, negative },
  };
}

/** Per-position shares of every converting sequence, for given sequence counts. */
export interface LeaveOneOutEvaluation {
  /** Share of each position (aligned with the table's `items`; 0 for sequences without conversions). */
  readonly shares: Float64Array;
  /** 1 when the sequence had a negative marginal. */
  readonly negativeSeq: Uint8Array;
  /** 1 when its marginals summed to <= 0 and its last touch took everything. */
  readonly fallbackSeq: Uint8Array;
}

/** Buffers of {@link evaluateLeaveOneOut}, reusable across evaluations of one table. */
export interface LeaveOneOutScratch extends LeaveOneOutEvaluation {
  /** P(x) per sequence. */
  readonly prob: Float64Array;
}

/** Allocates the buffers of {@link evaluateLeaveOneOut} for a table. */
export function leaveOneOutScratch(table: SequenceTable): LeaveOneOutScratch {
  return {
    prob: new Float64Array(table.size),
    shares: new Float64Array(table.items.length),
    negativeSeq: new Uint8Array(table.size),
    fallbackSeq: new Uint8Array(table.size),
  };
}

/**
 * Evaluates leave-one-out shares for sequence-level conversions and nulls (the
 * store's own or a bootstrap replicate's), into `scratch` when given (the
 * bootstrap reuses one per table). Unchecked kernel.
 */
export function evaluateLeaveOneOut(
  table: SequenceTable,
  conv: Float64Array,
  nulls: Float64Array,
  negative: 'clamp' | 'keep',
  scratch: LeaveOneOutScratch = leaveOneOutScratch(table),
): LeaveOneOutEvaluation {
  const { ptr, without, size } = table;
  const { prob, shares, negativeSeq, fallbackSeq } = scratch;
  shares.fill(0);
  negativeSeq.fill(0);
  fallbackSeq.fill(0);
  for (let x = 0; x < size; x++) prob[x] = conv[x] + nulls[x] > 0 ? conv[x] / (conv[x] + nulls[x]) : 0;
  for (let x = 0; x < size; x++) {
    if (!(conv[x] > 0)) continue;
    const at = ptr[x];
    const len = ptr[x + 1] - at;
    if (len === 1) {
      shares[at] = 1;
      continue;
    }
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const w = without[at + i];
      let m = prob[x] - (w >= 0 ? prob[w] : 0);
      if (m < 0) {
        negativeSeq[x] = 1;
        if (negative === 'clamp') m = 0;
      }
      shares[at + i] = m;
      sum += m;
    }
    if (sum > 0) {
      for (let i = 0; i < len; i++) shares[at + i] /= sum;
    } else {
      fallbackSeq[x] = 1;
      for (let i = 0; i < len; i++) shares[at + i] = i === len - 1 ? 1 : 0;
    }
  }
  return { shares, negativeSeq, fallbackSeq };
}
