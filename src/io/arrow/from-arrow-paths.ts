import type { TimestampFormat } from '../csv/options.js';
import { type Data, type Table, Type, type Vector } from 'apache-arrow';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { dropUnusedChannels } from '../../core/drop-unused-channels.js';
import { SkipLog } from '../../core/skip-log.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { checkCounts } from '../../core/validate-counts.js';
import { PathCreditError } from '../../errors.js';
import type { PathAttribute, PathStore } from '../../types.js';
import { splitPath } from '../from-path-rows.js';
import { dropUnusedValues } from '../../core/attributes.js';
import type { RowAttribute } from '../../core/build-journeys.js';
import { readAttributes } from './read-attributes.js';
import { PATH_DEFAULTS, type PathColumnsOptions } from '../path-options.js';
import { findColumn, isNullAt, isUtf8, offsetsOf, requireColumn, typeName } from './arrow-data.js';
import { dictionaryRemap } from './intern-strings.js';
import { readNumbers } from './read-numbers.js';
import { copyTimestamps, numericUnit, type NumericTimeUnit } from './read-timestamps.js';

/** Options of {@link fromArrowPaths}: the path-layout column names plus a source label. */
export interface ArrowPathsOptions extends PathColumnsOptions {
  /** Source label used in error messages (e.g. the file name). */
  readonly file?: string;
  /**
   * How plain numbers in a timestamp column are read: `'epoch-s'` as epoch
   * seconds, anything else (default) as epoch milliseconds. Arrow timestamp and
   * date columns carry their own unit; strings are ISO-8601.
   */
  readonly timestampFormat?: TimestampFormat;
  /** Encode into this dictionary (to combine several inputs with shared channel ids). */
  readonly dictionary?: ChannelDictionary;
}

/** One chunk of the path column resolved to channel ids per list element. */
interface PathChunk {
  readonly start: number; // first table row of the chunk
  readonly data: Data;
  readonly offsets: Int32Array | Float64Array | null; // list offsets (absolute), null for string paths
  readonly ids: Uint32Array | null; // channel id per child element (NULL_ID = null), indexed by child position
  readonly strings: (string[] | null)[] | null; // split string paths
  readonly childNulls: boolean; // some list item is null (ids hold NULL_ID)
}

const decoder = new TextDecoder();
/** Marks a null list item in a chunk's ids (no channel id reaches 2^32 - 1). */
const NULL_ID = 0xffffffff;

/**
 * Encodes an Arrow table in the **path layout** (one row per path) into a
 * {@link PathStore}. The path column may be `List<Utf8>`, `List<Dictionary<Utf8>>`
 * (list offsets and dictionary keys are read directly; per-batch dictionaries
 * are remapped to global ids), or a delimited `Utf8` string. Counts may be any
 * Arrow numeric type. An optional list column of per-touch times (Arrow
 * timestamps, dates, epoch ms or ISO strings) enables time decay. Multi-batch
 * and sliced tables give the same store as one contiguous batch.
 *
 * @throws PathCreditError on an empty table, a missing column, a null or empty
 *   path, a null channel, invalid counts, or times that do not match the path.
 * @example
 * ```ts
 * const table = tableFromArrays({ path: ..., conversions: Float64Array.from([1, 0]) });
 * const store = fromArrowPaths(table);
 * ```
 */
