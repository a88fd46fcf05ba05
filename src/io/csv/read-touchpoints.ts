import { resolveJourneyOptions } from '../../core/journey-options.js';
import { buildJourneys, type JourneyOptions, type TouchpointColumns } from '../../core/build-journeys.js';
import { ChannelCache } from '../../core/channel-cache.js';
import { sharedCopy } from '../../core/shared-arrays.js';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { growFloat64, growInt32, type Growable } from '../../core/growable.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { withLazyJourneyIds } from '../../core/lazy-journey-ids.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { TOUCHPOINT_DEFAULTS } from '../path-options.js';
import { countError, numberField } from './fields.js';
import { findColumn } from './header.js';
import type { CsvSource, CsvTouchpointOptions } from './options.js';
import { NO_DATE, epochBySize, fieldEnd, isoClock, isoDays, isoField, parseTimestampText, timestampParser } from './parse-timestamp.js';
import { COMMA, DOT, decimalEnd, scanDecimal } from './parse-number.js';
import { readRecords } from './read-records.js';
import type { PartialBase, ReadContext, RecordSink, SinkPartial } from './record-reader.js';
import { JourneyTable, fnv1a, type JourneyEntries } from './journey-table.js';
import { closingQuote, fieldText, hadDoubledQuotes, unescapeField, type CsvScanner } from './scanner.js';

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
export async function readCsvTouchpoints(source: CsvSource, options: CsvTouchpointOptions = {}): Promise<PathStore> {
  const journeyOptions = resolveJourneyOptions(options);
  return readRecords(source, options, (ctx) => new TouchpointSink(ctx, options, journeyOptions));
}

/**
 * The touchpoint layout reader behind {@link readCsvTouchpoints}: checks each
 * record, encodes it into typed columns (ids interned from the bytes), then
 * hands the columns to journey building.
 */
export class TouchpointSink implements RecordSink {
  /** The layout this reader reads. */
  readonly layout = 'touchpoints';
  readonly #ctx: ReadContext;
  readonly #sc: CsvScanner;
  readonly #journeyOptions: JourneyOptions;
  readonly #names: { journey: string; time: string; channel: string; conversions: string; value: string };
  readonly #jc: number;
  readonly #tc: number;
  readonly #cc: number;
  readonly #xc: number;
  readonly #vc: number;
  readonly #sqc: number;
  readonly #journeys = new JourneyTable();
  readonly #channels = new Utf8Interner(new ChannelDictionary());
  readonly #parseTime: (bytes: Uint8Array, start: number, end: number) => number;
  // The decimal mark of number cells (a point, or a comma in European exports).
  readonly #dot: number;
  readonly #format: NonNullable<CsvTouchpointOptions['timestampFormat']>;
  readonly #journey: Growable<Int32Array> = growInt32(1 << 16);
  readonly #channel: Growable<Int32Array> = growInt32(1 << 16);
  readonly #time: Growable<Float64Array> | null;
  readonly #sequence: Growable<Float64Array> | null;
  // Extra categorical columns (attributeColumns): each with its own dictionary and value column.
  readonly #attributes: ReaderAttribute[];
  // For each field, its index in #attributes, or -1.
  readonly #attributeOf: Int8Array;
  // Conversions and value only for the rows that convert (a few percent):
  // two dense float columns would be most of the reader's memory.
  #convRows = new Int32Array(1024);
  #conv = new Float64Array(1024);
  #value = new Float64Array(1024);
  #convCount = 0;
  #inputRow: Growable<Int32Array> | null = null;
  #n = 0;
  #scratch = { buf: new Uint8Array(256) };
  // The fused fast path: the role of each column, the bytes that end an
  // unquoted field, and the last journey id read (rows come grouped by
  // journey, so most rows repeat it and skip the interner).
  readonly #roles: Uint8Array;
  readonly #stops = new Uint8Array(256);
  readonly #isoFast: boolean;
  // Event exports (conversionEvents): the event column, its names (through a
  // cache) and which of them are conversion events; -1 when off.
  readonly #ec: number;
  readonly #events: ChannelCache | null;
  #isConversion = new Uint8Array(64);
  readonly #conversionEvents: ReadonlySet<string>;
  // How the fused path turns an epoch number into milliseconds (see #epochUnit), or 0 when it leaves numbers to the general path.
  readonly #epochUnit: number;
  #prevJourney = new Uint8Array(64);
  readonly #cache = new ChannelCache(this.#channels);
  #prevLength = -1;
  #prevId = -1;
  // New journey runs waiting to be interned in one batch (see #internPending).
  readonly #pendingStart = new Int32Array(PENDING);
  readonly #pendingEnd = new Int32Array(PENDING);
  readonly #pendingHash = new Int32Array(PENDING);
  readonly #pendingId = new Int32Array(PENDING);
  #pendingFrom = 0;
  #touched = 0;
  #runRows = 0;

