import type { PathStore } from '../types.js';
import { sharedUint32 } from './shared-arrays.js';

/**
 * Removes channels that no touch uses (a dictionary entry that only a
 * skipped row, or rows outside a slice, referred to), renumbering the rest in
 * their order. Returns the store itself when every channel is used, which is
 * the common case and costs one pass over the touches.
 *
 * With `firstUse`, channels are also renumbered in order of their first touch
 * (for a reader whose dictionary may have seen names of rows it then
 * rejected, so that ids follow the kept rows only).
 */
export function dropUnusedChannels(store: PathStore, firstUse = false): PathStore {
  const count = store.channels.length;
  const touches = store.touches;
  const end = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  // New id of each used channel, in order of first touch (-1 = unused).
  const order = new Int32Array(count).fill(-1);
  let distinct = 0;
  let inOrder = true;
  for (let k = 0; k < end && distinct < count; k++) {
    const c = touches[k];
    if (order[c] < 0) {
      if (c !== distinct) inOrder = false;
      order[c] = distinct++;
    }
  }
  if (distinct === count && (inOrder || !firstUse)) return store;
  const remap = new Uint32Array(count);
  const channels: string[] = new Array(distinct);
  if (firstUse) {
    for (let c = 0; c < count; c++) {
      if (order[c] < 0) continue;
      remap[c] = order[c];
      channels[order[c]] = store.channels[c];
    }
  } else {
    let next = 0;
    for (let c = 0; c < count; c++) {
      if (order[c] < 0) continue;
      remap[c] = next;
      channels[next++] = store.channels[c];
    }
  }
  const renumbered = sharedUint32(end);
  for (let k = 0; k < end; k++) renumbered[k] = remap[touches[k]];
  return { ...store, channels, touches: renumbered };
}
