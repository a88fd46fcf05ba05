import type { PathAttribute, PathStore } from '../types.js';

/** The store's extra columns (an empty list when it has none). */
export function attributesOf(store: PathStore): readonly PathAttribute[] {
  return store.attributes ?? [];
}

/**
 * The extra column named `column`.
 * @returns the attribute, or undefined when the store has no such column.
 */
export function findAttribute(store: PathStore, column: string): PathAttribute | undefined {
  return attributesOf(store).find((a) => a.column === column);
}