  constructor(ctx: ReadContext, options: CsvTouchpointOptions, journeyOptions: JourneyOptions) {
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
    // In an event export the conversions cell is optional even when named: a preset names the
    // column of its path summary, and the events say what converted.
    this.#xc = findColumn(header, this.#names.conversions, options.conversionsColumn !== undefined && options.conversionEvents === undefined, file);
    this.#vc = findColumn(header, this.#names.value, options.valueColumn !== undefined, file);
    this.#sqc = options.sequenceColumn === undefined ? -1 : findColumn(header, options.sequenceColumn, true, file);
    if (this.#tc < 0 && journeyOptions.lookbackMs !== undefined) {
      throw new PathCreditError(`lookback needs timestamps, but the header has no "${this.#names.time}" column`, { file, line: 1 });
    }
    this.#format = options.timestampFormat ?? 'auto';
    this.#dot = options.decimal === ',' ? COMMA : DOT;
    this.#parseTime = timestampParser(this.#format);
    this.#time = this.#tc >= 0 ? growFloat64(1 << 16) : null;
    this.#sequence = this.#sqc >= 0 ? growFloat64(1 << 16) : null;
    this.#attributeOf = new Int8Array(header.length).fill(-1);
    this.#attributes = (options.attributeColumns ?? []).map((column, k) => {
      const at = findColumn(header, column, true, file);
      if (this.#attributeOf[at] >= 0 || at === this.#jc || at === this.#cc) {
        throw new PathCreditError('an attribute column must be named once and be another column than the journey and channel columns', { file, line: 1, column });
      }
      this.#attributeOf[at] = k;
      return { column, field: at, cache: new ChannelCache(new Utf8Interner(new ChannelDictionary())), values: growInt32(1 << 16) };
    });
    const events = options.conversionEvents;
    if (events === undefined && options.eventColumn !== undefined) {
      throw new PathCreditError('eventColumn needs conversionEvents (the events that are conversions)', { file, column: options.eventColumn });
    }
    if (events !== undefined && events.length === 0) throw new PathCreditError('conversionEvents must name at least one event', { file });
    this.#conversionEvents = new Set(events ?? []);
    this.#ec = events === undefined ? -1 : findColumn(header, options.eventColumn ?? EVENT_COLUMN, true, file);
    this.#events = events === undefined ? null : new ChannelCache(new Utf8Interner(new ChannelDictionary()));
    this.#roles = new Uint8Array(header.length);
    // One role per column: a column named for two roles (an attribute or event column that is also
    // the channel, time, conversions or value column) would leave one unread on the fast path.
    const taken = new Map<number, string>();
    const claim = (field: number, role: string, column: string): void => {
      if (field < 0) return;
      const other = taken.get(field);
      if (other !== undefined) throw new PathCreditError(`the ${role} column must be another column than the ${other} column`, { file, line: 1, column });
      taken.set(field, role);
    };
    claim(this.#jc, 'journey', this.#names.journey);
    claim(this.#cc, 'channel', this.#names.channel);
    claim(this.#tc, 'timestamp', this.#names.time);
    claim(this.#xc, 'conversions', this.#names.conversions);
    claim(this.#vc, 'value', this.#names.value);
    claim(this.#sqc, 'sequence', options.sequenceColumn ?? '');
    claim(this.#ec, 'event', options.eventColumn ?? EVENT_COLUMN);
    for (const a of this.#attributes) claim(a.field, 'attribute', a.column);
    if (this.#ec >= 0) this.#roles[this.#ec] = EVENT;
    this.#roles[this.#jc] = JOURNEY;
    this.#roles[this.#cc] = CHANNEL;
    if (this.#tc >= 0) this.#roles[this.#tc] = TIME;
    if (this.#xc >= 0) this.#roles[this.#xc] = CONVERSIONS;
    if (this.#vc >= 0) this.#roles[this.#vc] = VALUE;
    if (this.#sqc >= 0) this.#roles[this.#sqc] = SEQUENCE;
    for (const a of this.#attributes) this.#roles[a.field] = ATTRIBUTE;
    this.#stops[this.#sc.delimiter] = 1;
    this.#stops[10] = 1;
    this.#stops[13] = 1;
    // A delimiter that can occur inside an ISO timestamp (a space, say) would
    // let the fixed-offset reader run across a field end: leave those to the generic path.
    this.#isoFast = (this.#format === 'iso' || this.#format === 'auto') && !'0123456789-:Tt .+Zz'.includes(String.fromCharCode(this.#sc.delimiter));
    // Epoch numbers of up to 16 digits are exact integers: the fused path reads them (nanoseconds, 19 digits, take the general path).
    this.#epochUnit = EPOCH_UNITS[this.#format] ?? 0;
  }

  /** Records read by the last {@link fast} call. */
  fastRows = 0;

  /**
   * The fused fast path (see {@link RecordSink.fast}): reads up to `maxRows`
   * ordinary records from `pos`, in runs that fit the columns' capacity.
   */
  fast(b: Uint8Array, pos: number, lim: number, row: number, maxRows: number): number {
    // Until the first skipped row, row i is input row i (see #startInputRows).
    if (this.#inputRow === null && row !== this.#n) this.#startInputRows(this.#n);
    let p = pos;
    let done = 0;
    while (done < maxRows) {
      if (this.#n === this.#journey.data.length) this.#reserve(this.#n + 1);
      // Short runs: the first ones execute before the optimised loop is ready,
      // and a new call picks it up at once where a long-running call would
      // wait for a second (on-stack) compilation.
      const take = Math.min(maxRows - done, this.#journey.data.length - this.#n, RUN_ROWS);
      p = this.#fastRun(b, p, lim, row + done, take);
      done += this.#runRows;
      if (this.#runRows < take) break;
    }
    this.fastRows = done;
    return p;
  }

  /**
   * The hot loop: reads up to `take` records from `pos` (the columns have room
   * for them) and returns where it stopped; the count goes to #runRows. It
   * stops before the first record it cannot read on its own (quotes other than
   * a plain quoted channel, unusual timestamps or numbers, anything invalid):
   * the generic path reads that one and words the errors.
   *
   * `b[lim - 1]` is a line break, so every field scan stops at or before it
   * without bounds checks. All state lives in locals for the whole run: the
   * per-row cost is what limits the reader, so nothing is re-read from `this`
   * per row.
   */
  #fastRun(b: Uint8Array, pos: number, lim: number, row: number, take: number): number {
    const stops = this.#stops;
    const roles = this.#roles;
    const last = roles.length - 1;
    const quote = this.#sc.quote;
    const delimiter = this.#sc.delimiter;
    const dot = this.#dot;
    const isoFast = this.#isoFast;
    const eventMode = this.#ec >= 0;
    const epochUnit = this.#epochUnit;
    const journeys = this.#journeys;
    const journeyCol = this.#journey.data;
    const channelCol = this.#channel.data;
    const timeCol = this.#time === null ? null : this.#time.data;
    const sequenceCol = this.#sequence === null ? null : this.#sequence.data;
    const attributes = this.#attributes;
    const attributeOf = this.#attributeOf;
    const rowCol = this.#inputRow === null ? null : this.#inputRow.data;
    const cache = this.#cache;
    const cacheLength = cache.length;
    const cacheId = cache.id;
    const cacheBytes = cache.bytes;
    const scratch = this.#scratch;
    // The previous row's journey id: rows come grouped by journey, so most
    // rows repeat it and only need a byte comparison, no hashing or lookup.
    // Within this call the previous id is compared where it lies in `b`
    // (no copy per new run); only the last one is copied out, at the end.
    let prev: Uint8Array = this.#prevJourney;
    let prevAt = 0;
    let prevLength = this.#prevLength;
    let prevId = this.#prevId;
    let n = this.#n;
    let k = 0;
    let p = pos;
    let done = pos;
    let pending = 0;
    rows: while (k < take && p < lim) {
      let js = 0;
      let je = 0;
      let cs = 0;
      let ce = 0;
      let t = NaN;
      let c = 0;
      let v = 0;
      let sq = 0;
      let same = false;
      let channelBytes = b;
      let conversionEvent = false;
      for (let f = 0; ; f++) {
        const s = p;
        const role = roles[f];
        if (b[s] === quote) {
          // A quoted channel without line breaks ("display, retargeting", doubled
          // quotes unescaped into scratch) stays here; every other quoted field
          // goes to the generic scanner.
          if (role !== CHANNEL) break rows;
          const q = closingQuote(b, s, quote, stops);
          if (q < 0) break rows;
          if (hadDoubledQuotes()) {
            channelBytes = scratch.buf;
            cs = 0;
            ce = unescapeField(b, s + 1, q, quote, scratch);
          } else {
            cs = s + 1;
            ce = q;
          }
          p = q + 1;
        } else if (role === JOURNEY) {
          // Compare with the previous id first; scan the rest only when it differs.
          let i = 0;
          while (i < prevLength && b[p] === prev[prevAt + i]) {
            p++;
            i++;
          }
          if (stops[b[p]] !== 0) same = i === prevLength;
          else while (stops[b[p]] === 0) p++;
          js = s;
          je = p;
        } else if (role === CHANNEL) {
          while (stops[b[p]] === 0) p++;
          cs = s;
          ce = p;
        } else if (role === TIME) {
          // An epoch number: digits up to a field stop (below 2^53 with at most 16 of them).
          const first = b[s] - 48;
          if (epochUnit !== 0 && first >= 0 && first <= 9) {
            let m = 0;
            let q = s;
            for (;;) {
              const d = b[q] - 48;
              if (d < 0 || d > 9) break;
              m = m * 10 + d;
              q++;
            }
            if (stops[b[q]] !== 0) {
              if (q - s > 16 || m > MAX_EXACT) break rows;
              t = epochUnit === EPOCH_MS ? m : epochUnit === EPOCH_S ? m * 1000 : epochUnit === EPOCH_US ? m / 1e3 : epochBySize(m);
              p = q;
              // Fall through to the field's end below.
            }
          }
          if (p !== s) {
            // Read above as an epoch number.
          } else if (!isoFast) break rows;
          else {
            // The common shapes at fixed offsets (`...T12:34:56Z`, without the
            // Z, and `...T12:34:56.789Z` as JavaScript and BigQuery write it),
            // anything else through the general ISO reader.
            const days = s + 20 < lim ? isoDays(b, s) : NO_DATE;
            const clock = days !== NO_DATE ? isoClock(b, s) : -1;
            if (clock >= 0 && b[s + 19] === 90 && stops[b[s + 20]] !== 0) {
              t = days * MS_PER_DAY + clock * 1000;
              p = s + 20;
            } else if (clock >= 0 && stops[b[s + 19]] !== 0) {
              t = days * MS_PER_DAY + clock * 1000;
              p = s + 19;
            } else if (clock >= 0 && b[s + 19] === 46 && s + 24 < lim && b[s + 23] === 90 && stops[b[s + 24]] !== 0 && millis(b, s + 20) >= 0) {
              t = days * MS_PER_DAY + clock * 1000 + millis(b, s + 20);
              p = s + 24;
            } else {
              t = isoField(b, s, lim, stops);
              if (t !== t) break rows;
              p = fieldEnd();
            }
          }
        } else if (role === EVENT) {
          while (stops[b[p]] === 0) p++;
          conversionEvent = this.#conversionEvent(b, s, p);
        } else if (role === ATTRIBUTE) {
          while (stops[b[p]] === 0) p++;
          const a = attributes[attributeOf[f]];
          a.values.data[n] = p === s ? a.cache.interner.intern(b, s, s) : a.cache.idOf(b, s, p);
        } else if (role === CONVERSIONS || role === VALUE || role === SEQUENCE) {
          // Plain decimals parsed while scanning; an empty count is 0, an empty sequence number is left to the general path.
          // A lone 0 (most counts and values) without the general decimal scan.
          let x = 0;
          if (b[s] === 48 && stops[b[s + 1]] !== 0) p = s + 1;
          else {
            x = scanDecimal(b, s, stops, dot);
            if (x !== x || (x < 0 && role === SEQUENCE)) break rows;
            p = decimalEnd();
          }
          if (role === CONVERSIONS) c = x < 0 ? 0 : x;
          else if (role === VALUE) v = x < 0 ? 0 : x;
          else sq = x;
        } else {
          while (stops[b[p]] === 0) p++;
        }
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
      if (eventMode) {
        // A conversion event is a conversion on its own (its channel is not a
        // touch), counting 1 unless a conversions column says more; any other
        // event is a touch when it has a channel, else a row that is ignored
        // (and counted) by journey building.
        if (conversionEvent) {
          cs = ce;
          if (!(c > 0)) c = 1;
        } else {
          c = 0;
          v = 0;
        }
      }
      // Anything that needs an error message goes to the generic path.
      if (js === je || (v > 0 && c === 0) || (cs === ce && c === 0 && !eventMode)) break;
      let j = prevId;
      if (!same) {
        // A new journey run: its id is looked up later, in a batch (see
        // #internPending); until then the rows hold a placeholder.
        if (pending === PENDING) {
          this.#internPending(b, n, pending);
          pending = 0;
        }
        if (pending === 0) this.#pendingFrom = n;
        this.#pendingStart[pending] = js;
        this.#pendingEnd[pending] = je;
        pending++;
        j = -pending;
        prev = b;
        prevAt = js;
        prevLength = je - js;
        prevId = j;
      }
      // The channel through a small direct-mapped cache in front of the
      // interner (channels are few and repeat on every row): a slot picked by
      // the length and the outer bytes, then one byte comparison. Inlined here
      // because it runs on every row.
      let ch = -1;
      if (cs !== ce) {
        // ChannelCache.idOf, inlined: it runs on every row.
        const cb = channelBytes;
        const len = ce - cs;
        const slot = Math.imul((cb[cs] << 16) ^ (cb[ce - 1] << 8) ^ len, 0x9e3779b1) >>> 24;
        let i = 0;
        if (cacheLength[slot] === len) {
          const at = slot * CACHE_WIDTH;
          while (i < len && cacheBytes[at + i] === cb[cs + i]) i++;
        }
        ch = i === len ? cacheId[slot] : cache.miss(cb, cs, ce, slot);
      }
      journeyCol[n] = j;
      channelCol[n] = ch;
      if (timeCol !== null) timeCol[n] = t;
      if (sequenceCol !== null) sequenceCol[n] = sq;
      if (c !== 0) this.#converts(n, c, v);
      if (rowCol !== null) rowCol[n] = row + k;
      n++;
      k++;
      done = p;
    }
    if (pending > 0) {
      this.#internPending(b, n, pending);
      if (prevId < 0) prevId = this.#pendingId[-prevId - 1];
    }
    if (prev === b) {
      // The next call may read another buffer: keep the last id's bytes.
      if (prevLength > this.#prevJourney.length) this.#prevJourney = new Uint8Array(prevLength * 2);
      this.#prevJourney.set(b.subarray(prevAt, prevAt + prevLength));
    }
    this.#n = n;
    this.#prevLength = prevLength;
    this.#prevId = prevId;
    this.#runRows = k;
    return done;
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
    let sq = 0;
    if (this.#sqc >= 0) {
      sq = numberField(sc, bytes, this.#sqc, NaN, this.#dot);
      if (!Number.isFinite(sq)) return this.#bad('sequence number is missing or not a number', line, this.#sqc, bytes);
    }
    const ec = this.#ec;
    // Event exports: only conversion events carry conversions and value (see #fastRun).
    const conversionEvent = ec >= 0 && this.#eventAt(bytes, ec);
    const skipCounts = ec >= 0 && !conversionEvent;
    let c = this.#xc >= 0 && !skipCounts ? numberField(sc, bytes, this.#xc, 0, this.#dot) : 0;
    const v = this.#vc >= 0 && !skipCounts ? numberField(sc, bytes, this.#vc, 0, this.#dot) : 0;
    if (conversionEvent && c === 0) c = 1;
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
    const channelEmpty = starts[cc] === ends[cc] || conversionEvent;
    if (channelEmpty && !(c > 0) && ec < 0) return this.#bad('a row needs a channel or conversions > 0', line, cc, bytes);

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
    if (this.#sequence !== null) this.#sequence.data[n] = sq;
    for (const a of this.#attributes) a.values.data[n] = this.#internField(a.cache.interner, bytes, a.field);
    if (c !== 0) this.#converts(n, c, v);
    if (this.#inputRow !== null) this.#inputRow.data[n] = row;
    this.#n = n + 1;
  }

  expect(rows: number, _scale: number): void {
    // A tenth to spare: pages never written cost nothing, growing later copies every column.
    const capacity = Math.ceil(rows * 1.1);
    if (capacity > this.#journey.data.length) this.#reserve(capacity, true);
    // The journey id table is left to grow by doubling: journeys per row
    // cannot be extrapolated (in a shuffled export nearly every early row is
    // a new journey), and an overestimate costs its whole size, since hashing
    // touches every page of the table.
  }

  /** The rows read so far, as plain arrays for another thread (see {@link absorb}). */
  partial(): SinkPartial {
    const n = this.#n;
    const k = this.#convCount;
    return {
      names: this.#channels.dictionary.names.slice(),
      ids: this.#journeys.entries(),
      rows: n,
      journey: this.#journey.data.subarray(0, n),
      channel: this.#channel.data.subarray(0, n),
      time: this.#time === null ? null : this.#time.data.subarray(0, n),
      sequence: this.#sequence === null ? null : this.#sequence.data.subarray(0, n),
      attributes: this.#attributes.map((a) => ({ names: a.cache.interner.dictionary.names.slice(), values: a.values.data.subarray(0, n) })),
      inputRow: this.#inputRow === null ? null : this.#inputRow.data.subarray(0, n),
      convRows: this.#convRows.subarray(0, k),
      conv: this.#conv.subarray(0, k),
      convValue: this.#value.subarray(0, k),
    };
  }

  /**
   * Appends the rows another reader of this layout read after these (its
   * {@link partial}), whose first data record is record `base.row` of the
   * whole input: channel and journey ids are mapped into this reader's, in
   * order, so ids still follow first appearance in the whole input.
   */
  absorb(partial: SinkPartial, base: PartialBase): void {
    const p = partial as unknown as TouchpointPartial;
    const channels = this.#channels.dictionary;
    const channelMap = Int32Array.from(p.names, (name) => channels.idOf(name));
    const ids = p.ids;
    const journeyMap = new Int32Array(ids.count);
    for (let e = 0; e < ids.count; e++) {
      const s = ids.start[e];
      const end = s + ids.length[e];
      journeyMap[e] = this.#journeys.intern(ids.bytes, s, end, fnv1a(ids.bytes, s, end));
    }
    const n = this.#n;
    const m = p.rows;
    if (n + m > this.#journey.data.length) this.#reserve(n + m, true);
    // Input rows stay implicit only while nothing anywhere was skipped.
    if (this.#inputRow === null && (base.row !== n || p.inputRow !== null)) this.#startInputRows(n);
    const journey = this.#journey.data;
    const channel = this.#channel.data;
    for (let i = 0; i < m; i++) {
      journey[n + i] = journeyMap[p.journey[i]];
      const ch = p.channel[i];
      channel[n + i] = ch < 0 ? -1 : channelMap[ch];
    }
    if (this.#time !== null && p.time !== null) this.#time.data.set(p.time, n);
    if (this.#sequence !== null && p.sequence !== null) this.#sequence.data.set(p.sequence, n);
    this.#attributes.forEach((a, k) => {
      const dictionary = a.cache.interner.dictionary;
      const map = Int32Array.from(p.attributes[k].names, (name) => dictionary.idOf(name));
      const from = p.attributes[k].values;
      const to = a.values.data;
      for (let i = 0; i < m; i++) to[n + i] = map[from[i]];
    });
    if (this.#inputRow !== null) {
      const rows = this.#inputRow.data;
      for (let i = 0; i < m; i++) rows[n + i] = base.row + (p.inputRow === null ? i : p.inputRow[i]);
    }
    for (let k = 0; k < p.convRows.length; k++) this.#converts(n + p.convRows[k], p.conv[k], p.convValue[k]);
    this.#n = n + m;
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
      // Journey building reads only how many ids there are; the store decodes them when first read.
      journeyIds: new Array<string>(this.#journeys.size),
      channel: this.#channel.data.subarray(0, n),
      time: this.#time === null ? null : this.#time.data.subarray(0, n),
      sequence: this.#sequence === null ? null : this.#sequence.data.subarray(0, n),
      conversions: { count: this.#convCount, rows: this.#convRows, conversions: this.#conv, value: this.#value },
      ...(this.#attributes.length > 0
        ? { attributes: this.#attributes.map((a) => ({ column: a.column, names: a.cache.interner.dictionary.names, values: a.values.data.subarray(0, n) })) }
        : {}),
      ...(this.#inputRow === null ? {} : { inputRow: this.#inputRow.data.subarray(0, n) }),
      // Journey building may write its outputs over these columns: nothing reads them after it.
      reusable: true,
      ...(this.#ec >= 0 ? { emptyRows: 'ignore' as const } : {}),
    };
    const store = buildJourneys(cols, this.#channels.dictionary, this.#journeyOptions, skips, {
      channel: this.#names.channel,
      file: this.#ctx.file,
    });
    const journeys = this.#journeys;
    return withLazyJourneyIds(store, journeys.size, () => journeys.names());
  }

  // Rows are written straight into `data` (one capacity check per row instead
  // of one per column), so `length` is brought up to date before growing.
  /**
   * Interns the `count` journey ids waiting since row #pendingFrom (new runs
   * read by #fastRun, whose rows hold -1 - their index in the batch) and puts
   * their ids in those rows. Batching lets the table's slot loads for all of
   * them overlap (JourneyTable.touch): for grouped input nearly every new run
   * is a new id, a cache miss in a table that outgrows the caches.
   */
  #internPending(b: Uint8Array, n: number, count: number): void {
    const journeys = this.#journeys;
    const starts = this.#pendingStart;
    const ends = this.#pendingEnd;
    const hashes = this.#pendingHash;
    const ids = this.#pendingId;
    // Numbered ids seen before first: their loads from the dense array are
    // independent of each other, so the CPU overlaps their cache misses.
    let unknown = 0;
    for (let q = 0; q < count; q++) {
      const e = journeys.numbered(b, starts[q], ends[q]);
      ids[q] = e;
      if (e < 0) unknown++;
    }
    if (unknown === 0) {
      this.#fillPending(n);
      return;
    }
    // The others are hashed (only now: numbered ids never need it) and their slots loaded together.
    for (let q = 0; q < count; q++) hashes[q] = ids[q] < 0 ? fnv1a(b, starts[q], ends[q]) : 0;
    this.#touched = journeys.touch(hashes, count);
    for (let q = 0; q < count; q++) if (ids[q] < 0) ids[q] = journeys.intern(b, starts[q], ends[q], hashes[q]);
    this.#fillPending(n);
  }

  /** Puts the ids of the batch (#pendingId) in the rows since #pendingFrom that wait for them. */
  #fillPending(n: number): void {
    const ids = this.#pendingId;
    const col = this.#journey.data;
    for (let r = this.#pendingFrom; r < n; r++) {
      const x = col[r];
      if (x < 0) col[r] = ids[-x - 1];
    }
  }

  /** Records that row `n` converts (c > 0). */
  #converts(n: number, c: number, v: number): void {
    // Plain typed arrays rather than Growables: Growable.push is shared by
    // arrays of every type, and its mixed feedback deoptimised the hot loop.
    const k = this.#convCount;
    if (k === this.#convRows.length) {
      const rows = new Int32Array(k * 2);
      rows.set(this.#convRows);
      this.#convRows = rows;
      const conv = new Float64Array(k * 2);
      conv.set(this.#conv);
      this.#conv = conv;
      const value = new Float64Array(k * 2);
      value.set(this.#value);
      this.#value = value;
    }
    this.#convRows[k] = n;
    this.#conv[k] = c;
    this.#value[k] = v;
    this.#convCount = k + 1;
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
    if (this.#sequence !== null) growTo(this.#sequence, capacity, n);
    for (const a of this.#attributes) growTo(a.values, capacity, n);
    if (this.#inputRow !== null) growTo(this.#inputRow, capacity, n);
  }

  // Until the first skipped row, row i is input row i; from then on rows are numbered explicitly.
  #startInputRows(n: number): void {
    // Sized like the other columns (and grown with them by #reserve).
    const rows = growInt32(this.#journey.data.length);
    for (let i = 0; i < n; i++) rows.data[i] = i;
    rows.length = n;
    this.#inputRow = rows;
  }

  /** Whether the event name `b[s, e)` is one of the conversion events. */
  #conversionEvent(b: Uint8Array, s: number, e: number): boolean {
    const cache = this.#events!;
    const id = s === e ? cache.interner.intern(b, s, s) : cache.idOf(b, s, e);
    if (id >= this.#isConversion.length) {
      // A new name: its flag, and room for more.
      const names = cache.interner.dictionary.names;
      const flags = new Uint8Array(Math.max(names.length * 2, 64));
      for (let k = 0; k < names.length; k++) flags[k] = this.#conversionEvents.has(names[k]) ? 2 : 1;
      this.#isConversion = flags;
    } else if (this.#isConversion[id] === 0) this.#isConversion[id] = this.#conversionEvents.has(cache.interner.dictionary.names[id]) ? 2 : 1;
    return this.#isConversion[id] === 2;
  }

  /** Whether field `k` of the scanner's record names a conversion event. */
  #eventAt(bytes: Uint8Array, k: number): boolean {
    const sc = this.#sc;
    if (sc.escaped[k] === 0) return this.#conversionEvent(bytes, sc.starts[k], sc.ends[k]);
    const len = unescapeField(bytes, sc.starts[k], sc.ends[k], sc.quote, this.#scratch);
    return this.#conversionEvent(this.#scratch.buf, 0, len);
  }

  /** The id of field `k` of the scanner's record in `interner` (an empty field is the value ""). */
  #internField(interner: Utf8Interner, bytes: Uint8Array, k: number): number {
    const sc = this.#sc;
    return sc.escaped[k] === 0 ? interner.intern(bytes, sc.starts[k], sc.ends[k]) : this.#internEscaped(interner, bytes, k);
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

/** What {@link TouchpointSink.partial} hands over. */
interface TouchpointPartial {
  readonly names: string[];
  readonly ids: JourneyEntries;
  readonly rows: number;
  readonly journey: Int32Array;
  readonly channel: Int32Array;
  readonly time: Float64Array | null;
  readonly sequence: Float64Array | null;
  readonly attributes: readonly { readonly names: readonly string[]; readonly values: Int32Array }[];
  readonly inputRow: Int32Array | null;
  readonly convRows: Int32Array;
  readonly conv: Float64Array;
  readonly convValue: Float64Array;
}

/** Replaces a growable's buffer by one of exactly `capacity` elements holding its first `n`. */
function growTo<T extends Int32Array | Float64Array>(g: Growable<T>, capacity: number, n: number): void {
  if (g.data.length >= capacity) return;
  // On shared memory like every store column (see shared-arrays.ts).
  g.data = sharedCopy(g.data, capacity, n);
  g.length = n;
}

const MS_PER_DAY = 86_400_000;
// The largest integer a double holds exactly.
const MAX_EXACT = 2 ** 53 - 1;
// Epoch units of the fused path, by timestamp format.
const EPOCH_MS = 1;
const EPOCH_S = 2;
const EPOCH_US = 3;
const EPOCH_AUTO = 4;
const EPOCH_UNITS: Partial<Record<string, number>> = { auto: EPOCH_AUTO, 'epoch-ms': EPOCH_MS, 'epoch-s': EPOCH_S, 'epoch-us': EPOCH_US };

/** Three ASCII digits at `b[i]` as a number, or -1. */
function millis(b: Uint8Array, i: number): number {
  const x = b[i] - 48;
  const y = b[i + 1] - 48;
  const z = b[i + 2] - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 && z >= 0 && z <= 9 ? x * 100 + y * 10 + z : -1;
}
// Journey runs interned per batch.
const PENDING = 64;
// Rows per call of the hot loop.
const RUN_ROWS = 4096;
// Column roles of the fused fast path.
const JOURNEY = 1;
const CHANNEL = 2;
const TIME = 3;
const CONVERSIONS = 4;
const VALUE = 5;
const SEQUENCE = 6;
const ATTRIBUTE = 7;
const EVENT = 8;
/** The event column when `conversionEvents` is given without `eventColumn` (GA4's name). */
const EVENT_COLUMN = 'event_name';

/** One extra categorical column being read. */
interface ReaderAttribute {
  readonly column: string;
  /** Its field in the header. */
  readonly field: number;
  /** Its values' dictionary, through a cache. */
  readonly cache: ChannelCache;
  /** Each row's value id. */
  readonly values: Growable<Int32Array>;
}
const CACHE_WIDTH = ChannelCache.WIDTH;
