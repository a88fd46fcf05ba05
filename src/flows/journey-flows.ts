import { growInt32 } from '../core/growable.js';
import { PathCreditError } from '../errors.js';
import { emptyConvertingPath } from '../models/kernel.js';
import { resolveSegmentation, type Segmentation, type SegmentationOptions } from '../segments/segmentation.js';
import type { PathStore } from '../types.js';
import { bootstrapUnits } from '../uncertainty/bootstrap-units.js';
import { collapseRepeatedTouches } from './collapse-repeats.js';
import { LinkIndex } from './link-index.js';
import { WeightedSamples } from './weighted-medians.js';

/** Most steps a flow map shows. */
export const MAX_FLOW_STEPS = 50;
/** Label of the node journeys come from before their first touch. */
export const FLOW_START = '(start)';
/** Label of the end of a journey that converts. */
export const FLOW_CONVERSION = '(conversion)';
/** Label of the end of a journey that does not convert. */
export const FLOW_NULL = '(null)';
/** Label of journeys that go on past the last step shown. */
export const FLOW_CONTINUES = '(continues)';

/** Options of {@link journeyFlows}. */
export interface JourneyFlowOptions {
  /** Steps (touches) shown from the start of each journey. Default 6, at most 50. */
  readonly steps?: number;
  /** Distinct paths listed by journeys and by conversions. Default 10. */
  readonly topPaths?: number;
  /** Nodes listed where journeys stall. Default 10. */
  readonly stalls?: number;
  /** A node needs at least this many journeys to be listed as a stall (tiny nodes have noisy rates). Default 30. */
  readonly minStallJourneys?: number;
  /** Merge consecutive repeated channels first (`a > a > b` flows as `a > b`; the first touch of a run keeps its time). Default false. */
  readonly collapseRepeats?: boolean;
  /** Flows per segment too: attribute columns to combine, or a segmentation built already. */
  readonly segments?: SegmentationOptions | Segmentation;
  /** Compute the median times when the store has times (they sort every gap). Default true. */
  readonly times?: boolean;
}

/** A (step, channel) node: what the journeys that reach it do next. */
export interface FlowNode {
  /** Step, 1 for the first touch. */
  readonly step: number;
  /** The channel's name. */
  readonly channel: string;
  /** The channel's id in the store. */
  readonly channelId: number;
  /** Journeys reaching this node (conversions + nulls of their paths). */
  readonly journeys: number;
  /** Conversions of journeys whose last touch is this node (they convert here). */
  readonly conversions: number;
  /** Value of those conversions. */
  readonly value: number;
  /** Journeys whose last touch is this node and that do not convert (they drop off here). */
  readonly nulls: number;
  /** Journeys moving on to the next step (at the last step shown: going on past it). */
  readonly continuing: number;
  /** Conversions of all journeys through this node, here or later. */
  readonly eventualConversions: number;
  /** `nulls / journeys`: the share of the node's traffic that ends here without converting. */
  readonly dropOffRate: number;
  /** Median time in ms from this touch to the next one, over journeys moving on (NaN without times). */
  readonly medianTimeToNext: number;
  /** Median time in ms from this touch to the conversion, over converting journeys through it (NaN without times). */
  readonly medianTimeToConversion: number;
}

/** Where a link goes: a channel at the next step, or an end. */
export type FlowLinkKind = 'start' | 'step' | 'conversion' | 'null' | 'continues';

/** The journeys moving from one node to the next (or to an end). */
export interface FlowLink {
  /** Step of the `from` node (0 for `(start)`). */
  readonly step: number;
  /** `start`: (start) to a first touch; `step`: a channel to the next; `conversion`, `null`: the journey ends; `continues`: past the last step shown. */
  readonly kind: FlowLinkKind;
  /** Channel at `step`, or null for `(start)`. */
  readonly from: string | null;
  /** Channel at `step + 1`, or null when the link ends at `(conversion)`, `(null)` or `(continues)`. */
  readonly to: string | null;
  /** Channel id of `from` in the store, -1 for `(start)`. */
  readonly fromId: number;
  /** Channel id of `to` in the store, -1 for an end. */
  readonly toId: number;
  /** Journeys on the link. */
  readonly journeys: number;
  /** Conversions of those journeys (for `step` and `start` links, wherever they convert later). */
  readonly conversions: number;
  /** Value of those conversions. */
  readonly value: number;
  /** `journeys` over the journeys at the `from` node (all journeys for `(start)`). */
  readonly share: number;
  /**
   * Median time in ms between the two touches (`step`; for `continues`, to the touch after the last
   * step shown), or from the last touch to the conversion (`conversion`); NaN otherwise or without times.
   */
  readonly medianTime: number;
}

