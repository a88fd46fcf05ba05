import type { PathStore } from '../types.js';

/**
 * One extra categorical column read alongside the journeys (for example a
 * `touch_type` column): its distinct values, each touch's value id and each
 * path's value id.
 */
export interface StoreAttribute {
  /** The input column the values came from. */
  readonly column: string;
  /** Distinct values, by id. */
  readonly names: readonly string[];
  /** Value id of each touch (aligned with `store.touches`), or null when the column is per path only. */
  readonly touch: Int32Array | null;
  /** Value id of each path: from the row that closes it (its conversion row, or its last touch for a null path). */
  readonly path: Int32Array;
}

/** A path store that may carry extra per-touch or per-path columns. */
export type StoreWithAttributes = PathStore & { readonly attributes?: readonly StoreAttribute[] };

/** The store's extra columns (an empty list when it has none). */
export function attributesOf(store: PathStore): readonly StoreAttribute[] {
  return (store as StoreWithAttributes).attributes ?? [];
}

/**
 * The extra column named `column`.
 * @returns the attribute, or undefined when the store has no such column.
 */
export function findAttribute(store: PathStore, column: string): StoreAttribute | undefined {
  return attributesOf(store).find((a) => a.column === column);
}
