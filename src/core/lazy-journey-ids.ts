import type { PathStore } from '../types.js';

// Journey counts of stores whose ids are not decoded yet (see withLazyJourneyIds).
const pendingCounts = new WeakMap<PathStore, number>();

/**
 * Makes `store.journeyIds` decode on first read: `decode` runs once, when the
 * property is first read (by a per-journey output, a copy of the store, a
 * worker message), and the property then holds the decoded array. A reader of
 * hundreds of thousands of journeys would otherwise make as many strings
 * (about 60 bytes each, and the garbage collector's copying of them) that
 * attribution by channel never reads. {@link journeyCount} tells the number
 * of journeys without decoding.
 *
 * @param store - a store fresh from a reader, not yet shared.
 * @param count - the number of journey ids `decode` returns.
 * @param decode - the ids, by journey index.
 * @returns the same store.
 * @example
 * ```ts
 * return withLazyJourneyIds(store, table.size, () => table.names());
 * ```
 */
export function withLazyJourneyIds<S extends PathStore>(store: S, count: number, decode: () => readonly (string | number)[]): S {
  pendingCounts.set(store, count);
  Object.defineProperty(store, 'journeyIds', {
    enumerable: true,
    configurable: true,
    get(): readonly (string | number)[] {
      const ids = decode();
      Object.defineProperty(store, 'journeyIds', { value: ids, enumerable: true, writable: false, configurable: false });
      pendingCounts.delete(store);
      return ids;
    },
  });
  return store;
}

/**
 * The number of journeys behind a store's paths when it has journey ids (null
 * for aggregated path input), without decoding ids that are decoded on demand
 * (see {@link withLazyJourneyIds}).
 */
export function journeyCount(store: PathStore): number | null {
  const pending = pendingCounts.get(store);
  if (pending !== undefined) return pending;
  return store.journeyIds === null ? null : store.journeyIds.length;
}
