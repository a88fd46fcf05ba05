import { tableFromArrays, type Table } from 'apache-arrow';
import type { TransitionCounter } from './transition-counter.js';
import { transitionColumns } from './transition-matrix.js';

/**
 * The transition matrix as an Apache Arrow table with columns `from`, `to`
 * (dictionary-encoded Utf8), `count` and `probability` (Float64), in the
 * order of {@link transitionColumns}.
 *
 * @example
 * ```ts
 * const table = transitionTable(new TransitionCounter({ order: 2 }).add(store));
 * table.numRows; // number of transitions
 * ```
 */
export function transitionTable(counter: TransitionCounter): Table {
  const c = transitionColumns(counter);
  return tableFromArrays({ from: c.from, to: c.to, count: c.count, probability: c.probability });
}
