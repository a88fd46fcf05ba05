import type { PathStore } from '../types.js';

type Shareable = Int32Array | Uint32Array | Float64Array;

/** True when the arrays worker threads read (offsets, touches, counts) are backed by SharedArrayBuffer. */
export function isShared(store: Pick<PathStore, 'offsets' | 'touches' | 'conversions' | 'value' | 'nulls'>): boolean {
  return [store.offsets, store.touches, store.conversions, store.value, store.nulls].every((a) => a.buffer instanceof SharedArrayBuffer);
}

/**
 * `a` itself when it is backed by a SharedArrayBuffer, else a copy that is, so worker
 * threads can read it in place.
 * @example
 * ```ts
 * shareArray(Float64Array.of(1, 2)).buffer instanceof SharedArrayBuffer; // true
 * ```
 */
export function shareArray<T extends Shareable>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/**
 * The store with its arrays copied into SharedArrayBuffers (arrays already
 * shared are kept), so worker threads read them in place. The CSV readers
 * build shared stores already; a store viewing an Arrow table's buffers
 * (zero-copy, not shareable) needs this copy before threads can count it,
 * which pays off when it is counted several times (intervals, order
 * selection) more than once.
 *
 * @example
 * ```ts
 * const shared = shareStore(fromArrow(table));
 * await markovAsync(shared, { threads: 2 });
 * ```
 */
export function shareStore(store: PathStore): PathStore {
  const share = shareArray;
  return {
    ...store,
    offsets: share(store.offsets),
    touches: share(store.touches),
    conversions: share(store.conversions),
    value: share(store.value),
    nulls: share(store.nulls),
    times: store.times && share(store.times),
  };
}
