import { fromPathRows, type PathAttribute, type PathStore } from '../../src/index.js';

/** A path row with one touch type per touch, e.g. `{ path: 'a > b', types: 'click > view', conversions: 1 }`. */
export interface TypedRow {
  path: string;
  types: string;
  conversions?: number;
  value?: number;
  nulls?: number;
  times?: number[];
}

/**
 * A store from path rows plus a hand-made `touch_type` column (the layout the
 * readers give extra columns: distinct values, a value id per touch and per path).
 */
export function typedStore(rows: TypedRow[], column = 'touch_type'): PathStore & { attributes: PathAttribute[] } {
  const store = fromPathRows(
    rows.map(({ types: _t, ...r }) => r),
    rows.some((r) => r.times) ? { timesColumn: 'times' } : {},
  );
  const names: string[] = [];
  const ids = new Map<string, number>();
  const touch: number[] = [];
  const path: number[] = [];
  for (const r of rows) {
    const types = r.types.split(' > ');
    if (types.length !== r.path.split(' > ').length) throw new Error(`types do not match the path: ${r.path} / ${r.types}`);
    for (const t of types) {
      if (!ids.has(t)) {
        ids.set(t, names.length);
        names.push(t);
      }
      touch.push(ids.get(t)!);
    }
    path.push(ids.get(types[types.length - 1])!);
  }
  return { ...store, attributes: [{ column, names, touch: Int32Array.from(touch), path: Int32Array.from(path) }] };
}
