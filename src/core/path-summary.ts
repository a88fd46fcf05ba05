import { ChannelDictionary } from './channel-dictionary.js';
import { growFloat64, growInt32, growUint32 } from './growable.js';
import { checkCounts } from './validate-counts.js';
import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';

/** Serialised form of a {@link PathSummary} (plain JSON). */
export interface PathSummaryJSON {
  readonly kind: 'pathcredit.PathSummary';
  readonly version: 1;
  readonly channels: string[];
  readonly offsets: number[];
  readonly touches: number[];
  readonly conversions: number[];
  readonly value: number[];
  readonly nulls: number[];
  /** Rows skipped by the readers (`skipInvalid`), with up to 10 sample messages. */
  readonly skipped?: { readonly count: number; readonly samples: string[] };
  /** Conversions no touch could take. */
  readonly unattributed?: { readonly events: number; readonly conversions: number; readonly value: number };
}

/**
 * A mergeable, serialisable summary of paths: every distinct channel
 * sequence once, with its conversions, value and nulls summed. Feed it
 * stores one batch at a time (`add`), combine summaries built elsewhere
 * (`merge`), and turn it into a store for any model (`toStore`). Memory grows
 * with the number of distinct paths, not with the number of journeys.
 *
 * Every model except time decay gives the same credits from the summary as
 * from the journeys it summarises (time decay needs per-touch times: use a
 * `CreditAccumulator` (in the stream layer) for it).
 *
 * @example
 * ```ts
 * const summary = new PathSummary();
 * for await (const batch of reader) summary.add(fromArrowPaths(new Table(batch)));
 * const { table } = attribute(summary.toStore(), { models: ['linear', 'markov'] });
 * ```
 */
export class PathSummary {
  readonly #dictionary = new ChannelDictionary();
  readonly #offsets = growInt32(1024);
  readonly #touches = growUint32(4096);
  readonly #conversions = growFloat64(1024);
  readonly #value = growFloat64(1024);
  readonly #nulls = growFloat64(1024);
  readonly #hashes = growInt32(1024);
  #slots = new Int32Array(1024).fill(-1);
  #scratch = new Uint32Array(64);
  #skippedCount = 0;
  readonly #skippedSamples: string[] = [];
  #unattributed = { events: 0, conversions: 0, value: 0 };

  constructor() {
    this.#offsets.push(0);
  }

  /** Number of distinct paths. */
  get pathCount(): number {
    return this.#offsets.length - 1;
  }

  /** Channel names, in first-appearance order over everything added. */
  get channels(): readonly string[] {
    return this.#dictionary.names;
  }

  /**
   * Adds every path of a store (channels are matched by name), and its counts
   * of skipped rows and unattributed conversions. `samplePrefix` is put before
   * the store's skipped-row samples (e.g. to say which batch they came from).
   * Returns this.
   */
  add(store: PathStore, samplePrefix = ''): this {
    if (store.skipped) {
      this.#skippedCount += store.skipped.count;
      for (const sample of store.skipped.samples) if (this.#skippedSamples.length < 10) this.#skippedSamples.push(samplePrefix + sample);
    }
    if (store.unattributed) {
      this.#unattributed.events += store.unattributed.events;
      this.#unattributed.conversions += store.unattributed.conversions;
      this.#unattributed.value += store.unattributed.value;
    }
    const remap = new Uint32Array(store.channels.length);
    for (let c = 0; c < store.channels.length; c++) remap[c] = this.#dictionary.idOf(store.channels[c]);
    const { offsets, touches } = store;
    for (let p = 0; p < store.pathCount; p++) {
      const a = offsets[p];
      const len = offsets[p + 1] - a;
      if (this.#scratch.length < len) this.#scratch = new Uint32Array(len * 2);
      const path = this.#scratch;
      for (let k = 0; k < len; k++) path[k] = remap[touches[a + k]];
      this.#addPath(path, len, store.conversions[p], store.value[p], store.nulls[p]);
    }
    return this;
  }

  /** Adds another summary's paths (an empty one, e.g. a shard without rows, adds nothing). Returns this. */
  merge(other: PathSummary): this {
    return other.pathCount === 0 ? this : this.add(other.toStore());
  }

  #addPath(path: Uint32Array, len: number, conversions: number, value: number, nulls: number): void {
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < len; k++) h = Math.imul(h ^ path[k], 0x01000193);
    h = Math.imul(h ^ len, 0x01000193);
    const mask = this.#slots.length - 1;
    let s = h & mask;
    for (;;) {
      const q = this.#slots[s];
      if (q < 0) break;
      if (this.#hashes.data[q] === h && this.#same(q, path, len)) {
        this.#conversions.data[q] += conversions;
        this.#value.data[q] += value;
        this.#nulls.data[q] += nulls;
        return;
      }
      s = (s + 1) & mask;
    }
    const q = this.pathCount;
    this.#slots[s] = q;
    this.#hashes.push(h);
    for (let k = 0; k < len; k++) this.#touches.push(path[k]);
    this.#offsets.push(this.#touches.length);
    this.#conversions.push(conversions);
    this.#value.push(value);
    this.#nulls.push(nulls);
    if (this.pathCount * 2 > this.#slots.length) this.#rehash();
  }

  #same(q: number, path: Uint32Array, len: number): boolean {
    const a = this.#offsets.data[q];
    if (this.#offsets.data[q + 1] - a !== len) return false;
    const touches = this.#touches.data;
    for (let k = 0; k < len; k++) if (touches[a + k] !== path[k]) return false;
    return true;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let q = 0; q < this.pathCount; q++) {
      let s = this.#hashes.data[q] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = q;
    }
    this.#slots = slots;
  }

