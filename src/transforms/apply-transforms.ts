import { ChannelDictionary } from '../core/channel-dictionary.js';
import { dropUnusedChannels } from '../core/drop-unused-channels.js';
import { sharedFloat64, sharedInt32, sharedUint32 } from '../core/shared-arrays.js';
import { PathCreditError } from '../errors.js';
import { attributesOf } from '../touch-types/store-attributes.js';
import type { PathAttribute, PathStore } from '../types.js';
import { TRANSFORM_NAMES, type PathTransform } from './path-transform.js';

/**
 * Applies path transforms to every path of a store, in the order given, and
 * returns a new store (the input is not changed). Google fractribution's
 * transforms, to the letter of its templates/path_transforms.sql:
 *
 * - `unique`: the identity.
 * - `exposure`: consecutive repeats collapse to one touch (the first of the run).
 * - `first`: each channel's first touch only, in order of first appearance.
 * - `frequency`: each channel once, in order of first appearance, renamed with
 *   its count in the path (`B` twice becomes `B(2)`, a new channel).
 * - `trim-long-path` (steps N): the last N touches; N <= 0 keeps all.
 * - `remove-if-not-all` (channel C): every C touch goes, unless the path is
 *   only C, which is kept whole.
 * - `remove-if-last-and-not-all` (channel C): the trailing run of C goes,
 *   unless the path is only C, which is kept whole.
 *
 * Paths keep their rows: conversions, value, nulls, conversion times and
 * journey links are unchanged, so totals are conserved exactly. A kept touch
 * keeps its time, input row and extra columns (for `frequency`, those of the
 * channel's first touch). No transform empties a non-empty path. Channels no
 * touch uses any more (all of `Direct` removed, or `B` renamed `B(2)`) leave
 * the channel list.
 *
 * @param store - paths from any encoder.
 * @param transforms - the transforms, run left to right (see {@link parseTransforms}).
 * @returns the transformed store, or `store` itself when nothing can change.
 * @throws PathCreditError for an unknown transform or a bad argument.
 * @example
 * ```ts
 * const store = fromPathRows([{ path: 'D > A > B > B > C > D > C > C', conversions: 1 }]);
 * const t = applyTransforms(store, parseTransforms('exposure'));
 * // the path is now D > A > B > C > D > C
 * ```
 */
export function applyTransforms(store: PathStore, transforms: readonly PathTransform[]): PathStore {
  const steps = transforms.map(checkTransform);
  if (steps.every((t) => t.kind === 'unique' || (t.kind === 'trim-long-path' && t.steps <= 0))) return store;
  return new TransformRun(store, steps).run();
}

function checkTransform(t: PathTransform, i: number): PathTransform {
  const bad = (message: string) => new PathCreditError(`transform ${i + 1}: ${message}`, { column: 'transforms', value: t as unknown });
  if (t === null || typeof t !== 'object' || !(TRANSFORM_NAMES as readonly string[]).includes((t as { kind: string }).kind)) {
    throw bad(`unknown transform (known: ${TRANSFORM_NAMES.join(', ')})`);
  }
  if (t.kind === 'trim-long-path' && !Number.isInteger(t.steps)) throw bad('trim-long-path needs an integer number of steps');
  if ((t.kind === 'remove-if-not-all' || t.kind === 'remove-if-last-and-not-all') && (typeof t.channel !== 'string' || t.channel === '')) {
    throw bad(`${t.kind} needs a channel name`);
  }
  return t;
}

// One pass over the paths: each path is copied into a scratch buffer (channel
// ids and the source touch of each), every transform rewrites the buffer in
// place, and the result is appended to the output arrays.
class TransformRun {
  readonly #store: PathStore;
  readonly #steps: readonly PathTransform[];
  readonly #dictionary = new ChannelDictionary();
  // Target channel id of each remove-if step (-1: not a channel yet; a later `frequency` may create it).
  readonly #targets: Int32Array;
  // Scratch per channel: the epoch that last touched it and its count then.
  #stamp = new Int32Array(64);
  #count = new Int32Array(64);
  #epoch = 0;
  // Frequency names already interned: channel id -> (count -> new id).
  readonly #renamed: (Map<number, number> | undefined)[] = [];
  #ids = new Uint32Array(64);
  #src = new Int32Array(64);

  constructor(store: PathStore, steps: readonly PathTransform[]) {
    this.#store = store;
    this.#steps = steps;
    for (const name of store.channels) this.#dictionary.idOf(name);
    this.#targets = new Int32Array(steps.length).fill(-1);
    this.#resolveTargets();
    this.#grow(this.#dictionary.size);
  }

