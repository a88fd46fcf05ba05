// Stores with attribute columns made by hand (as the readers' attributeColumns give them),
// and the same input filtered to one segment, built independently through fromPathRows.
import { fromPathRows, type PathRow, type PathStore, type StoreAttribute } from '../../src/index.js';

/** Path rows with their segment column values. */
export type SegmentedRow = PathRow & { readonly attrs: Readonly<Record<string, string>> };

/** Adds attribute columns to a store: each path's value is `values[column][p]`; touches take their path's value unless `touchValues` gives them. */
export function withAttributes(store: PathStore, values: Readonly<Record<string, readonly string[]>>, touchValues?: Readonly<Record<string, readonly string[]>>): PathStore & { attributes: StoreAttribute[] } {
  const attributes = Object.entries(values).map(([column, perPath]): StoreAttribute => {
    const names: string[] = [];
    const ids = new Map<string, number>();
    const id = (v: string) => {
      let i = ids.get(v);
      if (i === undefined) {
        i = names.length;
        names.push(v);
        ids.set(v, i);
      }
      return i;
    };
    const path = Int32Array.from(perPath.slice(0, store.pathCount), id);
    const t = touchValues?.[column];
    const touch = t ? Int32Array.from(t, id) : null;
    return { column, names, touch, path };
  });
  return { ...store, attributes };
}

/** A store from rows with `attrs`, its attributes set from the rows. */
export function segmentedStore(rows: readonly SegmentedRow[], options: Parameters<typeof fromPathRows>[1] = {}): PathStore & { attributes: StoreAttribute[] } {
  const store = fromPathRows(rows as PathRow[], options);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.attrs)))];
  return withAttributes(store, Object.fromEntries(columns.map((c) => [c, rows.map((r) => r.attrs[c] ?? '')])));
}

/** The rows of one segment (all columns matching), as their own store. */
export function filteredStore(rows: readonly SegmentedRow[], match: Readonly<Record<string, string>>, options: Parameters<typeof fromPathRows>[1] = {}): PathStore | null {
  const kept = rows.filter((r) => Object.entries(match).every(([k, v]) => (r.attrs[k] ?? '') === v));
  return kept.length > 0 ? fromPathRows(kept as PathRow[], options) : null;
}
