import type { PathStore } from '../types.js';

/**
 * Removes channels that no touch uses (a dictionary entry that only a
 * skipped row, or rows outside a slice, referred to), renumbering the rest in
 * their order. Returns the store itself when every channel is used, which is
 * the common case and costs one pass over the touches.
 */
export function dropUnusedChannels(store: PathStore): PathStore {
  const count = store.channels.length;
  const used = new Uint8Array(count);
  const touches = store.touches;
  const end = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  let distinct = 0;
  for (let k = 0; k < end && distinct < count; k++) {
    const c = touches[k];
    if (used[c] === 0) {
      used[c] = 1;
      distinct++;
    }
  }
  if (distinct === count) return store;
  const remap = new Uint32Array(count);
  const channels: string[] = [];
  for (let c = 0; c < count; c++) {
    if (used[c] === 1) {
      remap[c] = channels.length;
      channels.push(store.channels[c]);
    }
  }
  const renumbered = new Uint32Array(end);
  for (let k = 0; k < end; k++) renumbered[k] = remap[touches[k]];
  return { ...store, channels, touches: renumbered };
}
