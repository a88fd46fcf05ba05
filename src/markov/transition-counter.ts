import { ChannelDictionary } from '../core/channel-dictionary.js';
import { PathCreditError } from '../errors.js';
import { emptyConvertingPath } from '../models/kernel.js';
import type { PathStore } from '../types.js';
import { EdgeTable } from './edge-table.js';
import { StateTable } from './state-table.js';

/** Node id of the `(start)` state in transition tables. */
export const START_STATE = 0;
/** Node id of the `(conversion)` absorbing state. */
export const CONVERSION_STATE = 1;
/** Node id of the `(null)` absorbing state. */
export const NULL_STATE = 2;
/** Node id of the first transient state: transient state `t` (0-based) is node `t + FIRST_TRANSIENT`. */
export const FIRST_TRANSIENT = 3;
/** Order-1 counting uses a dense (channels + 3)^2 matrix up to this many cells (32 MB), a hash above. */
const DENSE_MAX_CELLS = 1 << 22;
/** Labels of the special states, by node id. */
export const SPECIAL_STATE_LABELS: readonly string[] = ['(start)', '(conversion)', '(null)'];
/** Separator between channel names in the label of an order-k state, e.g. `a > b > c`. */
export const STATE_LABEL_SEPARATOR = ' > ';

/** How states are formed from paths. */
export interface StateOptions {
  /**
   * Order k of the chain (a positive integer, at most 255): a transient state is a window of k
   * consecutive channels; a path shorter than k is one state made of the whole path. Default 1.
   */
  readonly order?: number;
  /**
   * Merge consecutive repeated channels before forming the windows (the "exposure" transform of
   * fractribution/Snowplow). At order 1 it changes nothing. Default false (ChannelAttribution's convention).
   */
  readonly collapseRepeats?: boolean;
}

/** Defaults of {@link StateOptions}. */
export const STATE_DEFAULTS = { order: 1, collapseRepeats: false } as const;

/** Serialised form of a {@link TransitionCounter} (plain JSON). */
export interface TransitionCounterJSON {
  /** Format tag, always `pathcredit.markov.counts`. */
  readonly format: 'pathcredit.markov.counts';
  /** Format version, currently 1. */
  readonly version: 1;
  /** Order k. */
  readonly order: number;
  /** Whether repeats were collapsed. */
  readonly collapseRepeats: boolean;
  /** Channel names by the counter's channel id. */
  readonly channels: string[];
  /** Channel ids of each transient state (state `t` is node `t + 3`). */
  readonly states: number[][];
  /** Edge sources (node ids). */
  readonly from: number[];
  /** Edge targets (node ids). */
  readonly to: number[];
  /** Edge weights (summed conversions + nulls, or conversions / nulls into the absorbing states). */
  readonly count: number[];
  /** Sum of path value per transient state over the paths that end (and convert) in it. */
  readonly endValue: number[];
  /** Totals over the counted rows. */
  readonly totals: { conversions: number; nulls: number; value: number; paths: number };
}

/**
 * Mergeable accumulator of Markov transition counts of order k: one pass over
 * a {@link PathStore} adds `conversions + nulls` of each path to every
 * transition `(start) -> s1 -> ... -> sm`, then `conversions` to
 * `sm -> (conversion)` and `nulls` to `sm -> (null)` (see docs/markov.md).
 *
 * States are interned by their channel-id tuples (no string keys per touch).
 * Node ids: 0 `(start)`, 1 `(conversion)`, 2 `(null)`, then transient states
 * from 3 in order of first appearance. Counters built from different stores
 * (different channel dictionaries) merge by channel name, and counting two
 * halves of an input then merging gives the counts of the whole (sums of the
 * input numbers; exact for integer counts).
 *
 * Rows with `conversions + nulls = 0` carry no journey and add nothing.
 *
 * @example
 * ```ts
 * const a = new TransitionCounter({ order: 2 }).add(storeOfMonday);
 * const b = new TransitionCounter({ order: 2 }).add(storeOfTuesday);
 * a.merge(b);
 * const json = JSON.stringify(a); // TransitionCounter.fromJSON(JSON.parse(json)) restores it
 * ```
 */
