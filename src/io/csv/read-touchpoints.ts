import { buildJourneys, type TouchpointColumns } from '../../core/build-journeys.js';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { parseDuration } from '../../core/duration.js';
import { growFloat64, growInt32, type Growable } from '../../core/growable.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { TOUCHPOINT_DEFAULTS } from '../path-options.js';
import { countError, numberField } from './fields.js';
import { findColumn } from './header.js';
import type { CsvSource, CsvTouchpointOptions } from './options.js';
import { fieldEnd, isoField, parseTimestampText, timestampParser } from './parse-timestamp.js';
import { pow10 } from './parse-number.js';
import { readRecords, type ReadContext, type RecordSink } from './read-records.js';
import { FNV_START, JourneyTable, fnv1a } from './journey-table.js';
import { fieldText, unescapeField, type CsvScanner } from './scanner.js';

/**
 * Reads touchpoint (event-level) CSV into a {@link PathStore}: one row per
 * touch with a journey id, an optional timestamp, a channel (empty for a
 * conversion event on its own) and optional conversions and value. Rows are
 * grouped by journey, sorted by time (stable) and cut after every conversion
 * (see the data model). The file is streamed: memory follows the encoded
 * store, not the file. Gzip input is gunzipped on the fly.
 *
 * @param source - a file path, a Node `Readable`, or the bytes.
 * @param options - column names (defaults `journey_id`, `timestamp`, `channel`,
 *   `conversions`, `value`), journey options, CSV dialect and `skipInvalid`.
 * @returns the path store, with `skipped` when rows were skipped.
 * @throws PathCreditError naming the file, line, column and value for a
 *   malformed line, a missing or unparseable timestamp, a negative or
 *   non-numeric count, a missing column; also for empty input.
 * @example
 * ```ts
 * const store = await readCsvTouchpoints('events.csv.gz', { lookback: '30d' });
 * console.log(store.pathCount, store.channels);
 * ```
 */
export function readCsvTouchpoints(source: CsvSource, options: CsvTouchpointOptions = {}): Promise<PathStore> {
  const journeyOptions = resolveJourneyOptions(options);
  return readRecords(source, options, (ctx) => new TouchpointSink(ctx, options, journeyOptions));
}

/** Lookback and max touches, validated once. */
export interface ResolvedJourneyOptions {
  /** Lookback window in ms, when set. */
  readonly lookbackMs?: number;
  /** Touches kept per path, when set. */
  readonly maxTouches?: number;
}

/** Validates the journey options of a touchpoint reader. */
export function resolveJourneyOptions(options: CsvTouchpointOptions): ResolvedJourneyOptions {
  const lookbackMs = options.lookback === undefined ? undefined : parseDuration(options.lookback, 'lookback');
  const maxTouches = options.maxTouches;
  if (maxTouches !== undefined && !(Number.isInteger(maxTouches) && maxTouches >= 1)) {
    throw new PathCreditError('maxTouches must be an integer >= 1', { value: maxTouches });
  }
  return { lookbackMs, maxTouches };
}

/**
 * The touchpoint layout reader behind {@link readCsvTouchpoints}: checks each
 * record, encodes it into typed columns (ids interned from the bytes), then
 * hands the columns to journey building.
 */