/** A distinct path (whole journey, every step) and what its journeys did. */
export interface FlowPath {
  /** Channel names, first touch first. */
  readonly channels: readonly string[];
  /** Journeys on the path (conversions + nulls). */
  readonly journeys: number;
  /** Their conversions. */
  readonly conversions: number;
  /** Their value. */
  readonly value: number;
  /** Journeys on the path that did not convert. */
  readonly nulls: number;
  /** `conversions / journeys`. */
  readonly conversionRate: number;
}

/** The flows of one group of journeys (all of them, or one segment). */
export interface FlowView {
  /** Paths, journeys, conversions, value and nulls of the group. */
  readonly totals: { readonly paths: number; readonly journeys: number; readonly conversions: number; readonly value: number; readonly nulls: number };
  /** Nodes by step, then journeys (most first), then channel id. */
  readonly nodes: readonly FlowNode[];
  /** Links by step, then `from` node order, then journeys (most first). */
  readonly links: readonly FlowLink[];
  /** The distinct paths with the most journeys. */
  readonly topPathsByJourneys: readonly FlowPath[];
  /** The distinct paths with the most conversions. */
  readonly topPathsByConversions: readonly FlowPath[];
  /** Where journeys stall: nodes with at least `minStallJourneys` journeys, largest drop-off rate first. */
  readonly stalls: readonly FlowNode[];
  /** Median time in ms from step i to step i + 1 (index i - 1), over the journeys that take it; NaN without times. */
  readonly medianTimeBetweenSteps: Float64Array;
  /** Median time in ms from the first touch to the conversion, over converting journeys; NaN without times. */
  readonly medianTimeToConversion: number;
}

/** What {@link journeyFlows} returns. */
export interface JourneyFlows extends FlowView {
  /** Steps shown. */
  readonly steps: number;
  /** The store's channel names. */
  readonly channels: readonly string[];
  /** Whether repeats were merged first. */
  readonly collapseRepeats: boolean;
  /** Whether the store had times and they were used (so the medians are known). */
  readonly hasTimes: boolean;
  /** The options used, defaults filled. */
  readonly options: { readonly topPaths: number; readonly stalls: number; readonly minStallJourneys: number };
  /** Segment columns, when flows per segment were asked for. */
  readonly segmentColumns?: readonly string[];
  /** Per segment, in segment id order. */
  readonly segments?: readonly { readonly label: string; readonly values: readonly string[]; readonly flows: FlowView }[];
}

/**
 * The journey map: for the first N steps of every journey, each (step,
 * channel) node with the journeys reaching it, the conversions and
 * non-converting journeys that end there and the shares moving on to each next
 * channel; the top paths by journeys and by conversions with their conversion
 * rates; median times between steps and to conversion when the store has
 * times; and where journeys stall (nodes with the largest drop-off relative to
 * their traffic). A journey weighs its path's conversions + nulls (as in the
 * Markov chain), so at every node journeys in = journeys out + conversions +
 * nulls ending there.
 *
 * @param store - paths from any reader.
 * @param options - steps, top paths, stalls, collapseRepeats, segments.
 * @throws PathCreditError for invalid options, an empty store, or bad segments (see `segmentation`).
 * @example
 * ```ts
 * const f = journeyFlows(store, { steps: 4 });
 * f.nodes[0];  // { step: 1, channel: 'Paid Search', journeys: 18, conversions: 5, nulls: 2, continuing: 11, ... }
 * f.links.filter((l) => l.step === 1 && l.from === 'Paid Search'); // where its journeys go next
 * f.stalls[0]; // the node losing the largest share of its journeys
 * ```
 */
