import type { PathStore } from '../types.js';

/**
 * The store with consecutive repeated channels merged in every path
 * (`a > a > b > a` becomes `a > b > a`); a merged run keeps the time of its
 * first touch. Counts are unchanged; a path without a known conversion time
 * gets its original last touch's time as one, so times to conversion (and the
 * end of a journey) still run to the real last touch.
 */
export function collapseRepeatedTouches(store: PathStore): PathStore {
  const n = store.pathCount;
  const { offsets, touches, times } = store;
  const total = n > 0 ? offsets[n] : 0;
  const outOffsets = new Int32Array(n + 1);
  const outTouches = new Uint32Array(total);
  const outTimes = times !== null ? new Float64Array(total) : null;
  let at = 0;
  for (let p = 0; p < n; p++) {
    for (let k = offsets[p]; k < offsets[p + 1]; k++) {
      if (k > offsets[p] && touches[k] === touches[k - 1]) continue;
      outTouches[at] = touches[k];
      if (outTimes !== null) outTimes[at] = times![k];
      at++;
    }
    outOffsets[p + 1] = at;
  }
  let conversionTimes = store.conversionTimes;
  if (times !== null) {
    const out = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const own = conversionTimes?.[p];
      out[p] = own !== undefined && Number.isFinite(own) ? own : offsets[p + 1] > offsets[p] ? times[offsets[p + 1] - 1] : NaN;
    }
    conversionTimes = out;
  }
  return { ...store, offsets: outOffsets, touches: outTouches.slice(0, at), times: outTimes === null ? null : outTimes.slice(0, at), conversionTimes, touchRows: null, attributes: undefined };
}