export class TouchpointSink implements RecordSink {
  readonly #ctx: ReadContext;
  readonly #sc: CsvScanner;
  readonly #journeyOptions: ResolvedJourneyOptions;
  readonly #names: { journey: string; time: string; channel: string; conversions: string; value: string };
  readonly #jc: number;
  readonly #tc: number;
  readonly #cc: number;
  readonly #xc: number;
  readonly #vc: number;
  readonly #journeys = new JourneyTable();
  readonly #channels = new Utf8Interner(new ChannelDictionary());
  readonly #parseTime: (bytes: Uint8Array, start: number, end: number) => number;
  readonly #format: NonNullable<CsvTouchpointOptions['timestampFormat']>;
  readonly #journey: Growable<Int32Array> = growInt32(1 << 16);
  readonly #channel: Growable<Int32Array> = growInt32(1 << 16);
  readonly #time: Growable<Float64Array> | null;
  readonly #conv: Growable<Float64Array> | null;
  readonly #value: Growable<Float64Array> | null;
  #inputRow: Growable<Int32Array> | null = null;
  #n = 0;
  #scratch = { buf: new Uint8Array(256) };
  // The fused fast path: the role of each column, the bytes that end an
  // unquoted field, and the last journey id read (rows come grouped by
  // journey, so most rows repeat it and skip the interner).
  readonly #roles: Uint8Array;
  readonly #stops = new Uint8Array(256);
  readonly #isoFast: boolean;
  #prevJourney = new Uint8Array(64);
  readonly #cacheHash = new Int32Array(CACHE_MASK + 1);
  readonly #cacheLength = new Int32Array(CACHE_MASK + 1).fill(-1);
  readonly #cacheId = new Int32Array(CACHE_MASK + 1);
  readonly #cacheBytes = new Uint8Array((CACHE_MASK + 1) * CACHE_WIDTH);
  #prevLength = -1;
  #prevId = -1;

