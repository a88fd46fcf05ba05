import type { PathStore } from '../../src/index.js';

/** A store as sorted text lines `a > b | conv | value | nulls`, independent of channel ids and path order. */
export function canonicalPaths(store: PathStore): string[] {
  const lines: string[] = [];
  for (let p = 0; p < store.pathCount; p++) {
    const names: string[] = [];
    for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) names.push(JSON.stringify(store.channels[store.touches[k]]));
    lines.push(`${names.join(' > ')} | ${store.conversions[p]} | ${store.value[p]} | ${store.nulls[p]}`);
  }
  return lines.sort();
}

/** Paths as arrays of channel names, in store order. */
export function pathNames(store: PathStore): string[][] {
  const out: string[][] = [];
  for (let p = 0; p < store.pathCount; p++) {
    const names: string[] = [];
    for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) names.push(store.channels[store.touches[k]]);
    out.push(names);
  }
  return out;
}
