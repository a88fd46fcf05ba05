import type { PathAttribute, PathStore } from '../types.js';

/**
 * The given paths of a store as a new store, in the order given (their
 * touches, times, counts, journey links and extra columns copied). What a full
 * recompute of one window would attribute; used to check the windows.
 */
export function selectPaths(store: PathStore, paths: Int32Array): PathStore {
  const m = paths.length;
  const src = store.offsets;
  const offsets = new Int32Array(m + 1);
  for (let i = 0; i < m; i++) offsets[i + 1] = offsets[i] + src[paths[i] + 1] - src[paths[i]];
  // Per-touch arrays are copied path by path with one loop per array type
  // (monomorphic, so each stays a plain typed-array copy).
  const touches = gatherTouchesU32(store.touches, src, paths, offsets);
  const attributes: PathAttribute[] | undefined = store.attributes?.map((a) => ({
    ...a,
    touch: a.touch === null ? null : gatherTouchesI32(a.touch, src, paths, offsets),
    path: gatherPathsI32(a.path, paths),
  }));
  return {
    channels: store.channels,
    pathCount: m,
    offsets,
    touches,
    times: store.times === null ? null : gatherTouchesF64(store.times, src, paths, offsets),
    conversionTimes: store.conversionTimes === null ? null : gatherPathsF64(store.conversionTimes, paths),
    conversions: gatherPathsF64(store.conversions, paths),
    value: gatherPathsF64(store.value, paths),
    nulls: gatherPathsF64(store.nulls, paths),
    pathJourney: store.pathJourney === null ? null : gatherPathsI32(store.pathJourney, paths),
    journeyIds: store.journeyIds,
    touchRows: store.touchRows === null ? null : gatherTouchesI32(store.touchRows, src, paths, offsets),
    ...(attributes ? { attributes } : {}),
  };
}

function gatherTouchesU32(a: Uint32Array, src: Int32Array, paths: Int32Array, offsets: Int32Array): Uint32Array {
  const out = new Uint32Array(offsets[paths.length]);
  for (let i = 0; i < paths.length; i++) {
    let from = src[paths[i]];
    for (let k = offsets[i]; k < offsets[i + 1]; k++) out[k] = a[from++];
  }
  return out;
}

function gatherTouchesI32(a: Int32Array, src: Int32Array, paths: Int32Array, offsets: Int32Array): Int32Array {
  const out = new Int32Array(offsets[paths.length]);
  for (let i = 0; i < paths.length; i++) {
    let from = src[paths[i]];
    for (let k = offsets[i]; k < offsets[i + 1]; k++) out[k] = a[from++];
  }
  return out;
}

function gatherTouchesF64(a: Float64Array, src: Int32Array, paths: Int32Array, offsets: Int32Array): Float64Array {
  const out = new Float64Array(offsets[paths.length]);
  for (let i = 0; i < paths.length; i++) {
    let from = src[paths[i]];
    for (let k = offsets[i]; k < offsets[i + 1]; k++) out[k] = a[from++];
  }
  return out;
}

function gatherPathsF64(a: Float64Array, paths: Int32Array): Float64Array {
  const out = new Float64Array(paths.length);
  for (let i = 0; i < paths.length; i++) out[i] = a[paths[i]];
  return out;
}

function gatherPathsI32(a: Int32Array, paths: Int32Array): Int32Array {
  const out = new Int32Array(paths.length);
  for (let i = 0; i < paths.length; i++) out[i] = a[paths[i]];
  return out;
}
