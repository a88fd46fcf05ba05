import type { TransitionCounter } from './transition-counter.js';

/** One transition of the chain, with readable state labels. */
export interface TransitionRow {
  /** Label of the source state (`(start)` or a transient state, e.g. `a > b` at order 2). */
  readonly from: string;
  /** Label of the target state (a transient state, `(conversion)` or `(null)`). */
  readonly to: string;
  /** Summed weight of the transition (conversions + nulls of the paths taking it). */
  readonly count: number;
  /** Row-normalised probability: count / (sum of counts out of `from`). */
  readonly probability: number;
}

/** The transition matrix as columns (the layout of {@link transitionTable}). */
export interface TransitionColumns {
  /** Source state labels. */
  readonly from: string[];
  /** Target state labels. */
  readonly to: string[];
  /** Counts. */
  readonly count: Float64Array;
  /** Probabilities. */
  readonly probability: Float64Array;
  /** Source node ids (0 `(start)`, 1 `(conversion)`, 2 `(null)`, transient states from 3). */
  readonly fromId: Int32Array;
  /** Target node ids. */
  readonly toId: Int32Array;
}

/**
 * The transition matrix of a counter as a long table in a deterministic order:
 * by source node id, then target node id (node ids: `(start)` 0,
 * `(conversion)` 1, `(null)` 2, transient states from 3 in order of first
 * appearance), so `(start)` rows come first and, within a source, the
 * absorbing targets precede the transient ones.
 *
 * @example
 * ```ts
 * const cols = transitionColumns(new TransitionCounter().add(store));
 * cols.from[0]; // '(start)'
 * ```
 */
export function transitionColumns(counter: TransitionCounter): TransitionColumns {
  const e = counter.edges;
  const n = e.size;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => e.from[a] - e.from[b] || e.to[a] - e.to[b]);
  const nodes = counter.stateCount + 3;
  const out = new Float64Array(nodes);
  for (let i = 0; i < n; i++) out[e.from[i]] += e.count[i];
  const labels: string[] = [];
  for (let v = 0; v < nodes; v++) labels.push(counter.label(v));
  const from: string[] = new Array(n);
  const to: string[] = new Array(n);
  const count = new Float64Array(n);
  const probability = new Float64Array(n);
  const fromId = new Int32Array(n);
  const toId = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    fromId[k] = e.from[i];
    toId[k] = e.to[i];
    from[k] = labels[e.from[i]];
    to[k] = labels[e.to[i]];
    count[k] = e.count[i];
    probability[k] = e.count[i] / out[e.from[i]];
  }
  return { from, to, count, probability, fromId, toId };
}

/**
 * The transition matrix as plain rows `{ from, to, count, probability }`, in
 * the order of {@link transitionColumns}.
 *
 * @example
 * ```ts
 * transitionRows(new TransitionCounter().add(fromPathRows([{ path: 'a > b', conversions: 1 }])));
 * // [{ from: '(start)', to: 'a', count: 1, probability: 1 },
 * //  { from: 'a', to: 'b', count: 1, probability: 1 },
 * //  { from: 'b', to: '(conversion)', count: 1, probability: 1 }]
 * ```
 */
export function transitionRows(counter: TransitionCounter): TransitionRow[] {
  const c = transitionColumns(counter);
  const rows: TransitionRow[] = [];
  for (let i = 0; i < c.count.length; i++) rows.push({ from: c.from[i], to: c.to[i], count: c.count[i], probability: c.probability[i] });
  return rows;
}