  constructor(ctx: ReadContext, options: CsvTouchpointOptions, journeyOptions: ResolvedJourneyOptions) {
    this.#ctx = ctx;
    this.#sc = ctx.scanner;
    this.#journeyOptions = journeyOptions;
    const { header, file } = ctx;
    this.#names = {
      journey: options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn,
      time: options.timestampColumn ?? TOUCHPOINT_DEFAULTS.timestampColumn,
      channel: options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn,
      conversions: options.conversionsColumn ?? TOUCHPOINT_DEFAULTS.conversionsColumn,
      value: options.valueColumn ?? TOUCHPOINT_DEFAULTS.valueColumn,
    };
    this.#jc = findColumn(header, this.#names.journey, true, file);
    this.#cc = findColumn(header, this.#names.channel, true, file);
    this.#tc = findColumn(header, this.#names.time, options.timestampColumn !== undefined, file);
    this.#xc = findColumn(header, this.#names.conversions, options.conversionsColumn !== undefined, file);
    this.#vc = findColumn(header, this.#names.value, options.valueColumn !== undefined, file);
    if (this.#tc < 0 && journeyOptions.lookbackMs !== undefined) {
      throw new PathCreditError(`lookback needs timestamps, but the header has no "${this.#names.time}" column`, { file, line: 1 });
    }
    this.#format = options.timestampFormat ?? 'auto';
    this.#parseTime = timestampParser(this.#format);
    this.#time = this.#tc >= 0 ? growFloat64(1 << 16) : null;
    this.#conv = this.#xc >= 0 ? growFloat64(1 << 16) : null;
    this.#value = this.#vc >= 0 ? growFloat64(1 << 16) : null;
    this.#roles = new Uint8Array(header.length);
    this.#roles[this.#jc] = JOURNEY;
    this.#roles[this.#cc] = CHANNEL;
    if (this.#tc >= 0) this.#roles[this.#tc] = TIME;
    if (this.#xc >= 0) this.#roles[this.#xc] = CONVERSIONS;
    if (this.#vc >= 0) this.#roles[this.#vc] = VALUE;
    this.#stops[this.#sc.delimiter] = 1;
    this.#stops[10] = 1;
    this.#stops[13] = 1;
    this.#isoFast = this.#format === 'iso' || this.#format === 'auto';
  }

  fast(b: Uint8Array, pos: number, end: number, final: boolean, row: number): number {
    const stops = this.#stops;
    const roles = this.#roles;
    const quote = this.#sc.quote;
    const delimiter = this.#sc.delimiter;
    const last = roles.length - 1;
    let p = pos;
    let js = 0;
    let je = 0;
    let cs = 0;
    let ce = 0;
    let t = NaN;
    let c = 0;
    let v = 0;
    let sameJourney = false;
    let channelHash = 0;
    let journeyHash = 0;
    for (let k = 0; k <= last; k++) {
      const s = p;
      const role = roles[k];
      if (p < end && b[p] === quote) {
        // A quoted channel without doubled quotes or line breaks ("display, retargeting")
        // stays on the fast path; every other quoted field goes to the generic scanner.
        if (role !== CHANNEL) return -2;
        let q = p + 1;
        let h = 0;
        while (q < end) {
          const x = b[q];
          if (x === quote || x === 10 || x === 13) break;
          h = Math.imul(h ^ x, 0x01000193);
          q++;
        }
        if (q >= end) return final ? -2 : -1;
        if (b[q] !== quote || (q + 1 < end && b[q + 1] === quote)) return -2;
        // After the closing quote only a delimiter or a line end may follow.
        if (q + 1 < end && stops[b[q + 1]] === 0) return -2;
        channelHash = h;
        cs = p + 1;
        ce = q;
        p = q + 1;
      } else if (role === JOURNEY) {
        // Compare with the previous journey id while scanning.
        const prev = this.#prevJourney;
        const plen = this.#prevLength;
        let same = true;
        let i = 0;
        let h = FNV_START;
        while (p < end) {
          const x = b[p];
          if (stops[x] !== 0) break;
          if (same && (i >= plen || prev[i] !== x)) same = false;
          h = Math.imul(h ^ x, 0x01000193);
          i++;
          p++;
        }
        sameJourney = same && i === plen;
        journeyHash = h;
        js = s;
        je = p;
      } else if (role === CHANNEL) {
        // Hash while scanning, for the channel cache below.
        let h = 0;
        while (p < end) {
          const x = b[p];
          if (stops[x] !== 0) break;
          h = Math.imul(h ^ x, 0x01000193);
          p++;
        }
        channelHash = h;
        cs = s;
        ce = p;
      } else if (role === TIME) {
        if (!this.#isoFast) return -2;
        t = isoField(b, s, end, stops);
        if (t !== t) return -2;
        p = fieldEnd();
      } else if (role === CONVERSIONS || role === VALUE) {
        // Plain decimals parsed while scanning (see fastDecimal for why this is exact).
        let m = 0;
        let digits = 0;
        let scale = 0;
        let dot = false;
        while (p < end) {
          const x = b[p];
          if (stops[x] !== 0) break;
          const dd = x - 48;
          if (dd >= 0 && dd <= 9) {
            m = m * 10 + dd;
            digits++;
            if (dot) scale++;
          } else if (x === 46 && !dot) dot = true;
          else return -2;
          p++;
        }
        let n = 0;
        if (digits === 0) {
          if (p !== s) return -2;
        } else {
          if (digits > 15) return -2;
          n = scale === 0 ? m : m / pow10(scale);
        }
        if (role === CONVERSIONS) c = n;
        else v = n;
      } else {
        while (p < end && stops[b[p]] === 0) p++;
      }
      if (p >= end) {
        if (!final) return -1;
        if (k !== last) return -2;
        break;
      }
      const x = b[p];
      if (x === delimiter) {
        if (k === last) return -2;
        p++;
        continue;
      }
      if (k !== last) return -2;
      if (x === 10) p++;
      else if (p + 1 < end) p += b[p + 1] === 10 ? 2 : 1;
      else if (!final) return -1;
      else p++;
    }
    // Anything that needs an error message goes to the generic path.
    if (js === je || (v > 0 && c === 0) || (cs === ce && c === 0)) return -2;
    let j: number;
    if (sameJourney) j = this.#prevId;
    else {
      j = this.#journeys.intern(b, js, je, journeyHash);
      const len = je - js;
      if (len > this.#prevJourney.length) this.#prevJourney = new Uint8Array(len * 2);
      const prev = this.#prevJourney;
      for (let i = 0; i < len; i++) prev[i] = b[js + i];
      this.#prevLength = len;
      this.#prevId = j;
    }
    const ch = cs === ce ? -1 : this.#channel_(b, cs, ce, channelHash);
    const n = this.#n;
    if (n === this.#journey.data.length) this.#reserve(n + 1);
    if (this.#inputRow === null && row !== n) this.#startInputRows(n);
    this.#journey.data[n] = j;
    this.#channel.data[n] = ch;
    if (this.#time !== null) this.#time.data[n] = t;
    if (this.#conv !== null) this.#conv.data[n] = c;
    if (this.#value !== null) this.#value.data[n] = v;
    if (this.#inputRow !== null) this.#inputRow.push(row);
    this.#n = n + 1;
    return p;
  }

  record(bytes: Uint8Array, row: number, line: number): void {
    const sc = this.#sc;
    const starts = sc.starts;
    const ends = sc.ends;
    const escaped = sc.escaped;

    let t = NaN;
    const tc = this.#tc;
    if (tc >= 0) {
      const s = starts[tc];
      const e = ends[tc];
      if (s === e) return this.#bad('timestamp is missing', line, tc, bytes);
      t = escaped[tc] === 0 ? this.#parseTime(bytes, s, e) : parseTimestampText(fieldText(sc, bytes, tc), this.#format);
      if (t !== t) return this.#bad('timestamp cannot be parsed', line, tc, bytes);
    }
    const c = this.#xc >= 0 ? numberField(sc, bytes, this.#xc, 0) : 0;
    const v = this.#vc >= 0 ? numberField(sc, bytes, this.#vc, 0) : 0;
    // One combined test keeps the valid-row path short; countError words the problem.
    if (!(c >= 0 && c !== Infinity && v >= 0 && v !== Infinity) || (v > 0 && c === 0)) {
      const names = this.#names;
      const err = countError(c, v, 0, { conversions: names.conversions, value: names.value, nulls: '' }, (col) => this.#text(col, bytes), {
        file: this.#ctx.file,
        line,
      });
      if (err) return this.#reject(err);
    }
    const jc = this.#jc;
    if (starts[jc] === ends[jc]) return this.#bad('journey id is empty', line, jc, bytes);
    const cc = this.#cc;
    const channelEmpty = starts[cc] === ends[cc];
    if (channelEmpty && !(c > 0)) return this.#bad('a row needs a channel or conversions > 0', line, cc, bytes);

    let j: number;
    if (escaped[jc] === 0) j = this.#journeys.intern(bytes, starts[jc], ends[jc], fnv1a(bytes, starts[jc], ends[jc]));
    else {
      const len = unescapeField(bytes, starts[jc], ends[jc], sc.quote, this.#scratch);
      j = this.#journeys.intern(this.#scratch.buf, 0, len, fnv1a(this.#scratch.buf, 0, len));
    }
    const ch = channelEmpty ? -1 : escaped[cc] === 0 ? this.#channels.intern(bytes, starts[cc], ends[cc]) : this.#internEscaped(this.#channels, bytes, cc);

    const n = this.#n;
    if (n === this.#journey.data.length) this.#reserve(n + 1);
    if (this.#inputRow === null && row !== n) this.#startInputRows(n);
    this.#journey.data[n] = j;
    this.#channel.data[n] = ch;
    if (this.#time !== null) this.#time.data[n] = t;
    if (this.#conv !== null) this.#conv.data[n] = c;
    if (this.#value !== null) this.#value.data[n] = v;
    if (this.#inputRow !== null) this.#inputRow.push(row);
    this.#n = n + 1;
  }

  expect(rows: number): void {
    if (rows > this.#journey.data.length) this.#reserve(rows, true);
  }

  finish(): PathStore {
    const n = this.#n;
    const skips = this.#ctx.skips;
    if (n === 0) {
      throw new PathCreditError(`every row was invalid (${skips.count} skipped): ${skips.samples[0] ?? ''}`, { file: this.#ctx.file });
    }
    // Views, not copies: the columns live only until journey building returns.
    const cols: TouchpointColumns = {
      rowCount: n,
      journey: this.#journey.data.subarray(0, n),
      journeyIds: this.#journeys.names(),
      channel: this.#channel.data.subarray(0, n),
      time: this.#time === null ? null : this.#time.data.subarray(0, n),
      conversions: this.#conv === null ? null : this.#conv.data.subarray(0, n),
      value: this.#value === null ? null : this.#value.data.subarray(0, n),
      ...(this.#inputRow === null ? {} : { inputRow: this.#inputRow.data.subarray(0, n) }),
    };
    return buildJourneys(cols, this.#channels.dictionary, this.#journeyOptions, skips, {
      channel: this.#names.channel,
      file: this.#ctx.file,
    });
  }

  // Rows are written straight into `data` (one capacity check per row instead
  // of one per column), so `length` is brought up to date before growing.
  /**
   * Channel id through a small direct-mapped cache in front of the interner:
   * channels are few and repeat on every row, so the hash computed while
   * scanning plus one byte comparison usually settles it.
   */
  #channel_(b: Uint8Array, s: number, e: number, h: number): number {
    const slot = (h ^ (h >>> 16)) & CACHE_MASK;
    const len = e - s;
    if (this.#cacheHash[slot] === h && this.#cacheLength[slot] === len) {
      const pool = this.#cacheBytes;
      const at = slot * CACHE_WIDTH;
      let i = 0;
      while (i < len && pool[at + i] === b[s + i]) i++;
      if (i === len) return this.#cacheId[slot];
    }
    const id = this.#channels.intern(b, s, e);
    if (len <= CACHE_WIDTH) {
      const pool = this.#cacheBytes;
      const at = slot * CACHE_WIDTH;
      for (let i = 0; i < len; i++) pool[at + i] = b[s + i];
      this.#cacheHash[slot] = h;
      this.#cacheLength[slot] = len;
      this.#cacheId[slot] = id;
    }
    return id;
  }

  #reserve(size: number, exact = false): void {
    const n = this.#n;
    // Growth by half (not doubling) when the size is a guess, exact when the
    // row count was extrapolated: at 10 M rows doubling alone could leave
    // 200 MB of these columns unused.
    const capacity = exact ? size : Math.max(size, Math.ceil(this.#journey.data.length * 1.5));
    growTo(this.#journey, capacity, n);
    growTo(this.#channel, capacity, n);
    if (this.#time !== null) growTo(this.#time, capacity, n);
    if (this.#conv !== null) growTo(this.#conv, capacity, n);
    if (this.#value !== null) growTo(this.#value, capacity, n);
  }

  // Until the first skipped row, row i is input row i; from then on rows are numbered explicitly.
  #startInputRows(n: number): void {
    const rows = growInt32(Math.max(1024, n * 2));
    for (let i = 0; i < n; i++) rows.data[i] = i;
    rows.length = n;
    this.#inputRow = rows;
  }

  #internEscaped(interner: Utf8Interner, bytes: Uint8Array, k: number): number {
    const sc = this.#sc;
    const len = unescapeField(bytes, sc.starts[k], sc.ends[k], sc.quote, this.#scratch);
    return interner.intern(this.#scratch.buf, 0, len);
  }

  #text(column: string, bytes: Uint8Array): string {
    const k = this.#ctx.header.indexOf(column);
    return k < 0 ? '' : fieldText(this.#sc, bytes, k);
  }

  #bad(problem: string, line: number, k: number, bytes: Uint8Array): void {
    this.#reject(new PathCreditError(problem, { file: this.#ctx.file, line, column: this.#ctx.header[k], value: fieldText(this.#sc, bytes, k) }));
  }

  // A skipped row leaves a gap in `row` numbers, which the next kept row
  // notices (row !== n) and starts explicit input-row numbering.
  #reject(error: PathCreditError): void {
    this.#ctx.skips.reject(error);
  }
}

/** Replaces a growable's buffer by one of exactly `capacity` elements holding its first `n`. */
function growTo<T extends Int32Array | Float64Array>(g: Growable<T>, capacity: number, n: number): void {
  if (g.data.length >= capacity) return;
  const next = new (g.data.constructor as new (length: number) => T)(capacity);
  next.set(g.data.subarray(0, n));
  g.data = next;
  g.length = n;
}

// Column roles of the fused fast path.
const JOURNEY = 1;
const CHANNEL = 2;
const TIME = 3;
const CONVERSIONS = 4;
const VALUE = 5;
// Channel cache: 256 slots of names up to 48 bytes.
const CACHE_MASK = 255;
const CACHE_WIDTH = 48;