export function journeyFlows(store: PathStore, options: JourneyFlowOptions = {}): JourneyFlows {
  const steps = count(options.steps, 6, 'steps', 1, MAX_FLOW_STEPS);
  const topPaths = count(options.topPaths, 10, 'topPaths', 0);
  const stalls = count(options.stalls, 10, 'stalls', 0);
  const minStallJourneys = options.minStallJourneys ?? 30;
  if (typeof minStallJourneys !== 'number' || !(minStallJourneys >= 0) || minStallJourneys === Infinity) {
    throw new PathCreditError('minStallJourneys must be a finite number >= 0', { column: 'minStallJourneys', value: minStallJourneys });
  }
  if (store.pathCount === 0) throw new PathCreditError('the path store is empty: there are no journeys to map');
  const collapse = options.collapseRepeats === true;
  const seg = options.segments === undefined ? undefined : resolveSegmentation(store, options.segments);
  const base = collapse ? collapseRepeatedTouches(store) : store;
  const flowStore = options.times === false ? { ...base, times: null } : base;
  const settings = { steps, topPaths, stalls, minStallJourneys };
  const [all] = groupFlows(flowStore, null, 1, settings);
  const bySegment = seg ? groupFlows(flowStore, seg.pathSegment, seg.labels.length, settings) : undefined;
  return {
    ...all,
    steps,
    channels: store.channels.slice(),
    collapseRepeats: collapse,
    hasTimes: flowStore.times !== null,
    options: { topPaths, stalls, minStallJourneys },
    ...(seg && bySegment ? { segmentColumns: seg.columns, segments: bySegment.map((flows, s) => ({ label: seg.labels[s], values: seg.values[s], flows })) } : {}),
  };
}

interface Settings {
  readonly steps: number;
  readonly topPaths: number;
  readonly stalls: number;
  readonly minStallJourneys: number;
}

