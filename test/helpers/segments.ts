// Segmented inputs for the tests: path rows with segment columns, read with attributeColumns,
// and the same input filtered to one segment, built independently through fromPathRows.
import { fromPathRows, type PathRow, type PathStore } from '../../src/index.js';

/** A path row with segment column values (strings). */
export type SegmentedRow = PathRow & Readonly<Record<string, unknown>>;

/** The rows as a store whose attributes are `columns`. */
export function segmentedStore(rows: readonly SegmentedRow[], columns: readonly string[], options: Parameters<typeof fromPathRows>[1] = {}): PathStore {
  return fromPathRows(rows as PathRow[], { ...options, attributeColumns: columns });
}

/** The rows of one segment (every column equal to `match`; "" matches an empty or missing value) as their own store, or null when none. */
export function filteredStore(rows: readonly SegmentedRow[], match: Readonly<Record<string, string>>, options: Parameters<typeof fromPathRows>[1] = {}): PathStore | null {
  const kept = rows.filter((r) => Object.entries(match).every(([k, v]) => String(r[k] ?? '') === v));
  return kept.length > 0 ? fromPathRows(kept as PathRow[], options) : null;
}
