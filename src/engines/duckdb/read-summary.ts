import { dropUnusedChannels } from '../../core/drop-unused-channels.js';
import { PathSummary } from '../../core/path-summary.js';
import type { PathStore, SkippedRows } from '../../types.js';
import type { DuckDBChunk } from './duckdb-session.js';

/**
 * Columns of the engine's row stream, in result order: every valid row of
 * every path, sorted by journey, path and position, with `pc_keep = 1` on the
 * touches kept in the path and the channel as an integer code.
 */
export const ROW_STREAM_COLUMNS = ['pc_seg', 'pc_pos', 'pc_keep', 'pc_code', 'pc_conv', 'pc_val', 'pc_nulls'] as const;

interface NumberColumn {
  getItem(i: number): unknown;
}

/** Touches per batch handed to the summary. */
const BATCH_TOUCHES = 1 << 20;

/**
 * Folds DuckDB's sorted row stream into a {@link PathSummary}: values are
 * read from the chunks' column vectors into typed arrays (no object per row),
 * paths are cut where the path number changes or the position restarts (a
 * new journey), and batches of complete paths are added to the summary, whose
 * memory grows with the distinct paths only. A path whose rows keep no touch
 * is a conversion no touch can take: it is counted as unattributed.
 */
export class RowStreamReader {
  readonly #summary = new PathSummary();
  readonly #channels: readonly string[];
  #offsets = new Int32Array(1 << 16);
  #touches = new Uint32Array(BATCH_TOUCHES + 4096);
  #conv = new Float64Array(1 << 16);
  #value = new Float64Array(1 << 16);
  #nulls = new Float64Array(1 << 16);
  #paths = 0;
  #t = 0;
  // The open path: where it starts in #touches and its counts.
  #open = 0;
  #openConv = 0;
  #openValue = 0;
  #openNulls = 0;
  #prevSeg = -1;
  #prevPos = Infinity;
  #unattributed = { events: 0, conversions: 0, value: 0 };

  /** @param channels - channel names by code. */
  constructor(channels: readonly string[]) {
    this.#channels = channels;
  }

  /** Adds one result chunk (columns in {@link ROW_STREAM_COLUMNS} order). */
  add(chunk: DuckDBChunk): void {
    const rows = chunk.rowCount;
    const [seg, pos, keep, code, conv, value, nulls] = ROW_STREAM_COLUMNS.map((_, c) => chunk.getColumnVector(c) as unknown as NumberColumn);
    for (let i = 0; i < rows; i++) {
      const s = seg.getItem(i) as number;
      const p = pos.getItem(i) as number;
      if (s !== this.#prevSeg || p <= this.#prevPos) {
        this.#closePath();
        this.#openConv = conv.getItem(i) as number;
        this.#openValue = value.getItem(i) as number;
        this.#openNulls = nulls.getItem(i) as number;
      }
      this.#prevSeg = s;
      this.#prevPos = p;
      if (keep.getItem(i) === 1) {
        if (this.#t === this.#touches.length) this.#touches = grow(this.#touches, this.#touches.length * 2);
        this.#touches[this.#t++] = code.getItem(i) as number;
      }
    }
  }

  /** The summary as a store, with the skipped rows and unattributed conversions. */
  finish(skipped: SkippedRows | undefined): PathStore {
    this.#closePath();
    this.#flush(true);
    if (skipped !== undefined || this.#unattributed.events > 0) {
      // Counts only: an empty batch that carries them into the summary.
      this.#summary.add({ ...this.#batch(0, 0), ...(skipped ? { skipped } : {}), ...(this.#unattributed.events > 0 ? { unattributed: this.#unattributed } : {}) });
    }
    if (this.#summary.pathCount === 0) {
      // Nothing to attribute (the models say so); the counts still show what was read.
      return { ...this.#batch(0, 0), channels: [], ...(skipped ? { skipped } : {}), ...(this.#unattributed.events > 0 ? { unattributed: this.#unattributed } : {}) };
    }
    return dropUnusedChannels(this.#summary.toStore());
  }

  #closePath(): void {
    if (this.#prevSeg < 0) return;
    if (this.#t > this.#open) {
      const k = this.#paths++;
      if (this.#paths === this.#conv.length) this.#growPaths();
      this.#offsets[k + 1] = this.#t;
      this.#conv[k] = this.#openConv;
      this.#value[k] = this.#openValue;
      this.#nulls[k] = this.#openNulls;
      this.#open = this.#t;
      if (this.#t >= BATCH_TOUCHES) this.#flush(false);
    } else if (this.#openConv > 0) {
      this.#unattributed.events++;
      this.#unattributed.conversions += this.#openConv;
      this.#unattributed.value += this.#openValue;
    }
  }

  /** Hands the complete paths to the summary and starts a new batch. */
  #flush(last: boolean): void {
    if (this.#paths > 0) this.#summary.add(this.#batch(this.#paths, this.#t));
    this.#paths = 0;
    this.#t = 0;
    this.#open = 0;
    if (!last) this.#offsets[0] = 0;
  }

  #batch(paths: number, touches: number): PathStore {
    return {
      channels: this.#channels,
      pathCount: paths,
      offsets: this.#offsets.subarray(0, paths + 1),
      touches: this.#touches.subarray(0, touches),
      times: null,
      conversionTimes: null,
      conversions: this.#conv.subarray(0, paths),
      value: this.#value.subarray(0, paths),
      nulls: this.#nulls.subarray(0, paths),
      pathJourney: null,
      journeyIds: null,
      touchRows: null,
    };
  }

  #growPaths(): void {
    const size = this.#conv.length * 2;
    this.#offsets = grow(this.#offsets, size + 1);
    this.#conv = grow(this.#conv, size);
    this.#value = grow(this.#value, size);
    this.#nulls = grow(this.#nulls, size);
  }
}

function grow<T extends Int32Array | Uint32Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
