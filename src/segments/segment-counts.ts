import { countTransitions } from '../markov/count-shards.js';
import { TransitionCounter, type StateOptions, type TransitionCounterJSON } from '../markov/transition-counter.js';
import { emptyConvertingPath } from '../models/kernel.js';
import type { PathStore } from '../types.js';
import type { Segmentation } from './segmentation.js';

/** Nodes below this id are `(start)`, `(conversion)` and `(null)`; transient states follow. */
const FIRST_TRANSIENT = 3;

/** Largest dense order-1 count table (segments x nodes x nodes doubles, 128 MiB). */
const DENSE_LIMIT = 1 << 24;

/**
 * The Markov transition counts of every segment from one counting pass: the
 * (segment, channel) view is counted once (a state is a window of
 * (segment, channel) pairs, so it belongs to one segment, and a path's
 * transitions stay inside its segment), then the counts are split into one
 * counter per segment over the store's own channel ids. Each equals the
 * counter of that segment's paths alone; the work follows the journeys, not
 * the number of segments. At order 1 with few enough (segment, channel) pairs
 * the pass fills one dense block of counts per segment instead (one array
 * index per touch, as the order-1 counter does), so even a thousand segments
 * cost what one chain costs.
 *
 * @param view - {@link segmentChannelView} of the store (path-level segments).
 * @returns one counter per segment id, or undefined for a segment without journeys.
 */
export function segmentTransitionCounts(store: PathStore, seg: Segmentation, view: PathStore, options: StateOptions): (TransitionCounter | undefined)[] {
  const C = store.channels.length;
  const S = seg.labels.length;
  if ((options.order ?? 1) === 1 && S * (C + FIRST_TRANSIENT) ** 2 <= DENSE_LIMIT) return order1BySegment(store, seg, options.collapseRepeats ?? false);
  // Unique names, so the counter keeps (segment, channel) pairs apart and its ids equal the view's.
  const names = view.channels.map((name, i) => JSON.stringify([seg.labels[Math.floor(i / C)], name]));
  const joint = countTransitions({ ...view, channels: names }, options).toJSON();
  const segmentOf = (state: number) => Math.floor(joint.states[state][0] / C);
  // Each transient state's segment and its index in that segment's counter.
  const stateSegment = new Int32Array(joint.states.length);
  const localIndex = new Int32Array(joint.states.length);
  const parts = Array.from({ length: S }, () => ({
    states: [] as number[][],
    endValue: [] as number[],
    from: [] as number[],
    to: [] as number[],
    count: [] as number[],
    conversions: 0,
    nulls: 0,
    value: 0,
  }));
  joint.states.forEach((tuple, t) => {
    const s = segmentOf(t);
    const part = parts[s];
    stateSegment[t] = s;
    localIndex[t] = part.states.length;
    part.states.push(tuple.map((ch) => ch - s * C));
    part.endValue.push(joint.endValue[t]);
    part.value += joint.endValue[t];
  });
  const local = (node: number) => (node < FIRST_TRANSIENT ? node : localIndex[node - FIRST_TRANSIENT] + FIRST_TRANSIENT);
  for (let i = 0; i < joint.from.length; i++) {
    const f = joint.from[i];
    const t = joint.to[i];
    // Every edge touches a transient state: (start) -> s1, s -> s', or s -> an absorbing state.
    const s = stateSegment[(f >= FIRST_TRANSIENT ? f : t) - FIRST_TRANSIENT];
    const part = parts[s];
    part.from.push(local(f));
    part.to.push(local(t));
    part.count.push(joint.count[i]);
    if (t === 1) part.conversions += joint.count[i];
    else if (t === 2) part.nulls += joint.count[i];
  }
  const paths = new Float64Array(S);
  for (let p = 0; p < store.pathCount; p++) if (store.conversions[p] + store.nulls[p] > 0) paths[seg.pathSegment[p]]++;
  return parts.map((part, s) => {
    if (part.states.length === 0) return undefined;
    const json: TransitionCounterJSON = {
      format: 'pathcredit.markov.counts',
      version: 1,
      order: joint.order,
      collapseRepeats: joint.collapseRepeats,
      channels: store.channels.slice(),
      states: part.states,
      from: part.from,
      to: part.to,
      count: part.count,
      endValue: part.endValue,
      totals: { conversions: part.conversions, nulls: part.nulls, value: part.value, paths: paths[s] },
    };
    return TransitionCounter.fromJSON(json);
  });
}

// Order 1: one pass over the store into a dense (from, to) block per segment; states are numbered
// in order of first appearance within their segment, as a counter of that segment alone numbers them.
function order1BySegment(store: PathStore, seg: Segmentation, collapseRepeats: boolean): (TransitionCounter | undefined)[] {
  const C = store.channels.length;
  const S = seg.labels.length;
  const nodes = C + FIRST_TRANSIENT;
  const block = nodes * nodes;
  const dense = new Float64Array(S * block);
  const nodeOf = new Int32Array(S * C); // 0 while the (segment, channel) pair has no state
  const stateCount = new Int32Array(S);
  const stateChannel: number[][] = Array.from({ length: S }, () => []);
  const endValue = new Float64Array(S * nodes);
  const totals = Array.from({ length: S }, () => ({ conversions: 0, nulls: 0, value: 0, paths: 0 }));
  const { offsets, touches, conversions, nulls, value } = store;
  const ps = seg.pathSegment;
  for (let p = 0; p < store.pathCount; p++) {
    const conv = conversions[p];
    const nul = nulls[p];
    const w = conv + nul;
    const a = offsets[p];
    const b = offsets[p + 1];
    if (b <= a) {
      if (conv > 0) throw emptyConvertingPath('markov', p, conv);
      continue;
    }
    if (!(w > 0)) continue;
    const s = ps[p];
    const base = s * block;
    const nb = s * C;
    let prev = 0;
    for (let i = a; i < b; i++) {
      const ch = touches[i];
      let node = nodeOf[nb + ch];
      if (node === 0) {
        node = nodeOf[nb + ch] = stateCount[s]++ + FIRST_TRANSIENT;
        stateChannel[s].push(ch);
      }
      if (node !== prev) {
        dense[base + prev * nodes + node] += w;
        prev = node;
      }
    }
    if (conv > 0) {
      dense[base + prev * nodes + 1] += conv;
      endValue[s * nodes + prev] += value[p];
    }
    if (nul > 0) dense[base + prev * nodes + 2] += nul;
    const t = totals[s];
    t.conversions += conv;
    t.nulls += nul;
    t.value += conv > 0 ? value[p] : 0;
    t.paths++;
  }
  return totals.map((t, s) => {
    if (stateCount[s] === 0) return undefined;
    const from: number[] = [];
    const to: number[] = [];
    const count: number[] = [];
    const used = stateCount[s] + FIRST_TRANSIENT;
    for (let f = 0; f < used; f++) {
      for (let g = 0; g < used; g++) {
        const x = dense[s * block + f * nodes + g];
        if (x === 0) continue;
        from.push(f);
        to.push(g);
        count.push(x);
      }
    }
    return TransitionCounter.fromJSON({
      format: 'pathcredit.markov.counts',
      version: 1,
      order: 1,
      collapseRepeats,
      channels: store.channels.slice(),
      states: stateChannel[s].map((c) => [c]),
      from,
      to,
      count,
      endValue: Array.from(endValue.subarray(s * nodes + FIRST_TRANSIENT, s * nodes + used)),
      totals: t,
    });
  });
}
