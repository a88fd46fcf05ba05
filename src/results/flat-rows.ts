import type { CreditsTable } from './credits-table.js';

/** Whether a flat row holds one channel's credit or the per-model totals. */
export type FlatRowType = 'channel' | 'total';

/**
 * One row of {@link toFlatRows}: `row_type`, `channel` (null on the total row),
 * then `<model>_conversions` and `<model>_value` for every model in table order.
 */
export type FlatCreditRow = { readonly row_type: FlatRowType; readonly channel: string | null } & Readonly<Record<string, number | string | null>>;

/**
 * Flattens a credits table into plain objects, one per channel plus a final
 * totals row, ready for CSV/JSON writers or a dataframe. The totals row is
 * marked by `row_type: 'total'` and `channel: null` (never a magic channel
 * name, since any string can be a channel). Column names cannot collide: the
 * suffixes `_conversions` and `_value` differ in their last letter.
 *
 * @param table - from {@link creditsTable}.
 * @returns `channels.length + 1` rows; keys in the order `row_type`, `channel`,
 *   then per model `<model>_conversions`, `<model>_value`.
 * @example
 * ```ts
 * toFlatRows(creditsTable([firstTouch(store), linear(store)]));
 * // [ { row_type: 'channel', channel: 'a', first_touch_conversions: 1, first_touch_value: 10, linear_conversions: 0.5, linear_value: 5 },
 * //   ...,
 * //   { row_type: 'total', channel: null, first_touch_conversions: 1, ... } ]
 * ```
 */
export function toFlatRows(table: CreditsTable): FlatCreditRow[] {
  const { credits, channels } = table;
  const out: FlatCreditRow[] = [];
  for (let i = 0; i <= channels.length; i++) {
    const total = i === channels.length;
    const entries: [string, number | string | null][] = [
      ['row_type', total ? 'total' : 'channel'],
      ['channel', total ? null : channels[i]],
    ];
    for (const c of credits) {
      entries.push([`${c.model}_conversions`, total ? c.totalConversions : c.conversions[i]]);
      entries.push([`${c.model}_value`, total ? c.totalValue : c.value[i]]);
    }
    out.push(Object.fromEntries(entries) as FlatCreditRow);
  }
  return out;
}

/** Column names of {@link toFlatRows} / {@link toArrowTable}, in order. */
export function flatColumnNames(table: CreditsTable): string[] {
  const names = ['row_type', 'channel'];
  for (const m of table.models) names.push(`${m}_conversions`, `${m}_value`);
  return names;
}
