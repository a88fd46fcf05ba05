import { ChannelCache } from '../../core/channel-cache.js';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { dropUnusedChannels } from '../../core/drop-unused-channels.js';
import { dropUnusedValues } from '../../core/attributes.js';
import { leading, sharedCopy, sharedFloat64, sharedInt32, sharedUint32 } from '../../core/shared-arrays.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { PathSplitter } from '../path-bytes.js';
import { PATH_DEFAULTS } from '../path-options.js';
import { countError, numberField } from './fields.js';
import { findColumn } from './header.js';
import type { CsvPathOptions, CsvSource, TimestampFormat } from './options.js';
import { COMMA, DOT, decimalEnd, scanDecimal } from './parse-number.js';
import { parseTimestampText } from './parse-timestamp.js';
import { readRecords } from './read-records.js';
import type { ReadContext, RecordSink, SinkPartial } from './record-reader.js';
import { closingQuote, fieldText, hadDoubledQuotes, unescapeField, type CsvScanner } from './scanner.js';

/**
 * Reads aggregated path CSV (one row per path: a delimited path string,
 * conversions, optional value, nulls and per-touch times) into a
 * {@link PathStore}. Gives exactly the store `fromPathRows` gives for the same
 * rows, with the same validation; errors name the file and line instead of
 * the row. ChannelAttribution exports read by naming their columns.
 *
 * @param source - a file path (`.gz` is gunzipped), a Node `Readable`, or the bytes.
 * @param options - column names, `separator` (default `" > "`), CSV dialect, `skipInvalid`.
 * @throws PathCreditError naming the file, line, column and value for a
 *   malformed line, invalid counts or an empty path; also for empty input.
 * @example
 * ```ts
 * const store = await readCsvPaths('pathdata.csv.gz', {
 *   conversionsColumn: 'total_conversions',
 *   valueColumn: 'total_conversion_value',
 *   nullsColumn: 'total_null',
 * });
 * ```
 */
export async function readCsvPaths(source: CsvSource, options: CsvPathOptions = {}): Promise<PathStore> {
  const separator = options.separator ?? PATH_DEFAULTS.separator;
  if (separator.length === 0) throw new PathCreditError('separator must not be empty', { value: separator });
  return readRecords(source, options, (ctx) => new PathSink(ctx, options));
}

/**
 * The aggregated path layout reader behind {@link readCsvPaths}. Path cells
 * are split and their names interned straight from the bytes
 * ({@link PathSplitter}); ordinary rows are read by a fused loop that scans,
 * splits and parses in one pass, and every other row (quotes with line
 * breaks, unusual numbers, anything invalid) by the general scanner, which
 * words the errors.
 */
export class PathSink implements RecordSink {
  /** The layout this reader reads. */
  readonly layout = 'paths';
  readonly #ctx: ReadContext;
  readonly #sc: CsvScanner;
  readonly #names: { path: string; conversions: string; value: string; nulls: string; times: string };
  readonly #pc: number;
  readonly #xc: number;
  readonly #vc: number;
  readonly #nc: number;
  readonly #tc: number;
  readonly #separator: string;
  // The decimal mark of number cells (a point, or a comma in European exports).
  readonly #dot: number;
  readonly #format: TimestampFormat;
  readonly #splitter: PathSplitter;
  // The store's columns, written in place and grown by half when full.
  // On shared memory, so worker threads can read the store in place (see shared-arrays.ts).
  #touches = sharedUint32(1 << 16);
  #times: Float64Array | null;
  #offsets = sharedInt32(1 << 12);
  #conversions = sharedFloat64(1 << 12);
  #value = sharedFloat64(1 << 12);
  #nulls = sharedFloat64(1 << 12);
  #paths = 0;
  // Extra categorical columns (attributeColumns): a dictionary and each path's value id.
  readonly #attributes: PathReaderAttribute[];
  readonly #attributeOf: Int8Array;
  // The current row's attribute values, written with its path.
  readonly #rowAttributes: Int32Array;
  // Set when a rejected row had names interned before the problem was found.
  #rejectedNames = false;
  #scratch = { buf: new Uint8Array(256) };
  // The fused fast path: each column's role and the bytes that end an unquoted field.
  readonly #roles: Uint8Array;
  readonly #stops = new Uint8Array(256);
  /** Records read by the last {@link fast} call. */
  fastRows = 0;