export class TransitionCounter {
  /** Order k. */
  readonly order: number;
  /** Whether consecutive repeated channels are merged before forming windows. */
  readonly collapseRepeats: boolean;
  /** Channel names by the counter's own channel id (grows as stores are added or merged). */
  readonly dictionary: ChannelDictionary = new ChannelDictionary();
  /** Transient states (channel-id tuples). */
  readonly states: StateTable;
  /** Transition edges between node ids. */
  readonly edges: EdgeTable = new EdgeTable();
  /** Sum of value per transient state over the paths ending in it (index = transient state id). */
  endValue: Float64Array = new Float64Array(64);
  /** Total conversions over counted rows. */
  totalConversions = 0;
  /** Total nulls over counted rows. */
  totalNulls = 0;
  /** Total value over counted rows. */
  totalValue = 0;
  /** Number of rows counted (rows with conversions + nulls > 0). */
  pathCount = 0;
  // Order-1 shortcut: channel id -> transient state id (-1 = none yet), so no hashing per touch.
  #stateOfChannel: Int32Array = new Int32Array(16).fill(-1);
  #scratch: Uint32Array = new Uint32Array(64);

  /**
   * @param options - order and collapseRepeats (see {@link StateOptions}).
   * @throws PathCreditError when the order is not an integer in [1, 255].
   */
  constructor(options: StateOptions = {}) {
    const order = options.order ?? STATE_DEFAULTS.order;
    if (!Number.isInteger(order) || order < 1 || order > 255) {
      throw new PathCreditError('order must be a positive integer (at most 255)', { value: order });
    }
    this.order = order;
    this.collapseRepeats = options.collapseRepeats ?? STATE_DEFAULTS.collapseRepeats;
    this.states = new StateTable(order);
  }

  /** Channel names by the counter's channel id. */
  get channels(): readonly string[] {
    return this.dictionary.names;
  }

  /** Number of transient states. */
  get stateCount(): number {
    return this.states.size;
  }

  /** Number of distinct transitions (edges, including those into the absorbing states). */
  get transitionCount(): number {
    return this.edges.size;
  }

  /**
   * Counts every path of `store` (one pass over its touches). Channels are
   * matched to the counter's by name.
   * @returns this, for chaining.
   */
  add(store: PathStore): this {
    const remap = this.#remap(store.channels);
    if (this.order === 1) {
      this.#ensureChannelStates();
      const nodes = this.dictionary.size + FIRST_TRANSIENT;
      if (nodes * nodes <= DENSE_MAX_CELLS) return this.#addOrder1Dense(store, remap, nodes);
    }
    const { offsets, touches, conversions, nulls, value } = store;
    const edges = this.edges;
    const order = this.order;
    const stateOf = this.#stateOfChannel;
    for (let p = 0; p < store.pathCount; p++) {
      const conv = conversions[p];
      const nul = nulls[p];
      const w = conv + nul;
      const a = offsets[p];
      const b = offsets[p + 1];
      if (b <= a) {
        // A converting path with no touch cannot be walked; the heuristic models refuse it too.
        if (conv > 0) throw emptyConvertingPath('markov', p, conv);
        continue;
      }
      if (!(w > 0)) continue;
      let prev = START_STATE;
      if (order === 1) {
        for (let i = a; i < b; i++) {
          const c = remap[touches[i]];
          let s = stateOf[c];
          if (s < 0) s = this.#newChannelState(c);
          const node = s + FIRST_TRANSIENT;
          if (node !== prev) {
            edges.add(prev, node, w);
            prev = node;
          }
        }
      } else {
        const buf = this.#fill(remap, touches, a, b);
        const n = this.#filled;
        if (n < order) {
          prev = this.states.intern(buf, 0, n) + FIRST_TRANSIENT;
          edges.add(START_STATE, prev, w);
        } else {
          for (let i = 0; i + order <= n; i++) {
            const node = this.states.intern(buf, i, order) + FIRST_TRANSIENT;
            if (node !== prev) {
              edges.add(prev, node, w);
              prev = node;
            }
          }
        }
      }
      this.#endPath(prev, conv, nul, value[p]);
    }
    return this;
  }

