import { makeVector, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { CreditsTable } from './credits-table.js';
import { flatColumnNames } from './flat-rows.js';

/**
 * Converts a credits table to an Apache Arrow `Table` with the columns of
 * {@link toFlatRows}: `row_type` (Utf8, `channel` or `total`), `channel`
 * (Utf8, null on the total row), then Float64 `<model>_conversions` and
 * `<model>_value` per model. The last row holds the totals.
 *
 * @param table - from {@link creditsTable}.
 * @returns an Arrow table with `channels.length + 1` rows.
 * @example
 * ```ts
 * const arrow = toArrowTable(creditsTable([linear(store)]));
 * arrow.getChild('linear_conversions')?.toArray(); // Float64Array [...per channel, total]
 * ```
 */
export function toArrowTable(table: CreditsTable): Table {
  const n = table.channels.length;
  const rowType: string[] = new Array<string>(n + 1).fill('channel');
  rowType[n] = 'total';
  const channel: (string | null)[] = [...table.channels, null];
  const names = flatColumnNames(table);
  const columns: Vector[] = [vectorFromArray(rowType, new Utf8()), vectorFromArray(channel, new Utf8())];
  for (const c of table.credits) {
    const conv = new Float64Array(n + 1);
    conv.set(c.conversions);
    conv[n] = c.totalConversions;
    const val = new Float64Array(n + 1);
    val.set(c.value);
    val[n] = c.totalValue;
    // makeVector wraps the Float64Array without copying and types it Float64.
    columns.push(makeVector(conv), makeVector(val));
  }
  // Built from entries so column order is exactly the flat-row order.
  return new Table(Object.fromEntries(names.map((name, i) => [name, columns[i]])));
}
