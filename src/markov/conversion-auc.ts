import type { PathStore } from '../types.js';
import { logFactorial } from '../uncertainty/poisson.js';
import { encodePathEdges } from './path-edges.js';
import type { TransitionCounter } from './transition-counter.js';

/** ROC AUC of predicting conversion from the chain, ChannelAttribution's `choose_order` criterion. */
export interface ConversionAuc {
  /**
   * Exact weighted AUC: each path row predicts, for its journeys, the chance of ending in
   * `(conversion)` from its last state, P(conversion) / (P(conversion) + P(null)); conversions
   * are positives and nulls negatives; ties count one half.
   */
  readonly auc: number;
  /**
   * ChannelAttribution's penalised AUC, 1 - (1 - auc) (N - 1) / (N - m - 1) with N the journeys
   * and m = C(channels + k - 1, k); null where ChannelAttribution reports nothing (m not below the
   * number of path rows), 0 where the formula leaves [0, 1], as it does.
   */
  readonly penalizedAuc: number | null;
}

/**
 * Computes {@link ConversionAuc} for the chain of `counter`, built from `store`.
 * ChannelAttribution approximates the ROC curve with 100 thresholds; this is the
 * exact area, so its figures can differ from theirs in the third decimal.
 *
 * @example
 * ```ts
 * conversionAuc(new TransitionCounter({ order: 2 }).add(store), store).auc; // e.g. 0.63
 * ```
 */
export function conversionAuc(counter: TransitionCounter, store: PathStore): ConversionAuc {
  const walk = encodePathEdges(counter, store);
  const e = counter.edges;
  const S = counter.stateCount;
  const toConv = new Float64Array(S);
  const toNull = new Float64Array(S);
  for (let i = 0; i < e.size; i++) {
    const from = e.from[i] - 3;
    if (from < 0) continue;
    if (e.to[i] === 1) toConv[from] += e.count[i];
    else if (e.to[i] === 2) toNull[from] += e.count[i];
  }
  const n = store.pathCount;
  const score = new Float64Array(n);
  const rows: number[] = [];
  let pos = 0;
  let neg = 0;
  for (let p = 0; p < n; p++) {
    const s = walk.lastState[p];
    if (s < 0) continue;
    score[p] = toConv[s] / (toConv[s] + toNull[s]);
    rows.push(p);
    pos += store.conversions[p];
    neg += store.nulls[p];
  }
  rows.sort((a, b) => score[a] - score[b]);
  // Mann-Whitney over weighted rows, equal scores as one block (ties count 1/2).
  let area = 0;
  let negBelow = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    let blockPos = 0;
    let blockNeg = 0;
    while (j < rows.length && score[rows[j]] === score[rows[i]]) {
      blockPos += store.conversions[rows[j]];
      blockNeg += store.nulls[rows[j]];
      j++;
    }
    area += blockPos * (negBelow + blockNeg / 2);
    negBelow += blockNeg;
    i = j;
  }
  const auc = pos > 0 && neg > 0 ? area / (pos * neg) : NaN;
  const journeys = pos + neg;
  const channels = counter.channels.length;
  const k = counter.order;
  const m = Math.exp(logFactorial(channels + k - 1) - logFactorial(k) - logFactorial(channels - 1));
  let penalizedAuc: number | null = null;
  if (m < rows.length) {
    const x = 1 - ((1 - auc) * (journeys - 1)) / (journeys - m - 1);
    penalizedAuc = x < 0 || x > 1 || Number.isNaN(x) ? 0 : x;
  }
  return { auc, penalizedAuc };
}
