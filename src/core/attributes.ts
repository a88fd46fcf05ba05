import type { PathAttribute } from '../types.js';
import { sharedInt32 } from './shared-arrays.js';

/**
 * The attribute without the values no touch or path uses (those of rows that
 * were skipped or that closed no path), the rest renumbered in their order.
 * Returns the attribute itself when every value is used.
 */
export function dropUnusedValues(attribute: PathAttribute): PathAttribute {
  const count = attribute.names.length;
  const used = new Uint8Array(count);
  let distinct = 0;
  const mark = (ids: Int32Array) => {
    for (let i = 0; i < ids.length && distinct < count; i++) {
      if (used[ids[i]] === 0) {
        used[ids[i]] = 1;
        distinct++;
      }
    }
  };
  mark(attribute.path);
  if (attribute.touch !== null) mark(attribute.touch);
  if (distinct === count) return attribute;
  const remap = new Int32Array(count);
  const names: string[] = [];
  for (let v = 0; v < count; v++) {
    if (used[v] === 0) continue;
    remap[v] = names.length;
    names.push(attribute.names[v]);
  }
  const renumber = (ids: Int32Array) => {
    const out = sharedInt32(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = remap[ids[i]];
    return out;
  };
  return { column: attribute.column, names, touch: attribute.touch === null ? null : renumber(attribute.touch), path: renumber(attribute.path) };
}
