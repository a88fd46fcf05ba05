import type { PathStore } from '../types.js';
import { CONVERSION_STATE, FIRST_TRANSIENT, NULL_STATE, START_STATE, type TransitionCounter } from './transition-counter.js';

/**
 * Every path of a store as the list of transitions (edge indices of a
 * {@link TransitionCounter}'s edge table) it walks, so the counts for new
 * per-path weights can be rebuilt by summing, without forming states or
 * hashing again. This is the state encoding the bootstrap reuses: a Markov
 * replicate is one pass over these lists plus a solve.
 */
export interface PathEdges {
  /** CSR pointers: path p walks `edges[edgePtr[p] .. edgePtr[p + 1])` (from `(start)` to its last state). */
  readonly edgePtr: Int32Array;
  /** Edge indices into the counter's edge table. */
  readonly edges: Int32Array;
  /** Edge `last state -> (conversion)` of each path, -1 when the path never converted. */
  readonly conversionEdge: Int32Array;
  /** Edge `last state -> (null)` of each path, -1 when the path had no nulls. */
  readonly nullEdge: Int32Array;
  /** Transient state id (node - 3) of each path's last state, -1 for paths that walk nothing. */
  readonly lastState: Int32Array;
}

/**
 * Encodes the transitions of every path of `store`, which must be the store
 * `counter` was built from (so every state and edge already exists). States are
 * formed exactly as the counter forms them (order k windows, optional
 * collapse, consecutive identical states merged).
 *
 * @example
 * ```ts
 * const counter = new TransitionCounter({ order: 2 }).add(store);
 * const walk = encodePathEdges(counter, store);
 * ```
 */
export function encodePathEdges(counter: TransitionCounter, store: PathStore): PathEdges {
  const lookup = edgeLookup(counter);
  const remap = new Uint32Array(store.channels.length);
  for (let c = 0; c < remap.length; c++) remap[c] = counter.dictionary.idOf(store.channels[c]);
  const order = counter.order;
  const n = store.pathCount;
  const { offsets, touches, conversions, nulls } = store;
  const edgePtr = new Int32Array(n + 1);
  const conversionEdge = new Int32Array(n).fill(-1);
  const nullEdge = new Int32Array(n).fill(-1);
  const lastState = new Int32Array(n).fill(-1);
  let edges = new Int32Array(Math.max(16, offsets[n] + n));
  let at = 0;
  let buf = new Uint32Array(64);
  for (let p = 0; p < n; p++) {
    edgePtr[p] = at;
    const a = offsets[p];
    const b = offsets[p + 1];
    if (b <= a || !(conversions[p] + nulls[p] > 0)) continue;
    if (buf.length < b - a) buf = new Uint32Array(2 * (b - a));
    let len = 0;
    for (let i = a; i < b; i++) {
      const c = remap[touches[i]];
      if (counter.collapseRepeats && len > 0 && buf[len - 1] === c) continue;
      buf[len++] = c;
    }
    if (edges.length < at + len + 1) {
      const next = new Int32Array(2 * (at + len + 1));
      next.set(edges.subarray(0, at));
      edges = next;
    }
    let prev = START_STATE;
    const windows = len < order ? 1 : len - order + 1;
    const width = len < order ? len : order;
    for (let w = 0; w < windows; w++) {
      const node = counter.states.intern(buf, w, width) + FIRST_TRANSIENT;
      if (node === prev) continue;
      edges[at++] = lookup(prev, node);
      prev = node;
    }
    lastState[p] = prev - FIRST_TRANSIENT;
    if (conversions[p] > 0) conversionEdge[p] = lookup(prev, CONVERSION_STATE);
    if (nulls[p] > 0) nullEdge[p] = lookup(prev, NULL_STATE);
  }
  edgePtr[n] = at;
  return { edgePtr, edges: edges.slice(0, at), conversionEdge, nullEdge, lastState };
}

/**
 * Rewrites `counter`'s counts for new per-path conversions, nulls and value
 * (same paths as when the walk was encoded): every edge count, the value ending
 * in each state and the totals. The counter must be private to the caller (the
 * bootstrap owns one per model): its counts are replaced in place.
 *
 * @example
 * ```ts
 * recountTransitions(counter, walk, replicate.conversions, replicate.nulls, replicate.value);
 * markovFromCounts(counter); // the replicate's Markov result
 * ```
 */
export function recountTransitions(counter: TransitionCounter, walk: PathEdges, conversions: Float64Array, nulls: Float64Array, value: Float64Array): void {
  const count = counter.edges.count;
  count.fill(0, 0, counter.edges.size);
  const endValue = counter.endValue;
  endValue.fill(0);
  const { edgePtr, edges, conversionEdge, nullEdge, lastState } = walk;
  let totalC = 0;
  let totalN = 0;
  let totalV = 0;
  let paths = 0;
  const n = lastState.length;
  for (let p = 0; p < n; p++) {
    const c = conversions[p];
    const m = nulls[p];
    const w = c + m;
    if (!(w > 0) || lastState[p] < 0) continue;
    for (let k = edgePtr[p]; k < edgePtr[p + 1]; k++) count[edges[k]] += w;
    if (c > 0) {
      count[conversionEdge[p]] += c;
      endValue[lastState[p]] += value[p];
      totalV += value[p];
    }
    if (m > 0) count[nullEdge[p]] += m;
    totalC += c;
    totalN += m;
    paths++;
  }
  counter.totalConversions = totalC;
  counter.totalNulls = totalN;
  counter.totalValue = totalV;
  counter.pathCount = paths;
}

// (from, to) -> edge index over the counter's edge table, by open addressing.
function edgeLookup(counter: TransitionCounter): (from: number, to: number) => number {
  const e = counter.edges;
  let size = 64;
  while (size < e.size * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const mask = size - 1;
  const slotOf = (from: number, to: number): number => (Math.imul(from, 0x9e3779b1) ^ Math.imul(to, 0x85ebca6b)) & mask;
  for (let i = 0; i < e.size; i++) {
    let s = slotOf(e.from[i], e.to[i]);
    while (slots[s] >= 0) s = (s + 1) & mask;
    slots[s] = i;
  }
  return (from, to) => {
    let s = slotOf(from, to);
    for (;;) {
      const i = slots[s];
      if (i < 0) throw new Error(`internal: transition ${from} -> ${to} is not in the counts it was encoded from`);
      if (e.from[i] === from && e.to[i] === to) return i;
      s = (s + 1) & mask;
    }
  };
}