export function fromArrowPaths(table: Table, options: ArrowPathsOptions = {}): PathStore {
  const file = options.file;
  const pathCol = options.pathColumn ?? PATH_DEFAULTS.pathColumn;
  const convCol = options.conversionsColumn ?? PATH_DEFAULTS.conversionsColumn;
  const valueCol = options.valueColumn ?? PATH_DEFAULTS.valueColumn;
  const nullsCol = options.nullsColumn ?? PATH_DEFAULTS.nullsColumn;
  const separator = options.separator ?? PATH_DEFAULTS.separator;
  const n = table.numRows;
  if (n === 0) throw new PathCreditError('the input has no rows', { file });

  const pathVec = requireColumn(table, pathCol, file);
  const conv = readNumbers(requireColumn(table, convCol, file), convCol, file);
  const valueVec = options.valueColumn !== undefined ? requireColumn(table, valueCol, file) : findColumn(table, valueCol);
  const nullsVec = options.nullsColumn !== undefined ? requireColumn(table, nullsCol, file) : findColumn(table, nullsCol);
  const value = valueVec ? readNumbers(valueVec, valueCol, file) : new Float64Array(n);
  const nulls = nullsVec ? readNumbers(nullsVec, nullsCol, file) : new Float64Array(n);
  const timesVec = options.timesColumn !== undefined ? requireColumn(table, options.timesColumn, file) : null;

  const dictionary = options.dictionary ?? new ChannelDictionary();
  const interner = new Utf8Interner(dictionary);
  const chunks = resolvePathChunks(pathVec, interner, separator, pathCol, file);
  const times = timesVec ? resolveTimes(timesVec, options.timesColumn!, file, numericUnit(options.timestampFormat)) : null;

  // Pass 1: validate every row and size the output exactly. Tight loops over
  // the typed arrays mark good rows; only rows that fail get the detailed
  // (allocating) checks, in row order, so the first error is the first bad row.
  const skips = new SkipLog(options.skipInvalid ?? false);
  const keep = markValidRows(chunks, conv, value, nulls, n);
  let kept = 0;
  let touchTotal = 0;
  const columns = { conversions: convCol, value: valueCol, nulls: nullsCol };
  for (const chunk of chunks) {
    const lo = chunk.offsets;
    for (let i = 0; i < chunk.data.length; i++) {
      const row = chunk.start + i;
      if (keep[row] === 1 && times === null) {
        // Passed the cheap checks and needs no other.
        kept++;
        touchTotal += lo !== null ? lo[i + 1] - lo[i] : chunk.strings![i]!.length;
        continue;
      }
      const bad =
        checkCounts(conv[row], value[row], nulls[row], columns, { file, row }) ??
        checkPath(chunk, i, row, pathCol, file) ??
        (times ? checkTimes(times, row, pathLength(chunk, i), options.timesColumn!, file) : null);
      if (bad) {
        keep[row] = 0;
        skips.reject(bad);
        continue;
      }
      keep[row] = 1;
      kept++;
      touchTotal += pathLength(chunk, i);
    }
  }
  if (kept === 0) throw new PathCreditError(`every row was invalid (${skips.count} skipped): ${skips.samples[0] ?? ''}`, { file });

  // Pass 2: fill the CSR arrays. List chunks whose rows are all kept are
  // copied in bulk (offsets rebased, ids copied in one call).
  const only = chunks.length === 1 && kept === n && !times && chunks[0].offsets !== null ? chunks[0] : null;
  // The list's own offsets serve as the store's when they start at 0 (an unsliced Int32 list).
  const listOffsets = only && only.offsets instanceof Int32Array && only.offsets[0] === 0 ? only.offsets.subarray(0, n + 1) : null;
  const offsets = listOffsets ?? new Int32Array(kept + 1);
  // One list chunk with every row kept: the chunk's ids already are the touch array.
  const touches = only ? only.ids!.subarray(only.offsets![0], only.offsets![n]) : new Uint32Array(touchTotal);
  const touchTimes = times ? new Float64Array(touchTotal) : null;
  const outConv = kept === n ? conv : new Float64Array(kept);
  const outValue = kept === n ? value : new Float64Array(kept);
  const outNulls = kept === n ? nulls : new Float64Array(kept);
  let p = 0;
  let t = 0;
  for (const chunk of chunks) {
    const { offsets: lo, ids, strings } = chunk;
    const rows = chunk.data.length;
    if (lo !== null && !touchTimes && allKept(keep, chunk.start, rows)) {
      const base = lo[0];
      if (listOffsets === null) for (let i = 1; i <= rows; i++) offsets[p + i] = t + lo[i] - base;
      if (only === null) touches.set(ids!.subarray(base, lo[rows]), t);
      if (kept !== n) {
        outConv.set(conv.subarray(chunk.start, chunk.start + rows), p);
        outValue.set(value.subarray(chunk.start, chunk.start + rows), p);
        outNulls.set(nulls.subarray(chunk.start, chunk.start + rows), p);
      }
      p += rows;
      t = offsets[p];
      continue;
    }
    for (let i = 0; i < rows; i++) {
      const row = chunk.start + i;
      if (keep[row] === 0) continue;
      if (lo !== null) {
        for (let k = lo[i]; k < lo[i + 1]; k++) touches[t++] = ids![k];
      } else {
        for (const name of strings![i]!) touches[t++] = dictionary.idOf(name);
      }
      if (touchTimes) {
        const [tOffsets, tValues] = times!.at(row);
        touchTimes.set(tValues.subarray(tOffsets, tOffsets + (t - offsets[p])), offsets[p]);
      }
      outConv[p] = conv[row];
      outValue[p] = value[row];
      outNulls[p] = nulls[row];
      offsets[++p] = t;
    }
  }
  const store: PathStore = {
    channels: dictionary.names.slice(),
    pathCount: kept,
    offsets,
    touches,
    times: touchTimes,
    conversionTimes: touchTimes ? new Float64Array(kept).fill(NaN) : null,
    conversions: outConv,
    value: outValue,
    nulls: outNulls,
    pathJourney: null,
    journeyIds: null,
    touchRows: null,
  };
  const skipped = skips.report();
  const attributes = pathAttributes(readAttributes(table, options.attributeColumns ?? [], file), keep, kept);
  const built = { ...store, ...(skipped ? { skipped } : {}), ...(attributes.length > 0 ? { attributes } : {}) };
  // A caller's dictionary keeps every id (stores built on it line up); a private one drops unused names.
  return options.dictionary ? built : dropUnusedChannels(built);
}