// Every group's flows in one pass over the paths: node slots are dense
// (group, step, channel); links are interned by (group, step, from, to).
function groupFlows(store: PathStore, group: Int32Array | null, G: number, o: Settings): FlowView[] {
  const N = o.steps;
  const C = store.channels.length;
  const { offsets, touches, conversions, value, nulls, times } = store;
  const convTimes = store.conversionTimes;
  const slots = G * N * C;
  const nJourneys = new Float64Array(slots);
  const nConv = new Float64Array(slots);
  const nValue = new Float64Array(slots);
  const nNulls = new Float64Array(slots);
  const nCont = new Float64Array(slots);
  const nEvConv = new Float64Array(slots);
  // Link targets: a channel id, or one of the ends.
  const END_CONV = C;
  const END_NULL = C + 1;
  const END_CONT = C + 2;
  const links = new LinkIndex(G, N + 1, C + 1, C + 3);
  // Time samples: each gap between two touches once, keyed by its link and its node (the step follows
  // from the node); the time from the last touch to the conversion keyed by its link only.
  const gaps = new WeightedSamples();
  const gapLink = growInt32(1024);
  const gapNode = growInt32(1024);
  const addGap = (value: number, weight: number, link: number, node: number) => {
    if (gaps.add(value, weight) < 0) return;
    gapLink.push(link);
    gapNode.push(node);
  };
  const toConv = new WeightedSamples(); // from a touch to the conversion, by node
  const toConvNode = growInt32(1024);
  const firstToConv = new WeightedSamples(); // from the first touch to the conversion, by group
  const firstGroup = growInt32(1024);
  const totals = Array.from({ length: G }, () => ({ paths: 0, journeys: 0, conversions: 0, value: 0, nulls: 0 }));
  for (let p = 0; p < store.pathCount; p++) {
    const c = conversions[p];
    const n = nulls[p];
    const w = c + n;
    const g = group === null ? 0 : group[p];
    const t = totals[g];
    t.paths++;
    if (!(w > 0)) continue;
    const a = offsets[p];
    const len = offsets[p + 1] - a;
    if (len === 0) {
      // As in the models and the Markov counts: a conversion with no touch cannot be mapped.
      if (c > 0) throw emptyConvertingPath('journeyFlows', p, c);
      continue;
    }
    const v = c > 0 ? value[p] : 0;
    t.journeys += w;
    t.conversions += c;
    t.value += v;
    t.nulls += n;
    const shown = len < N ? len : N;
    const base = g * N * C;
    let prev = -1;
    let link = links.add(g, 0, 0, touches[a], w, c, v);
    const tEnd = times !== null ? (convTimes !== null && Number.isFinite(convTimes[p]) ? convTimes[p] : times[a + len - 1]) : NaN;
    for (let i = 0; i < shown; i++) {
      const ch = touches[a + i];
      const node = base + i * C + ch;
      nJourneys[node] += w;
      nEvConv[node] += c;
      if (times !== null && c > 0 && toConv.add(tEnd - times[a + i], c) >= 0) toConvNode.push(node);
      if (i + 1 < shown) {
        link = links.add(g, i + 1, ch + 1, touches[a + i + 1], w, c, v);
        if (times !== null) addGap(times[a + i + 1] - times[a + i], w, link, node);
      }
      prev = ch;
    }
    const last = base + (shown - 1) * C + prev;
    if (len > N) {
      nCont[last] += w;
      link = links.add(g, N, prev + 1, END_CONT, w, c, v);
      if (times !== null) addGap(times[a + N] - times[a + N - 1], w, link, last);
    } else {
      if (c > 0) {
        nConv[last] += c;
        nValue[last] += v;
        link = links.add(g, shown, prev + 1, END_CONV, c, c, v);
        if (times !== null) addGap(tEnd - times[a + len - 1], c, link, -1);
      }
      if (n > 0) {
        nNulls[last] += n;
        links.add(g, shown, prev + 1, END_NULL, n, 0, 0);
      }
    }
    // Moving on between shown steps (the continuing count of the earlier nodes).
    for (let i = 0; i + 1 < shown; i++) nCont[base + i * C + touches[a + i]] += w;
    if (times !== null && c > 0 && firstToConv.add(tEnd - times[a], c) >= 0) firstGroup.push(g);
  }
  const gapMedian = gaps.medians(gapLink.data, links.size);
  const toNextMedian = gaps.medians(gapNode.data, slots);
  const stepOf = new Int32Array(gapNode.length);
  for (let i = 0; i < gapNode.length; i++) {
    const node = gapNode.data[i];
    stepOf[i] = node < 0 ? -1 : Math.floor(node / (N * C)) * N + Math.floor((node % (N * C)) / C);
  }
  const stepMedian = gaps.medians(stepOf, G * N);
  const toConvMedian = toConv.medians(toConvNode.data, slots);
  const firstMedian = firstToConv.medians(firstGroup.data, G);
  const paths = topPathsByGroup(store, group, G, o.topPaths);

  return totals.map((tot, g): FlowView => {
    const nodes: FlowNode[] = [];
    for (let i = 0; i < N; i++) {
      const stepNodes: FlowNode[] = [];
      for (let ch = 0; ch < C; ch++) {
        const k = g * N * C + i * C + ch;
        if (!(nJourneys[k] > 0)) continue;
        stepNodes.push({
          step: i + 1,
          channel: store.channels[ch],
          channelId: ch,
          journeys: nJourneys[k],
          conversions: nConv[k],
          value: nValue[k],
          nulls: nNulls[k],
          continuing: nCont[k],
          eventualConversions: nEvConv[k],
          dropOffRate: nNulls[k] / nJourneys[k],
          medianTimeToNext: toNextMedian[k],
          medianTimeToConversion: toConvMedian[k],
        });
      }
      stepNodes.sort((x, y) => y.journeys - x.journeys || x.channelId - y.channelId);
      nodes.push(...stepNodes);
    }
    const nodeRank = new Map<number, number>();
    nodes.forEach((nd, r) => nodeRank.set((nd.step - 1) * C + nd.channelId, r));
    const out: (FlowLink & { order: number })[] = [];
    links.forEachOfGroup(g, (id, step, from, to, journeys, conv, val) => {
      const fromCh = from - 1;
      const kind: FlowLinkKind = step === 0 ? 'start' : to === END_CONV ? 'conversion' : to === END_NULL ? 'null' : to === END_CONT ? 'continues' : 'step';
      const fromJourneys = step === 0 ? tot.journeys : nJourneys[g * N * C + (step - 1) * C + fromCh];
      out.push({
        step,
        kind,
        from: step === 0 ? null : store.channels[fromCh],
        to: to < C ? store.channels[to] : null,
        fromId: step === 0 ? -1 : fromCh,
        toId: to < C ? to : -1,
        journeys,
        conversions: conv,
        value: val,
        share: fromJourneys > 0 ? journeys / fromJourneys : 0,
        medianTime: gapMedian[id],
        order: step === 0 ? -1 : nodeRank.get((step - 1) * C + fromCh)!,
      });
    });
    out.sort((x, y) => x.step - y.step || x.order - y.order || y.journeys - x.journeys || endRank(x.kind) - endRank(y.kind) || (x.to ?? '').localeCompare(y.to ?? ''));
    const stalls = nodes
      .filter((nd) => nd.journeys >= o.minStallJourneys && nd.nulls > 0)
      .sort((x, y) => y.dropOffRate - x.dropOffRate || y.journeys - x.journeys || x.step - y.step || x.channelId - y.channelId)
      .slice(0, o.stalls);
    return {
      totals: tot,
      nodes,
      links: out.map(({ order: _order, ...l }) => l),
      topPathsByJourneys: paths[g].byJourneys,
      topPathsByConversions: paths[g].byConversions,
      stalls,
      medianTimeBetweenSteps: stepMedian.slice(g * N, g * N + N - 1),
      medianTimeToConversion: firstMedian[g],
    };
  });
}

