import type { PathStore, SkippedRows, UnattributedConversions } from '../../types.js';
import type { DuckDBChunk } from './duckdb-session.js';

/** Columns of the engine's coded path summary, in result order. */
export const SUMMARY_COLUMNS = ['pc_path', 'pc_conv', 'pc_val', 'pc_nulls'] as const;

interface ListColumn {
  readonly itemCount: number;
  getEntryOffset(i: number): number;
  getEntryLength(i: number): number;
  readonly childVector: NumberColumn;
}
interface NumberColumn {
  getItem(i: number): unknown;
}

/**
 * Accumulates the coded path summary (a list of channel codes per distinct
 * path, with conversions, value and nulls)
 * straight from DuckDB's column vectors into typed arrays: offsets and codes
 * are copied element by element from the list's entries and child vector, with
 * no object per row or per touch.
 */
export class SummaryReader {
  #paths = 0;
  #touches = 0;
  #offsets = new Int32Array(1025);
  #codes = new Uint32Array(4096);
  #conv = new Float64Array(1024);
  #value = new Float64Array(1024);
  #nulls = new Float64Array(1024);

  /** Adds one result chunk (columns in {@link SUMMARY_COLUMNS} order). */
  add(chunk: DuckDBChunk): void {
    const rows = chunk.rowCount;
    const list = chunk.getColumnVector(0) as unknown as ListColumn;
    const conv = chunk.getColumnVector(1) as unknown as NumberColumn;
    const value = chunk.getColumnVector(2) as unknown as NumberColumn;
    const nulls = chunk.getColumnVector(3) as unknown as NumberColumn;
    const child = list.childVector;
    this.#reservePaths(this.#paths + rows);
    for (let i = 0; i < rows; i++) {
      const from = list.getEntryOffset(i);
      const length = list.getEntryLength(i);
      this.#reserveTouches(this.#touches + length);
      const codes = this.#codes;
      for (let k = 0; k < length; k++) codes[this.#touches + k] = child.getItem(from + k) as number;
      this.#touches += length;
      const p = this.#paths++;
      this.#offsets[p + 1] = this.#touches;
      this.#conv[p] = Number(conv.getItem(i));
      this.#value[p] = Number(value.getItem(i));
      this.#nulls[p] = Number(nulls.getItem(i));
    }
  }

  /** The path store (aggregated paths: no journeys, rows or times). */
  build(channels: readonly string[], extra: { unattributed?: UnattributedConversions; skipped?: SkippedRows }): PathStore {
    const n = this.#paths;
    return {
      channels,
      pathCount: n,
      offsets: this.#offsets.slice(0, n + 1),
      touches: this.#codes.slice(0, this.#touches),
      times: null,
      conversionTimes: null,
      conversions: this.#conv.slice(0, n),
      value: this.#value.slice(0, n),
      nulls: this.#nulls.slice(0, n),
      pathJourney: null,
      journeyIds: null,
      touchRows: null,
      ...(extra.unattributed ? { unattributed: extra.unattributed } : {}),
      ...(extra.skipped ? { skipped: extra.skipped } : {}),
    };
  }

  #reservePaths(n: number): void {
    if (n < this.#conv.length) return;
    const size = Math.max(n + 1, this.#conv.length * 2);
    this.#offsets = grow(this.#offsets, size + 1);
    this.#conv = grow(this.#conv, size);
    this.#value = grow(this.#value, size);
    this.#nulls = grow(this.#nulls, size);
  }

  #reserveTouches(n: number): void {
    if (n <= this.#codes.length) return;
    this.#codes = grow(this.#codes, Math.max(n, this.#codes.length * 2));
  }
}

function grow<T extends Int32Array | Uint32Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
