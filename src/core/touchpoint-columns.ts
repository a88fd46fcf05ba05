import type { SparseConversions } from './sparse-conversions.js';

// The encoded touchpoint rows that readers hand to journey building. A file of
// its own so that build-journeys.ts and group-rows.ts (which reorders these
// columns for it) both depend on it rather than on each other.

/**
 * Touchpoint rows already encoded to typed arrays (by the Arrow, CSV or JS
 * readers), ready for journey building. Row `i` is one event.
 */
export interface TouchpointColumns {
  /** Number of rows. */
  readonly rowCount: number;
  /** Dense journey index per row (0 .. journeyIds.length - 1). */
  readonly journey: Int32Array;
  /** Journey id by journey index, in order of first appearance. */
  readonly journeyIds: readonly (string | number)[];
  /** Channel id per row, or -1 for a row without a channel (a conversion event on its own). */
  readonly channel: Int32Array;
  /** Event time per row in epoch ms, or null when the input has no timestamp column. */
  readonly time: Float64Array | null;
  /**
   * Sequence number per row (from a sequence column), ordering events of one
   * journey that share a timestamp; null when the input has none.
   */
  readonly sequence?: Float64Array | null;
  /** The converting rows (by row index) with their conversions and value; every other row has none. */
  readonly conversions: SparseConversions;
  /** Extra categorical columns (the readers' `attributeColumns`): each row's value id, and the values. */
  readonly attributes?: readonly RowAttribute[];
  /** Input row number per row, when rows were skipped while reading (else row i is input row i). */
  readonly inputRow?: Int32Array;
  /**
   * What a row with neither a channel nor conversions is: an input error
   * (`'error'`, the default), or, in event exports, a row that is not used
   * (`'ignore'`: counted in `store.ignoredRows`).
   */
  readonly emptyRows?: 'error' | 'ignore';
  /**
   * When the rows are a reordering of the reader's rows (see `groupRows`):
   * the reader's row at each position as a row code, `r` for reader row `r`,
   * or `-(k + 1)` when that row converts, `k` being its entry in
   * `conversions` (whose `rows[k]` is the reader row). Conversions thus
   * travel with their rows through the sort; `conversions` then serves only
   * as the entries' store.
   */
  readonly rowOrder?: Int32Array;
  /**
   * True when the columns belong to journey building: when the rows are
   * already in order it then writes its per-touch outputs over `channel`,
   * `time` and `journey` (each output slot lies at or before the row it comes
   * from) instead of allocating them, and the store's arrays are views of
   * those buffers. Saves three row-sized arrays, which at millions of rows is
   * much of the reading time (fresh memory costs page faults).
   */
  readonly reusable?: boolean;
}

/** One extra categorical column of touchpoint rows. */
export interface RowAttribute {
  /** The column's name. */
  readonly column: string;
  /** Distinct values by id. */
  readonly names: readonly string[];
  /** Each row's value id. */
  readonly values: Int32Array;
}
