import type { PathAttribute, PathStore } from '../types.js';

/** The paths of one UTC day, as a store of their own. */
export interface DayStore {
  /** Day number (epoch ms / one day). */
  readonly day: number;
  /** That day's paths, in their input order (channel ids as in the whole store). */
  readonly store: PathStore;
}

/**
 * Visits the store one day at a time (days in increasing order), each day's
 * paths gathered into a store of their own: a counting sort of the paths by
 * day, then, per day, a copy of its touches, times, counts and extra columns.
 * Only one day's copy is alive at a time. Journey links are kept per path.
 */
export function forEachDay(store: PathStore, day: Int32Array, visit: (d: DayStore) => void): void {
  const n = store.pathCount;
  if (n === 0) return;
  let min = day[0];
  let max = day[0];
  for (let p = 1; p < n; p++) {
    if (day[p] < min) min = day[p];
    if (day[p] > max) max = day[p];
  }
  const span = max - min + 1;
  const count = new Int32Array(span + 1);
  for (let p = 0; p < n; p++) count[day[p] - min + 1]++;
  for (let d = 0; d < span; d++) count[d + 1] += count[d];
  const order = new Int32Array(n);
  const fill = count.slice(0, span);
  for (let p = 0; p < n; p++) order[fill[day[p] - min]++] = p;
  for (let d = 0; d < span; d++) {
    if (count[d + 1] > count[d]) visit({ day: min + d, store: gatherPaths(store, order.subarray(count[d], count[d + 1])) });
  }
}

/** The given paths of a store as a new store (in the order given). */
export function gatherPaths(store: PathStore, paths: Int32Array): PathStore {
  const m = paths.length;
  const offsets = new Int32Array(m + 1);
  for (let i = 0; i < m; i++) offsets[i + 1] = offsets[i] + store.offsets[paths[i] + 1] - store.offsets[paths[i]];
  const total = offsets[m];
  const touchIndex = new Int32Array(total);
  for (let i = 0; i < m; i++) {
    const a = store.offsets[paths[i]];
    for (let k = offsets[i]; k < offsets[i + 1]; k++) touchIndex[k] = a + k - offsets[i];
  }
  const byTouch = <T extends Int32Array | Uint32Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(total);
    for (let k = 0; k < total; k++) b[k] = a[touchIndex[k]];
    return b;
  };
  const byPath = <T extends Int32Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(m);
    for (let i = 0; i < m; i++) b[i] = a[paths[i]];
    return b;
  };
  const attributes: PathAttribute[] | undefined = store.attributes?.map((a) => ({ ...a, touch: a.touch === null ? null : byTouch(a.touch), path: byPath(a.path) }));
  return {
    channels: store.channels,
    pathCount: m,
    offsets,
    touches: byTouch(store.touches),
    times: store.times === null ? null : byTouch(store.times),
    conversionTimes: store.conversionTimes === null ? null : byPath(store.conversionTimes),
    conversions: byPath(store.conversions),
    value: byPath(store.value),
    nulls: byPath(store.nulls),
    pathJourney: store.pathJourney === null ? null : byPath(store.pathJourney),
    journeyIds: store.journeyIds,
    touchRows: store.touchRows === null ? null : byTouch(store.touchRows),
    ...(attributes ? { attributes } : {}),
  };
}