/** Each kept row's value of each extra column, as path attributes. */
function pathAttributes(rows: RowAttribute[], keep: Uint8Array, kept: number): PathAttribute[] {
  return rows.map((a) => {
    const path = new Int32Array(kept);
    for (let row = 0, p = 0; row < keep.length; row++) if (keep[row] === 1) path[p++] = a.values[row];
    return dropUnusedValues({ column: a.column, names: a.names, touch: null, path });
  });
}

/** 1 for rows whose counts and path pass the cheap checks, 0 for rows that need a closer look. */
function markValidRows(chunks: PathChunk[], conv: Float64Array, value: Float64Array, nulls: Float64Array, n: number): Uint8Array {
  const keep = new Uint8Array(n);
  for (let row = 0; row < n; row++) {
    const c = conv[row];
    const v = value[row];
    const nl = nulls[row];
    keep[row] = c >= 0 && c < Infinity && v >= 0 && v < Infinity && nl >= 0 && nl < Infinity && !(v > 0 && c === 0) ? 1 : 0;
  }
  for (const chunk of chunks) {
    const lo = chunk.offsets;
    const rows = chunk.data.length;
    const nullRows = chunk.data.nullCount > 0;
    for (let i = 0; i < rows; i++) {
      const row = chunk.start + i;
      if (keep[row] === 0) continue;
      if (lo !== null ? lo[i + 1] === lo[i] : chunk.strings![i] === null || chunk.strings![i]!.length === 0) keep[row] = 0;
      else if (nullRows && isNullAt(chunk.data, i)) keep[row] = 0;
    }
    if (chunk.childNulls || lo === null) {
      // Rare: null list items or string paths (empty names); check each row in full.
      for (let i = 0; i < rows; i++) if (keep[chunk.start + i] === 1) keep[chunk.start + i] = 2;
    }
  }
  return keep;
}

function allKept(keep: Uint8Array, start: number, rows: number): boolean {
  for (let i = start; i < start + rows; i++) if (keep[i] !== 1) return false;
  return true;
}

function resolvePathChunks(vector: Vector, interner: Utf8Interner, separator: string, column: string, file?: string): PathChunk[] {
  const chunks: PathChunk[] = [];
  let start = 0;
  for (const data of vector.data) {
    if (data.typeId === Type.List || data.typeId === Type.LargeList) {
      const offsets = offsetsOf(data);
      const child = data.children[0];
      const ids = childIds(child, offsets[0], offsets[data.length], interner, column, file);
      chunks.push({ start, data, offsets, ids, strings: null, childNulls: child.nullCount > 0 });
    } else if (isUtf8(data) || (data.typeId === Type.Dictionary && data.dictionary?.data.every(isUtf8))) {
      chunks.push({ start, data, offsets: null, ids: null, strings: splitStrings(data, separator), childNulls: false });
    } else {
      throw new PathCreditError(`path column must be List<Utf8>, List<Dictionary<Utf8>> or a delimited Utf8 string, got Arrow type ${typeName(data)}`, { file, column });
    }
    start += data.length;
  }
  return chunks;
}

/** Channel id per child element in [from, to) (indexed by absolute child position; NULL_ID = null). */
function childIds(child: Data, from: number, to: number, interner: Utf8Interner, column: string, file?: string): Uint32Array {
  const remap = child.typeId === Type.Dictionary ? dictionaryRemap(child, interner, column, file) : null;
  if (remap !== null && child.nullCount === 0) {
    // Keys already equal to our ids (a dictionary interned in order into a fresh
    // dictionary) need no remap: the key buffer is read in place as the ids.
    const keys = child.values as unknown as Int32Array | Uint32Array;
    const identity = remap.every((id, i) => id === i);
    if (identity && (keys instanceof Int32Array || keys instanceof Uint32Array) && keys.length >= to) {
      return new Uint32Array(keys.buffer, keys.byteOffset, to);
    }
  }
  const ids = new Uint32Array(to);
  if (isUtf8(child)) {
    const co = offsetsOf(child);
    const bytes = child.values as Uint8Array;
    for (let k = from; k < to; k++) ids[k] = interner.intern(bytes, co[k], co[k + 1]);
  } else if (remap !== null) {
    const keys = child.values as unknown as Int32Array | BigInt64Array | BigUint64Array;
    if (keys instanceof BigInt64Array || keys instanceof BigUint64Array) for (let k = from; k < to; k++) ids[k] = remap[Number(keys[k])];
    else {
      // Native conversion of whatever key width into Int32, then a monomorphic remap loop.
      ids.set(keys.subarray(from, to), from);
      for (let k = from; k < to; k++) ids[k] = remap[ids[k]];
    }
  } else {
    throw new PathCreditError(`path list items must be Utf8 or Dictionary<Utf8>, got Arrow type ${typeName(child)}`, { file, column });
  }
  if (child.nullCount > 0) for (let k = from; k < to; k++) if (isNullAt(child, k)) ids[k] = NULL_ID;
  return ids;
}

