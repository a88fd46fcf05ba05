import { PathStoreBuilder } from '../core/path-store-builder.js';
import { SkipLog } from '../core/skip-log.js';
import { toEpochMs } from '../core/timestamp.js';
import { checkCounts } from '../core/validate-counts.js';
import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { PATH_DEFAULTS, type PathColumnsOptions } from './path-options.js';

/** One aggregated path row: the path, as a delimited string or a list of names, and its counts. */
export type PathRow = object;

/** Column arrays of the path layout, one array per column, all the same length. */
export type PathColumnArrays = Record<string, ArrayLike<unknown>>;

/**
 * Encodes aggregated path rows from plain JS (an array of row objects, or an
 * object of column arrays) into a {@link PathStore}. Path `p` of the store is
 * input row `p` (unless rows were skipped with `skipInvalid`).
 *
 * @param input - rows such as `{ path: 'search > email', conversions: 1, value: 20, nulls: 3 }`,
 *   or columns such as `{ path: [...], conversions: [...] }`.
 * @param options - column names, separator and validation (see {@link PathColumnsOptions}).
 * @throws PathCreditError on empty input, a missing column, a path with no channels,
 *   or counts that are negative, non-finite or value without conversions.
 * @example
 * ```ts
 * const store = fromPathRows([
 *   { path: 'search > email', conversions: 1, value: 20 },
 *   { path: 'social', conversions: 0, nulls: 5 },
 * ]);
 * ```
 */
export function fromPathRows(input: readonly PathRow[] | PathColumnArrays, options: PathColumnsOptions = {}): PathStore {
  const pathCol = options.pathColumn ?? PATH_DEFAULTS.pathColumn;
  const convCol = options.conversionsColumn ?? PATH_DEFAULTS.conversionsColumn;
  const valueCol = options.valueColumn ?? PATH_DEFAULTS.valueColumn;
  const nullsCol = options.nullsColumn ?? PATH_DEFAULTS.nullsColumn;
  const timesCol = options.timesColumn;
  const separator = options.separator ?? PATH_DEFAULTS.separator;
  if (separator.length === 0) throw new PathCreditError('separator must not be empty', { value: separator });

  const isRows = Array.isArray(input);
  const count = isRows ? input.length : columnLength(input as PathColumnArrays, pathCol);
  if (count === 0) throw new PathCreditError('the input has no rows');
  const has = (col: string): boolean =>
    isRows ? (input as readonly PathRow[]).some((r) => r !== null && typeof r === 'object' && Object.hasOwn(r, col)) : Object.hasOwn(input, col);
  for (const [col, required] of [
    [pathCol, true],
    [convCol, true],
    [valueCol, options.valueColumn !== undefined],
    [nullsCol, options.nullsColumn !== undefined],
    [timesCol, timesCol !== undefined],
  ] as const) {
    if (required && col !== undefined && !has(col)) throw new PathCreditError('missing column', { column: col });
  }
  const hasValue = has(valueCol);
  const hasNulls = has(nullsCol);
  const cell: (row: number, col: string) => unknown = isRows
    ? (row, col) => {
        const r = (input as readonly PathRow[])[row];
        return r !== null && typeof r === 'object' && Object.hasOwn(r, col) ? (r as Record<string, unknown>)[col] : undefined;
      }
    : (row, col) => (input as PathColumnArrays)[col][row];

  const attributeColumns = options.attributeColumns ?? [];
  for (const col of attributeColumns) if (!has(col)) throw new PathCreditError('missing column', { column: col });
  // Extra categorical columns: each kept row's value, as text ("" for null or missing).
  const attributes = attributeColumns.map((column) => ({ column, names: [] as string[], ids: new Map<string, number>(), path: [] as number[] }));
  const builder = new PathStoreBuilder({ withTimes: timesCol !== undefined, pathCapacity: count });
  const skips = new SkipLog(options.skipInvalid ?? false);
  const dict = builder.dictionary;
  const columns = { conversions: convCol, value: valueCol, nulls: nullsCol };

  for (let row = 0; row < count; row++) {
    const conversions = toCount(cell(row, convCol));
    const value = hasValue ? toCount(cell(row, valueCol), 0) : 0;
    const nulls = hasNulls ? toCount(cell(row, nullsCol), 0) : 0;
    const bad = checkCounts(conversions, value, nulls, columns, { row });
    if (bad) {
      skips.reject(bad);
      continue;
    }
    const names = splitPath(cell(row, pathCol), separator);
    if (names === null || names.length === 0 || names.some((n) => n === '')) {
      skips.reject(
        new PathCreditError(names === null ? 'path must be a string or a list of channel names' : 'path has an empty channel name or no channels', {
          row,
          column: pathCol,
          value: cell(row, pathCol),
        }),
      );
      continue;
    }
    let times: unknown = undefined;
    if (timesCol !== undefined) {
      times = cell(row, timesCol);
      if (!isArrayLike(times) || times.length !== names.length) {
        skips.reject(new PathCreditError(`times must be a list with one time per touch (${names.length})`, { row, column: timesCol, value: times }));
        continue;
      }
    }
    // Every time is checked before any name is interned, so a rejected row
    // leaves no channel behind in the dictionary.
    let ok = true;
    const touchTimes = times === undefined ? null : new Float64Array(names.length);
    if (touchTimes !== null) {
      for (let k = 0; k < names.length; k++) {
        const raw = (times as ArrayLike<unknown>)[k];
        touchTimes[k] = toEpochMs(raw);
        if (Number.isNaN(touchTimes[k])) {
          skips.reject(new PathCreditError(`timestamp ${k + 1} of the path cannot be parsed`, { row, column: timesCol, value: raw }));
          ok = false;
          break;
        }
      }
    }
    if (ok) for (let k = 0; k < names.length; k++) builder.addTouch(dict.idOf(names[k]), touchTimes === null ? NaN : touchTimes[k]);
    if (!ok) continue;
    builder.endPath(conversions, value, nulls);
    for (const a of attributes) {
      const raw = cell(row, a.column);
      const name = raw === undefined || raw === null ? '' : String(raw);
      let id = a.ids.get(name);
      if (id === undefined) {
        id = a.names.length;
        a.ids.set(name, id);
        a.names.push(name);
      }
      a.path.push(id);
    }
  }
  if (builder.pathCount === 0) throw new PathCreditError(`every row was invalid (${skips.count} skipped): ${skips.samples[0] ?? ''}`);
  const store = builder.build({ skipped: skips.report() });
  if (attributes.length === 0) return store;
  return { ...store, attributes: attributes.map((a) => ({ column: a.column, names: a.names, touch: null, path: Int32Array.from(a.path) })) };
}