  constructor(ctx: ReadContext, options: CsvPathOptions) {
    this.#ctx = ctx;
    this.#sc = ctx.scanner;
    const { header, file } = ctx;
    this.#names = {
      path: options.pathColumn ?? PATH_DEFAULTS.pathColumn,
      conversions: options.conversionsColumn ?? PATH_DEFAULTS.conversionsColumn,
      value: options.valueColumn ?? PATH_DEFAULTS.valueColumn,
      nulls: options.nullsColumn ?? PATH_DEFAULTS.nullsColumn,
      times: options.timesColumn ?? '',
    };
    this.#pc = findColumn(header, this.#names.path, true, file);
    this.#xc = findColumn(header, this.#names.conversions, true, file);
    this.#vc = findColumn(header, this.#names.value, options.valueColumn !== undefined, file);
    this.#nc = findColumn(header, this.#names.nulls, options.nullsColumn !== undefined, file);
    this.#tc = options.timesColumn === undefined ? -1 : findColumn(header, options.timesColumn, true, file);
    this.#separator = options.separator ?? PATH_DEFAULTS.separator;
    this.#format = options.timestampFormat ?? 'auto';
    this.#dot = options.decimal === ',' ? COMMA : DOT;
    this.#splitter = new PathSplitter(this.#separator, new ChannelCache(new Utf8Interner(new ChannelDictionary())), String.fromCharCode(ctx.scanner.delimiter));
    this.#times = this.#tc >= 0 ? sharedFloat64(1 << 16) : null;
    this.#roles = new Uint8Array(header.length);
    this.#attributeOf = new Int8Array(header.length).fill(-1);
    this.#attributes = (options.attributeColumns ?? []).map((column, k) => {
      const at = findColumn(header, column, true, file);
      if (this.#attributeOf[at] >= 0 || at === this.#pc) {
        throw new PathCreditError('an attribute column must be named once and be another column than the path column', { file, line: 1, column });
      }
      this.#attributeOf[at] = k;
      return { column, field: at, cache: new ChannelCache(new Utf8Interner(new ChannelDictionary())), values: sharedInt32(1 << 12) };
    });
    this.#rowAttributes = new Int32Array(this.#attributes.length);
    this.#roles[this.#pc] = PATH;
    this.#roles[this.#xc] = CONVERSIONS;
    if (this.#vc >= 0) this.#roles[this.#vc] = VALUE;
    if (this.#nc >= 0) this.#roles[this.#nc] = NULLS;
    // One role per column: an attribute column that is also the counts', value's, nulls' or
    // times' column would leave that column unread on the fast path.
    const taken = new Map<number, string>([[this.#pc, 'path'], [this.#xc, 'conversions'], [this.#vc, 'value'], [this.#nc, 'nulls'], [this.#tc, 'times']]);
    for (const a of this.#attributes) {
      const role = taken.get(a.field);
      if (role !== undefined) throw new PathCreditError(`an attribute column must be another column than the ${role} column`, { file, line: 1, column: a.column });
      this.#roles[a.field] = ATTRIBUTE;
    }
    this.#stops[this.#sc.delimiter] = 1;
    this.#stops[10] = 1;
    this.#stops[13] = 1;
    // Times cells (rare) are read by the general path only.
    if (this.#tc >= 0) this.fast = undefined;
  }

  /**
   * The fused fast path (see {@link RecordSink.fast}): reads up to `maxRows`
   * ordinary records from `pos` and stops before the first one it does not
   * handle. `b[lim - 1]` is a line break, so no scan runs past `lim`.
   */
  fast?(b: Uint8Array, pos: number, lim: number, _row: number, maxRows: number): number {
    const stops = this.#stops;
    const roles = this.#roles;
    const last = roles.length - 1;
    const quote = this.#sc.quote;
    const delimiter = this.#sc.delimiter;
    const dot = this.#dot;
    const splitter = this.#splitter;
    const scratch = this.#scratch;
    // Room for one touch per byte at hand, and rows up to the room for paths
    // (grown when full): no capacity check per row.
    let paths = this.#paths;
    this.#reserveTouches(this.#offsets[paths] + (lim - pos));
    if (paths + 2 > this.#conversions.length) this.#reservePaths(paths + 2, false);
    const rowLimit = Math.min(maxRows, this.#conversions.length - paths - 1);
    const touches = this.#touches;
    const offsets = this.#offsets;
    const convCol = this.#conversions;
    const valueCol = this.#value;
    const nullsCol = this.#nulls;
    const dictionary = splitter.cache.interner.dictionary;
    // Channels known before the current row: a row left to the general path
    // after its names were interned may be rejected there (see #rejectedNames).
    let known = dictionary.size;
    let p = pos;
    let done = pos;
    let k = 0;
    let t = offsets[paths];
    rows: while (k < rowLimit && p < lim) {
      let count = -1;
      let conversions = -1;
      let value = 0;
      let nulls = 0;
      for (let f = 0; ; f++) {
        const s = p;
        const role = roles[f];
        if (b[s] === quote) {
          // A quoted path stays here (with doubled quotes unescaped into
          // scratch); any other quoted field, or a line break inside quotes,
          // goes to the general scanner.
          if (role !== PATH) break rows;
          const q = closingQuote(b, s, quote, stops);
          if (q < 0) break rows;
          if (hadDoubledQuotes()) {
            const len = unescapeField(b, s + 1, q, quote, scratch);
            count = splitter.split(scratch.buf, 0, len, touches, t);
          } else count = splitter.split(b, s + 1, q, touches, t);
          p = q + 1;
        } else if (role === PATH) {
          // Split while finding the field's end: one pass over the bytes.
          count = splitter.splitField(b, s, lim, touches, t);
          p = splitter.fieldEnd;
        } else if (role === ATTRIBUTE) {
          while (stops[b[p]] === 0) p++;
          const a = this.#attributes[this.#attributeOf[f]];
          this.#rowAttributes[this.#attributeOf[f]] = p === s ? a.cache.interner.intern(b, s, s) : a.cache.idOf(b, s, p);
        } else if (role === OTHER) {
          while (stops[b[p]] === 0) p++;
        } else {
          const x = scanDecimal(b, s, stops, dot);
          if (x !== x) break rows;
          p = decimalEnd();
          if (role === CONVERSIONS) conversions = x;
          else if (role === VALUE) value = x < 0 ? 0 : x;
          else nulls = x < 0 ? 0 : x;
        }
        if (role === PATH && count < 0) break rows;
        const x = b[p];
        if (x === delimiter) {
          if (f === last) break rows;
          p++;
          continue;
        }
        if (f !== last) break rows;
        if (x === 10) p++;
        else if (p + 1 < lim) p += b[p + 1] === 10 ? 2 : 1;
        else break rows; // a CR that may be the first half of CRLF
        break;
      }
      // A missing conversions cell, or value without conversions: the general path words the error.
      if (conversions < 0 || (value > 0 && conversions === 0)) break;
      t += count;
      offsets[paths + 1] = t;
      convCol[paths] = conversions;
      valueCol[paths] = value;
      nullsCol[paths] = nulls;
      for (let a = 0; a < this.#attributes.length; a++) this.#attributes[a].values[paths] = this.#rowAttributes[a];
      paths++;
      known = dictionary.size;
      k++;
      done = p;
    }
    this.#paths = paths;
    if (dictionary.size !== known) this.#rejectedNames = true;
    this.fastRows = k;
    return done;
  }

  record(bytes: Uint8Array, _row: number, line: number): void {
    const sc = this.#sc;
    const names = this.#names;
    const skips = this.#ctx.skips;
    const where = { file: this.#ctx.file, line };
    // Same order of checks as fromPathRows: counts, then the path, then times.
    const conversions = numberField(sc, bytes, this.#xc, NaN, this.#dot);
    const value = this.#vc >= 0 ? numberField(sc, bytes, this.#vc, 0, this.#dot) : 0;
    const nulls = this.#nc >= 0 ? numberField(sc, bytes, this.#nc, 0, this.#dot) : 0;
    const bad = countError(conversions, value, nulls, names, (col) => this.#text(col, bytes), where);
    if (bad) return skips.reject(bad);

    const pc = this.#pc;
    let pathBytes = bytes;
    let ps = sc.starts[pc];
    let pe = sc.ends[pc];
    if (sc.escaped[pc] !== 0) {
      pe = unescapeField(bytes, ps, pe, sc.quote, this.#scratch);
      ps = 0;
      pathBytes = this.#scratch.buf;
    }
    const t = this.#offsets[this.#paths];
    this.#reserveTouches(t + this.#splitter.maxNames(pe - ps));
    const count = this.#splitter.split(pathBytes, ps, pe, this.#touches, t);
    if (count < 0) {
      this.#rejectedNames = true;
      return skips.reject(
        new PathCreditError('path has an empty channel name or no channels', { ...where, column: names.path, value: fieldText(sc, bytes, pc) }),
      );
    }
    if (this.#tc >= 0) {
      this.#rejectedNames = true; // in case the times are rejected below
      const timesText = fieldText(sc, bytes, this.#tc);
      const times = timesText.trim() === '' ? [] : timesText.split(this.#separator).map((s) => s.trim());
      if (times.length !== count) {
        return skips.reject(
          new PathCreditError(`times must be a list with one time per touch (${count})`, { ...where, column: names.times, value: timesText }),
        );
      }
      const out = this.#times!;
      for (let k = 0; k < count; k++) {
        const time = times[k] === '' ? NaN : parseTimestampText(times[k], this.#format);
        if (Number.isNaN(time)) {
          return skips.reject(new PathCreditError(`timestamp ${k + 1} of the path cannot be parsed`, { ...where, column: names.times, value: times[k] }));
        }
        out[t + k] = time;
      }
    }
    for (let a = 0; a < this.#attributes.length; a++) {
      const field = this.#attributes[a].field;
      this.#rowAttributes[a] =
        sc.escaped[field] === 0
          ? this.#attributes[a].cache.interner.intern(bytes, sc.starts[field], sc.ends[field])
          : this.#attributes[a].cache.interner.intern(this.#scratch.buf, 0, unescapeField(bytes, sc.starts[field], sc.ends[field], sc.quote, this.#scratch));
    }
    this.#endPath(t + count, conversions, value, nulls);
  }

  expect(rows: number, scale: number): void {
    if (rows > this.#conversions.length) this.#reservePaths(rows, true);
    // Touches extrapolated by bytes, not rows (long paths come late in a
    // summary sorted by frequency), with a quarter to spare: pages never
    // written cost nothing, while growing later copies everything.
    const t = this.#offsets[this.#paths];
    if (t > 0) this.#reserveTouches(Math.ceil(t * scale * 1.25), true);
  }

  /** The paths read so far, as plain arrays for another thread (see {@link absorb}). */
  partial(): SinkPartial {
    const n = this.#paths;
    const t = this.#offsets[n];
    return {
      names: this.#splitter.cache.interner.dictionary.names.slice(),
      paths: n,
      offsets: this.#offsets.subarray(0, n + 1),
      touches: this.#touches.subarray(0, t),
      times: this.#times === null ? null : this.#times.subarray(0, t),
      conversions: this.#conversions.subarray(0, n),
      value: this.#value.subarray(0, n),
      nulls: this.#nulls.subarray(0, n),
      attributes: this.#attributes.map((a) => ({ names: a.cache.interner.dictionary.names.slice(), values: a.values.subarray(0, n) })),
      rejectedNames: this.#rejectedNames,
    };
  }

  /** Appends the paths another reader of this layout read after these (its {@link partial}). */
  absorb(partial: SinkPartial): void {
    const p = partial as unknown as PathPartial;
    const dictionary = this.#splitter.cache.interner.dictionary;
    const remap = Uint32Array.from(p.names, (name) => dictionary.idOf(name));
    const n = this.#paths;
    const t = this.#offsets[n];
    const count = p.touches.length;
    this.#reserveTouches(t + count);
    const touches = this.#touches;
    for (let k = 0; k < count; k++) touches[t + k] = remap[p.touches[k]];
    if (this.#times !== null && p.times !== null) this.#times.set(p.times, t);
    this.#reservePaths(n + p.paths + 1, false);
    for (let q = 0; q < p.paths; q++) this.#offsets[n + 1 + q] = t + p.offsets[q + 1];
    this.#conversions.set(p.conversions, n);
    this.#value.set(p.value, n);
    this.#nulls.set(p.nulls, n);
    this.#attributes.forEach((a, k) => {
      const dictionary = a.cache.interner.dictionary;
      const map = Int32Array.from(p.attributes[k].names, (name) => dictionary.idOf(name));
      const from = p.attributes[k].values;
      for (let q = 0; q < p.paths; q++) a.values[n + q] = map[from[q]];
    });
    this.#paths = n + p.paths;
    // Its dictionary may hold names of rows it rejected: first-use order sorts that out.
    if (p.rejectedNames) this.#rejectedNames = true;
  }

  finish(): PathStore {
    const skips = this.#ctx.skips;
    const n = this.#paths;
    if (n === 0) {
      throw new PathCreditError(`every row was invalid (${skips.count} skipped): ${skips.samples[0] ?? ''}`, { file: this.#ctx.file });
    }
    const touchCount = this.#offsets[n];
    const skipped = skips.report();
    const store: PathStore = {
      channels: this.#splitter.cache.interner.dictionary.names.slice(),
      pathCount: n,
      offsets: leading(this.#offsets, n + 1),
      touches: leading(this.#touches, touchCount),
      times: this.#times === null ? null : leading(this.#times, touchCount),
      conversionTimes: this.#times === null ? null : new Float64Array(n).fill(NaN),
      conversions: leading(this.#conversions, n),
      value: leading(this.#value, n),
      nulls: leading(this.#nulls, n),
      pathJourney: null,
      journeyIds: null,
      touchRows: null,
      ...(skipped ? { skipped } : {}),
      ...(this.#attributes.length > 0
        ? {
            attributes: this.#attributes.map((a) =>
              dropUnusedValues({ column: a.column, names: a.cache.interner.dictionary.names.slice(), touch: null, path: leading(a.values, n) }),
            ),
          }
        : {}),
    };
    // A row rejected after its names were interned may leave them unused or
    // out of first-appearance order among the kept rows.
    return dropUnusedChannels(store, this.#rejectedNames);
  }

  /** Closes the path whose touches end at `end`. */
  #endPath(end: number, conversions: number, value: number, nulls: number): void {
    const p = this.#paths;
    if (p + 1 >= this.#offsets.length || p >= this.#conversions.length) this.#reservePaths(p + 2, false);
    this.#offsets[p + 1] = end;
    for (let a = 0; a < this.#attributes.length; a++) this.#attributes[a].values[p] = this.#rowAttributes[a];
    this.#conversions[p] = conversions;
    this.#value[p] = value;
    this.#nulls[p] = nulls;
    this.#paths = p + 1;
  }

  #reserveTouches(size: number, exact = false): void {
    if (size <= this.#touches.length) return;
    const capacity = exact ? size : Math.max(size, Math.ceil(this.#touches.length * 1.5));
    const used = this.#offsets[this.#paths];
    this.#touches = resized(this.#touches, capacity, used);
    if (this.#times !== null) this.#times = resized(this.#times, capacity, used);
  }

  // Exact when the row count was extrapolated (see RecordSink.expect), else growth by half.
  #reservePaths(size: number, exact: boolean): void {
    const capacity = exact ? size : Math.max(size, Math.ceil(this.#conversions.length * 1.5));
    const n = this.#paths;
    this.#offsets = resized(this.#offsets, capacity + 1, n + 1);
    this.#conversions = resized(this.#conversions, capacity, n);
    for (const a of this.#attributes) a.values = resized(a.values, capacity, n);
    this.#value = resized(this.#value, capacity, n);
    this.#nulls = resized(this.#nulls, capacity, n);
  }

  #text(column: string, bytes: Uint8Array): string {
    const k = this.#ctx.header.indexOf(column);
    return k < 0 ? '' : fieldText(this.#sc, bytes, k);
  }
}

/** What {@link PathSink.partial} hands over. */
interface PathPartial {
  readonly names: string[];
  readonly paths: number;
  readonly offsets: Int32Array;
  readonly touches: Uint32Array;
  readonly times: Float64Array | null;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  readonly attributes: readonly { readonly names: readonly string[]; readonly values: Int32Array }[];
  readonly rejectedNames: boolean;
}

/** A copy of `a`'s first `used` elements in an array of `capacity`. */
function resized<T extends Uint32Array | Int32Array | Float64Array>(a: T, capacity: number, used: number): T {
  if (capacity <= a.length) return a;
  return sharedCopy(a, capacity, used);
}


// Column roles of the fused fast path.
const OTHER = 0;
const PATH = 1;
const CONVERSIONS = 2;
const VALUE = 3;
const NULLS = 4;
const ATTRIBUTE = 5;

/** One extra categorical column being read. */
interface PathReaderAttribute {
  readonly column: string;
  /** Its field in the header. */
  readonly field: number;
  /** Its values' dictionary, through a cache. */
  readonly cache: ChannelCache;
  /** Each path's value id. */
  values: Int32Array;
}