function splitStrings(data: Data, separator: string): (string[] | null)[] {
  const out: (string[] | null)[] = new Array(data.length);
  let text: (i: number) => string;
  if (isUtf8(data)) {
    const offsets = offsetsOf(data);
    const bytes = data.values as Uint8Array;
    text = (i) => decoder.decode(bytes.subarray(offsets[i], offsets[i + 1]));
  } else {
    const dict = data.dictionary!;
    const entries: string[] = dict.toArray() as string[];
    const keys = data.values as ArrayLike<number>;
    text = (i) => entries[Number(keys[i])];
  }
  for (let i = 0; i < data.length; i++) out[i] = isNullAt(data, i) ? null : splitPath(text(i), separator);
  return out;
}

function pathLength(chunk: PathChunk, i: number): number {
  return chunk.offsets !== null ? chunk.offsets[i + 1] - chunk.offsets[i] : (chunk.strings![i]?.length ?? 0);
}

function checkPath(chunk: PathChunk, i: number, row: number, column: string, file?: string): PathCreditError | null {
  if (isNullAt(chunk.data, i)) return new PathCreditError('path is null', { file, row, column, value: null });
  if (chunk.offsets !== null) {
    const from = chunk.offsets[i];
    const to = chunk.offsets[i + 1];
    if (to === from) return new PathCreditError('path has no channels', { file, row, column, value: [] });
    if (!chunk.childNulls) return null;
    for (let k = from; k < to; k++) {
      if (chunk.ids![k] === NULL_ID) return new PathCreditError(`touch ${k - from + 1} of the path is null`, { file, row, column, value: null });
    }
    return null;
  }
  const names = chunk.strings![i]!;
  if (names.length === 0 || names.some((s) => s === '')) {
    return new PathCreditError('path has an empty channel name or no channels', { file, row, column, value: names.join(' > ') });
  }
  return null;
}

/** Per-touch times: each row's list start and the decoded child values. */
interface TimesColumn {
  at(row: number): [number, Float64Array];
  length(row: number): number;
  isNull(row: number): boolean;
}

function resolveTimes(vector: Vector, column: string, file: string | undefined, numbersIn: NumericTimeUnit): TimesColumn {
  const rowStart: number[] = [];
  const parts: { offsets: Int32Array | Float64Array; values: Float64Array; data: Data }[] = [];
  let start = 0;
  for (const data of vector.data) {
    if (data.typeId !== Type.List && data.typeId !== Type.LargeList) {
      throw new PathCreditError(`times column must be a list, got Arrow type ${typeName(data)}`, { file, column });
    }
    const offsets = offsetsOf(data);
    const child = data.children[0];
    const values = new Float64Array(child.length);
    copyTimestamps(child, values, 0, column, file, numbersIn);
    rowStart.push(start);
    parts.push({ offsets, values, data });
    start += data.length;
  }
  const find = (row: number): number => {
    let lo = 0;
    let hi = rowStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rowStart[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    at(row) {
      const c = find(row);
      const part = parts[c];
      return [part.offsets[row - rowStart[c]], part.values];
    },
    length(row) {
      const c = find(row);
      const i = row - rowStart[c];
      return parts[c].offsets[i + 1] - parts[c].offsets[i];
    },
    isNull(row) {
      const c = find(row);
      return isNullAt(parts[c].data, row - rowStart[c]);
    },
  };
}

function checkTimes(times: TimesColumn, row: number, expected: number, column: string, file?: string): PathCreditError | null {
  if (times.isNull(row) || times.length(row) !== expected) {
    return new PathCreditError(`times must be a list with one time per touch (${expected})`, { file, row, column, value: times.isNull(row) ? null : times.length(row) });
  }
  const [start, values] = times.at(row);
  for (let k = 0; k < expected; k++) {
    if (Number.isNaN(values[start + k])) return new PathCreditError(`timestamp ${k + 1} of the path is null or cannot be parsed`, { file, row, column });
  }
  return null;
}