  // Order 1 with few enough channels: accumulate into a dense nodes x nodes matrix (one
  // array index per touch instead of a hash probe), then add its nonzero cells to the edge
  // table. Each cell is summed in path order, so the totals are those of the hashed loop.
  #addOrder1Dense(store: PathStore, remap: Uint32Array, nodes: number): this {
    const { offsets, touches, conversions, nulls, value } = store;
    const dense = new Float64Array(nodes * nodes);
    // Store channel id -> node id, 0 while the channel has no state yet ((start) is never a target).
    const nodeOf = new Int32Array(store.channels.length);
    for (let c = 0; c < nodeOf.length; c++) {
      const s = this.#stateOfChannel[remap[c]];
      nodeOf[c] = s < 0 ? 0 : s + FIRST_TRANSIENT;
    }
    const endValue = new Float64Array(nodes);
    for (let p = 0; p < store.pathCount; p++) {
      const conv = conversions[p];
      const nul = nulls[p];
      const w = conv + nul;
      const a = offsets[p];
      const b = offsets[p + 1];
      if (b <= a) {
        // A converting path with no touch cannot be walked; the heuristic models refuse it too.
        if (conv > 0) throw emptyConvertingPath('markov', p, conv);
        continue;
      }
      if (!(w > 0)) continue;
      let prev = START_STATE;
      for (let i = a; i < b; i++) {
        let node = nodeOf[touches[i]];
        if (node === 0) node = nodeOf[touches[i]] = this.#newChannelState(remap[touches[i]]) + FIRST_TRANSIENT;
        if (node !== prev) {
          dense[prev * nodes + node] += w;
          prev = node;
        }
      }
      if (conv > 0) {
        dense[prev * nodes + CONVERSION_STATE] += conv;
        endValue[prev] += value[p];
      }
      if (nul > 0) dense[prev * nodes + NULL_STATE] += nul;
      this.totalConversions += conv;
      this.totalNulls += nul;
      this.totalValue += conv > 0 ? value[p] : 0;
      this.pathCount++;
    }
    for (let k = 0; k < dense.length; k++) {
      if (dense[k] !== 0) this.edges.add((k / nodes) | 0, k % nodes, dense[k]);
    }
    for (let v = FIRST_TRANSIENT; v < nodes; v++) if (endValue[v] !== 0) this.#addEndValue(v - FIRST_TRANSIENT, endValue[v]);
    return this;
  }

  #endPath(last: number, conv: number, nul: number, value: number): void {
    if (conv > 0) {
      this.edges.add(last, CONVERSION_STATE, conv);
      this.#addEndValue(last - FIRST_TRANSIENT, value);
    }
    if (nul > 0) this.edges.add(last, NULL_STATE, nul);
    this.totalConversions += conv;
    this.totalNulls += nul;
    this.totalValue += conv > 0 ? value : 0;
    this.pathCount++;
  }

  /**
   * Adds the counts of `other` (same order and, above order 1, same collapseRepeats) into this
   * counter, matching channels by name and states by their channel tuples.
   * @returns this, for chaining.
   * @throws PathCreditError when the orders or collapseRepeats differ.
   */
  merge(other: TransitionCounter): this {
    // At order 1 collapseRepeats changes nothing, so such counters merge regardless of it.
    if (other.order !== this.order || (this.order > 1 && other.collapseRepeats !== this.collapseRepeats)) {
      throw new PathCreditError(
        `cannot merge transition counts of order ${other.order} (collapseRepeats ${other.collapseRepeats}) into order ${this.order} (collapseRepeats ${this.collapseRepeats})`,
      );
    }
    const remap = this.#remap(other.channels);
    const nodeMap = new Int32Array(other.stateCount + FIRST_TRANSIENT);
    for (let i = 0; i < FIRST_TRANSIENT; i++) nodeMap[i] = i;
    const buf = new Uint32Array(this.order);
    for (let t = 0; t < other.stateCount; t++) {
      const len = other.states.lengths[t];
      const at = t * other.order;
      for (let i = 0; i < len; i++) buf[i] = remap[other.states.tuples[at + i]];
      const mine = this.states.intern(buf, 0, len);
      if (this.order === 1) {
        this.#ensureChannelStates();
        this.#stateOfChannel[buf[0]] = mine;
      }
      nodeMap[t + FIRST_TRANSIENT] = mine + FIRST_TRANSIENT;
    }
    const e = other.edges;
    for (let i = 0; i < e.size; i++) this.edges.add(nodeMap[e.from[i]], nodeMap[e.to[i]], e.count[i]);
    for (let t = 0; t < other.stateCount; t++) if (other.endValue[t] !== 0) this.#addEndValue(nodeMap[t + FIRST_TRANSIENT] - FIRST_TRANSIENT, other.endValue[t]);
    this.totalConversions += other.totalConversions;
    this.totalNulls += other.totalNulls;
    this.totalValue += other.totalValue;
    this.pathCount += other.pathCount;
    return this;
  }

  /**
   * Readable label of a node: `(start)`, `(conversion)`, `(null)`, or the
   * state's channel names joined by `" > "` (order 1: the channel name).
   */
  label(node: number): string {
    if (node < FIRST_TRANSIENT) return SPECIAL_STATE_LABELS[node];
    const names = this.dictionary.names;
    return this.states
      .tuple(node - FIRST_TRANSIENT)
      .map((c) => names[c])
      .join(STATE_LABEL_SEPARATOR);
  }

  /** Plain-JSON form (channels by name, so it can be merged with counters of other dictionaries). */
  toJSON(): TransitionCounterJSON {
    const states: number[][] = [];
    for (let t = 0; t < this.stateCount; t++) states.push(this.states.tuple(t));
    const n = this.edges.size;
    return {
      format: 'pathcredit.markov.counts',
      version: 1,
      order: this.order,
      collapseRepeats: this.collapseRepeats,
      channels: [...this.dictionary.names],
      states,
      from: Array.from(this.edges.from.subarray(0, n)),
      to: Array.from(this.edges.to.subarray(0, n)),
      count: Array.from(this.edges.count.subarray(0, n)),
      endValue: Array.from(this.endValue.subarray(0, this.stateCount)),
      totals: { conversions: this.totalConversions, nulls: this.totalNulls, value: this.totalValue, paths: this.pathCount },
    };
  }

  /**
   * Restores a counter from {@link TransitionCounter.toJSON} output.
   * @throws PathCreditError when the object is not a valid serialised counter.
   */
  static fromJSON(json: TransitionCounterJSON): TransitionCounter {
    const bad = (what: string, ...value: unknown[]): never => {
      throw new PathCreditError(`not a serialised TransitionCounter: ${what}`, value.length > 0 ? { value: value[0] } : {});
    };
    if (json === null || typeof json !== 'object' || json.format !== 'pathcredit.markov.counts') bad('format tag missing');
    if (json.version !== 1) bad('unsupported version', json.version);
    const c = new TransitionCounter({ order: json.order, collapseRepeats: json.collapseRepeats === true });
    if (!Array.isArray(json.channels) || !Array.isArray(json.states)) bad('channels and states must be arrays');
    for (const name of json.channels) {
      if (typeof name !== 'string') bad('channel names must be strings', name);
      c.dictionary.idOf(name);
    }
    if (c.dictionary.size !== json.channels.length) bad('duplicate channel names');
    const buf = new Uint32Array(c.order);
    json.states.forEach((tuple, t) => {
      if (!Array.isArray(tuple) || tuple.length < 1 || tuple.length > c.order) bad(`state ${t} must list 1..${c.order} channel ids`, tuple);
      tuple.forEach((ch, i) => {
        if (!Number.isInteger(ch) || ch < 0 || ch >= c.dictionary.size) bad(`state ${t} has an unknown channel id`, ch);
        buf[i] = ch;
      });
      if (c.states.intern(buf, 0, tuple.length) !== t) bad(`state ${t} is a duplicate`, tuple);
      if (c.order === 1) {
        c.#ensureChannelStates();
        c.#stateOfChannel[buf[0]] = t;
      }
    });
    const nodes = c.stateCount + FIRST_TRANSIENT;
    if (!Array.isArray(json.from) || !Array.isArray(json.to) || !Array.isArray(json.count) || json.from.length !== json.to.length || json.from.length !== json.count.length) {
      bad('from, to and count must be arrays of equal length');
    }
    for (let i = 0; i < json.from.length; i++) {
      const f = json.from[i];
      const t = json.to[i];
      const w = json.count[i];
      if (!Number.isInteger(f) || !Number.isInteger(t) || f < 0 || t < 0 || f >= nodes || t >= nodes) bad(`edge ${i} has an unknown node`, [f, t]);
      if (typeof w !== 'number' || !(w >= 0) || w === Infinity) bad(`edge ${i} has an invalid count`, w);
      c.edges.add(f, t, w);
    }
    if (!Array.isArray(json.endValue) || json.endValue.length !== c.stateCount) bad('endValue must have one number per state');
    json.endValue.forEach((v, t) => {
      if (typeof v !== 'number' || !(v >= 0) || v === Infinity) bad(`endValue ${t} is invalid`, v);
      if (v !== 0) c.#addEndValue(t, v);
    });
    const totals = json.totals;
    if (totals === null || typeof totals !== 'object') bad('totals missing');
    c.totalConversions = totals.conversions;
    c.totalNulls = totals.nulls;
    c.totalValue = totals.value;
    c.pathCount = totals.paths;
    return c;
  }

  // Store channel id -> counter channel id, by name (per channel, not per touch).
  #remap(channels: readonly string[]): Uint32Array {
    const remap = new Uint32Array(channels.length);
    for (let i = 0; i < channels.length; i++) remap[i] = this.dictionary.idOf(channels[i]);
    return remap;
  }

  #ensureChannelStates(): void {
    const need = this.dictionary.size;
    if (this.#stateOfChannel.length >= need) return;
    let size = this.#stateOfChannel.length;
    while (size < need) size *= 2;
    const next = new Int32Array(size).fill(-1);
    next.set(this.#stateOfChannel);
    this.#stateOfChannel = next;
  }

  #newChannelState(channel: number): number {
    const buf = this.#scratch;
    buf[0] = channel;
    const s = this.states.intern(buf, 0, 1);
    this.#stateOfChannel[channel] = s;
    return s;
  }

  #filled = 0;

  // Copies the path's (remapped, optionally collapsed) channel ids into the scratch buffer.
  #fill(remap: Uint32Array, touches: Uint32Array, a: number, b: number): Uint32Array {
    if (this.#scratch.length < b - a) {
      let size = this.#scratch.length;
      while (size < b - a) size *= 2;
      this.#scratch = new Uint32Array(size);
    }
    const buf = this.#scratch;
    let n = 0;
    if (this.collapseRepeats) {
      for (let i = a; i < b; i++) {
        const c = remap[touches[i]];
        if (n === 0 || buf[n - 1] !== c) buf[n++] = c;
      }
    } else {
      for (let i = a; i < b; i++) buf[n++] = remap[touches[i]];
    }
    this.#filled = n;
    return buf;
  }

  #addEndValue(state: number, v: number): void {
    if (state >= this.endValue.length) {
      let size = this.endValue.length;
      while (size <= state) size *= 2;
      const next = new Float64Array(size);
      next.set(this.endValue);
      this.endValue = next;
    }
    this.endValue[state] += v;
  }
}