function endRank(kind: FlowLinkKind): number {
  return kind === 'step' || kind === 'start' ? 0 : kind === 'conversion' ? 1 : kind === 'null' ? 2 : 3;
}

// The distinct paths of each group (identical paths merged, counts summed) and the top K by journeys and by conversions.
function topPathsByGroup(store: PathStore, group: Int32Array | null, G: number, K: number): { byJourneys: FlowPath[]; byConversions: FlowPath[] }[] {
  if (K === 0) return Array.from({ length: G }, () => ({ byJourneys: [], byConversions: [] }));
  const C = store.channels.length;
  // Group ids folded into the channel ids, so identical paths of two groups stay apart; the
  // names carry the group too, since paths are hashed by name (else every group's copy of a
  // path would share one hash and one probe chain).
  const keyed: PathStore =
    group === null
      ? store
      : {
          ...store,
          channels: Array.from({ length: G * C }, (_, i) => JSON.stringify([Math.floor(i / C), store.channels[i % C]])),
          touches: (() => {
            const out = new Uint32Array(store.touches.length);
            for (let p = 0; p < store.pathCount; p++) for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) out[k] = group[p] * C + store.touches[k];
            return out;
          })(),
        };
  const u = bootstrapUnits(keyed, false).store;
  const members: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < u.pathCount; i++) if (u.offsets[i + 1] > u.offsets[i]) members[Math.floor(u.touches[u.offsets[i]] / C)].push(i);
  const journeys = (i: number) => u.conversions[i] + u.nulls[i];
  const path = (i: number): FlowPath => {
    const j = journeys(i);
    const c = u.conversions[i];
    return {
      channels: Array.from(u.touches.subarray(u.offsets[i], u.offsets[i + 1]), (t) => store.channels[t % C]),
      journeys: j,
      conversions: c,
      value: c > 0 ? u.value[i] : 0,
      nulls: u.nulls[i],
      conversionRate: j > 0 ? c / j : 0,
    };
  };
  return members.map((ids) => ({
    byJourneys: topK(ids, journeys, K).map(path),
    byConversions: topK(
      ids.filter((i) => u.conversions[i] > 0),
      (i) => u.conversions[i],
      K,
    ).map(path),
  }));
}

/** The K ids with the largest score (ties: the earlier id first), best first, in one pass. */
export function topK(ids: readonly number[], score: (id: number) => number, K: number): number[] {
  const best: number[] = [];
  if (K === 0) return best;
  for (const id of ids) {
    const s = score(id);
    if (best.length === K && !(s > score(best[K - 1]))) continue;
    let at = best.length;
    while (at > 0 && s > score(best[at - 1])) at--;
    best.splice(at, 0, id);
    if (best.length > K) best.pop();
  }
  return best;
}

function count(value: number | undefined, fallback: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new PathCreditError(`${name} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`, { column: name, value });
  return value;
}