/**
 * Splits a path cell: a string on the separator (names trimmed), or a list of
 * names taken verbatim. In a string, a backslash before the separator keeps
 * it in the name (`"a\\ > b > c"` with `" > "` is the names `a > b` and `c`),
 * and a doubled backslash is one backslash; any other backslash is kept as is.
 */
export function splitPath(cell: unknown, separator: string): string[] | null {
  if (typeof cell === 'string') {
    if (cell.trim() === '') return [];
    if (!cell.includes('\\')) return cell.split(separator).map((s) => s.trim());
    return splitEscaped(cell, separator).map((s) => s.trim());
  }
  if (Array.isArray(cell) && cell.every((c) => typeof c === 'string')) return cell as string[];
  return null;
}

function splitEscaped(text: string, separator: string): string[] {
  const names: string[] = [];
  let name = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\') {
      if (text.startsWith(separator, i + 1)) {
        name += separator;
        i += 1 + separator.length;
        continue;
      }
      if (text[i + 1] === '\\') {
        name += '\\';
        i += 2;
        continue;
      }
    }
    if (text.startsWith(separator, i)) {
      names.push(name);
      name = '';
      i += separator.length;
      continue;
    }
    name += text[i];
    i++;
  }
  names.push(name);
  return names;
}

function toCount(raw: unknown, missing = NaN): number {
  if (raw === undefined || raw === null || raw === '') return missing;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string') {
    const n = Number(raw.trim());
    return raw.trim() === '' ? NaN : n;
  }
  return NaN;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

function columnLength(cols: PathColumnArrays, pathCol: string): number {
  const c = Object.hasOwn(cols, pathCol) ? cols[pathCol] : undefined;
  if (c === undefined) throw new PathCreditError('missing column', { column: pathCol });
  for (const [name, arr] of Object.entries(cols)) {
    if (arr.length !== c.length) throw new PathCreditError(`column has ${arr.length} values but "${pathCol}" has ${c.length}`, { column: name });
  }
  return c.length;
}