  run(): PathStore {
    const store = this.#store;
    const n = store.pathCount;
    const total = n > 0 ? store.offsets[n] : 0;
    const offsets = sharedInt32(n + 1);
    const touches = sharedUint32(total);
    const sources = new Int32Array(total);
    let out = 0;
    for (let p = 0; p < n; p++) {
      const a = store.offsets[p];
      let len = store.offsets[p + 1] - a;
      if (this.#ids.length < len) this.#widen(len);
      const ids = this.#ids;
      const src = this.#src;
      for (let k = 0; k < len; k++) {
        ids[k] = store.touches[a + k];
        src[k] = a + k;
      }
      for (let s = 0; s < this.#steps.length; s++) len = this.#apply(s, len);
      for (let k = 0; k < len; k++) {
        touches[out] = this.#ids[k];
        sources[out++] = this.#src[k];
      }
      offsets[p + 1] = out;
    }
    return dropUnusedChannels(this.#output(offsets, touches.subarray(0, out), sources.subarray(0, out)));
  }

  #output(offsets: Int32Array, touches: Uint32Array, sources: Int32Array): PathStore {
    const store = this.#store;
    const gatherF = (a: Float64Array) => {
      const b = sharedFloat64(sources.length);
      for (let k = 0; k < sources.length; k++) b[k] = a[sources[k]];
      return b;
    };
    const gatherI = (a: Int32Array) => {
      const b = sharedInt32(sources.length);
      for (let k = 0; k < sources.length; k++) b[k] = a[sources[k]];
      return b;
    };
    const attributes: PathAttribute[] = attributesOf(store).map((attr) => ({ ...attr, touch: attr.touch === null ? null : gatherI(attr.touch) }));
    const result: PathStore = {
      ...store,
      channels: this.#dictionary.names.slice(),
      offsets,
      touches,
      times: store.times === null ? null : gatherF(store.times),
      touchRows: store.touchRows === null ? null : gatherI(store.touchRows),
      ...(attributes.length > 0 ? { attributes } : {}),
    };
    return result;
  }

  // Rewrites the path buffer by step `s`; returns the new length.
  #apply(s: number, len: number): number {
    const t = this.#steps[s];
    const ids = this.#ids;
    const src = this.#src;
    switch (t.kind) {
      case 'unique':
        return len;
      case 'exposure': {
        let w = 0;
        for (let k = 0; k < len; k++) {
          if (k > 0 && ids[k] === ids[k - 1]) continue;
          ids[w] = ids[k];
          src[w++] = src[k];
        }
        return w;
      }
      case 'first': {
        const epoch = ++this.#epoch;
        let w = 0;
        for (let k = 0; k < len; k++) {
          const c = ids[k];
          if (this.#stamp[c] === epoch) continue;
          this.#stamp[c] = epoch;
          ids[w] = c;
          src[w++] = src[k];
        }
        return w;
      }
      case 'frequency':
        return this.#frequency(len);
      case 'trim-long-path': {
        if (t.steps <= 0 || len <= t.steps) return len;
        const from = len - t.steps;
        ids.copyWithin(0, from, len);
        src.copyWithin(0, from, len);
        return t.steps;
      }
      case 'remove-if-not-all': {
        const target = this.#targets[s];
        if (target < 0) return len;
        let w = 0;
        for (let k = 0; k < len; k++) if (ids[k] !== target) w++;
        if (w === 0) return len; // only the target: kept whole
        w = 0;
        for (let k = 0; k < len; k++) {
          if (ids[k] === target) continue;
          ids[w] = ids[k];
          src[w++] = src[k];
        }
        return w;
      }
      case 'remove-if-last-and-not-all': {
        const target = this.#targets[s];
        if (target < 0) return len;
        let tail = len;
        while (tail > 0 && ids[tail - 1] === target) tail--;
        return tail > 0 ? tail : len;
      }
    }
  }

  #frequency(len: number): number {
    const ids = this.#ids;
    const src = this.#src;
    const epoch = ++this.#epoch;
    for (let k = 0; k < len; k++) {
      const c = ids[k];
      if (this.#stamp[c] !== epoch) {
        this.#stamp[c] = epoch;
        this.#count[c] = 1;
      } else this.#count[c]++;
    }
    // First occurrences in order, renamed "name(count)"; the count is then
    // zeroed (as fractribution does) so later occurrences are skipped.
    let w = 0;
    for (let k = 0; k < len; k++) {
      const c = ids[k];
      const count = this.#count[c];
      if (count === 0) continue;
      this.#count[c] = 0;
      ids[w] = this.#renamedId(c, count);
      src[w++] = src[k];
    }
    return w;
  }

  #renamedId(c: number, count: number): number {
    let byCount = this.#renamed[c];
    if (byCount === undefined) this.#renamed[c] = byCount = new Map();
    let id = byCount.get(count);
    if (id === undefined) {
      const size = this.#dictionary.size;
      id = this.#dictionary.idOf(`${this.#dictionary.names[c]}(${count})`);
      byCount.set(count, id);
      if (this.#dictionary.size > size) {
        this.#grow(this.#dictionary.size);
        this.#resolveTargets();
      }
    }
    return id;
  }

  #resolveTargets(): void {
    this.#steps.forEach((t, s) => {
      if (this.#targets[s] < 0 && (t.kind === 'remove-if-not-all' || t.kind === 'remove-if-last-and-not-all')) this.#targets[s] = this.#dictionary.find(t.channel);
    });
  }

  #grow(channels: number): void {
    if (this.#stamp.length >= channels) return;
    const size = Math.max(channels, this.#stamp.length * 2);
    const stamp = new Int32Array(size);
    stamp.set(this.#stamp);
    const count = new Int32Array(size);
    count.set(this.#count);
    this.#stamp = stamp;
    this.#count = count;
  }

  #widen(len: number): void {
    const size = Math.max(len, this.#ids.length * 2);
    this.#ids = new Uint32Array(size);
    this.#src = new Int32Array(size);
  }
}