  /**
   * The summary as a path store (copies, so the summary can keep growing).
   * @throws PathCreditError when nothing was added.
   */
  toStore(): PathStore {
    const n = this.pathCount;
    if (n === 0) throw new PathCreditError('the path summary is empty: nothing was added');
    const store: PathStore = {
      channels: this.#dictionary.names.slice(),
      pathCount: n,
      offsets: this.#offsets.data.slice(0, n + 1),
      touches: this.#touches.data.slice(0, this.#touches.length),
      times: null,
      conversionTimes: null,
      conversions: this.#conversions.data.slice(0, n),
      value: this.#value.data.slice(0, n),
      nulls: this.#nulls.data.slice(0, n),
      pathJourney: null,
      journeyIds: null,
      touchRows: null,
    };
    return { ...store, ...this.#extras() };
  }

  #extras(): Pick<PathStore, 'skipped' | 'unattributed'> {
    return {
      ...(this.#skippedCount > 0 ? { skipped: { count: this.#skippedCount, samples: this.#skippedSamples.slice() } } : {}),
      ...(this.#unattributed.events > 0 ? { unattributed: { ...this.#unattributed } } : {}),
    };
  }

  /** Plain JSON (numbers round-trip exactly through `JSON.stringify`). */
  toJSON(): PathSummaryJSON {
    const n = this.pathCount;
    return {
      kind: 'pathcredit.PathSummary',
      version: 1,
      channels: this.#dictionary.names.slice(),
      offsets: Array.from(this.#offsets.data.subarray(0, n + 1)),
      touches: Array.from(this.#touches.data.subarray(0, this.#touches.length)),
      conversions: Array.from(this.#conversions.data.subarray(0, n)),
      value: Array.from(this.#value.data.subarray(0, n)),
      nulls: Array.from(this.#nulls.data.subarray(0, n)),
      ...(this.#extras() as Pick<PathSummaryJSON, 'skipped' | 'unattributed'>),
    };
  }

  /**
   * Restores a summary from {@link PathSummary.toJSON} output.
   * @throws PathCreditError when the object is not a serialised summary.
   */
  static fromJSON(json: PathSummaryJSON): PathSummary {
    if (json?.kind !== 'pathcredit.PathSummary' || json.version !== 1) {
      throw new PathCreditError('not a serialised PathSummary (version 1)', { value: json?.kind });
    }
    const bad = (what: string, value?: unknown): never => {
      throw new PathCreditError(`serialised PathSummary: ${what}`, value === undefined ? {} : { value });
    };
    const arrays = [json.channels, json.offsets, json.touches, json.conversions, json.value, json.nulls];
    if (!arrays.every(Array.isArray)) bad('channels, offsets, touches, conversions, value and nulls must be arrays');
    const n = json.offsets.length - 1;
    if (n < 0 || json.offsets[0] !== 0 || json.conversions.length !== n || json.value.length !== n || json.nulls.length !== n) bad('inconsistent lengths');
    if (json.offsets[n] !== json.touches.length) bad('offsets do not cover the touches');
    for (let p = 0; p < n; p++) if (!(json.offsets[p + 1] > json.offsets[p])) bad(`path ${p} has no touches or offsets decrease`);
    if (new Set(json.channels).size !== json.channels.length || !json.channels.every((c) => typeof c === 'string')) bad('channel names must be distinct strings');
    for (const id of json.touches) if (!(Number.isInteger(id) && id >= 0 && id < json.channels.length)) bad('a touch names an unknown channel id', id);
    const columns = { conversions: 'conversions', value: 'value', nulls: 'nulls' };
    for (let p = 0; p < n; p++) {
      const err = checkCounts(json.conversions[p], json.value[p], json.nulls[p], columns, { row: p });
      if (err) throw err;
    }
    const summary = new PathSummary();
    if (n > 0) {
      summary.add({
        channels: json.channels,
        pathCount: n,
        offsets: Int32Array.from(json.offsets),
        touches: Uint32Array.from(json.touches),
        times: null,
        conversionTimes: null,
        conversions: Float64Array.from(json.conversions),
        value: Float64Array.from(json.value),
        nulls: Float64Array.from(json.nulls),
        pathJourney: null,
        journeyIds: null,
        touchRows: null,
        ...(json.skipped ? { skipped: json.skipped } : {}),
        ...(json.unattributed ? { unattributed: json.unattributed } : {}),
      });
    }
    return summary;
  }
}
