const LF = 10;
const CR = 13;

/** Why {@link CsvScanner.scan} could not read a record. */
export const ScanError = {
  None: 0,
  /** The input ended inside a quoted field. */
  Unterminated: 1,
  /** A closing quote was followed by something other than a delimiter or a line end. */
  AfterQuote: 2,
} as const;
/** One of the {@link ScanError} codes. */
export type ScanError = (typeof ScanError)[keyof typeof ScanError];

/**
 * A quote-aware RFC 4180 record scanner over UTF-8 bytes. It finds field
 * boundaries only: nothing is decoded, nothing is allocated per record, and
 * the caller reads the fields straight from the bytes (numbers, timestamps and
 * interned names). Works on any chunking: when a record may continue past the
 * bytes at hand, `scan` says so and the caller retries with more bytes.
 *
 * Field `k` of the last record is `bytes[starts[k], ends[k])`, without its
 * quotes; `escaped[k]` is 1 when it contains doubled quotes to unescape
 * ({@link unescapeField}).
 *
 * @example
 * ```ts
 * const sc = new CsvScanner(',', '"');
 * const bytes = new TextEncoder().encode('a,"b ""c"""\n');
 * const next = sc.scan(bytes, 0, bytes.length, true); // 12; sc.fieldCount === 2
 * ```
 */
export class CsvScanner {
  /** Delimiter byte. */
  readonly delimiter: number;
  /** Quote byte. */
  readonly quote: number;
  /** Field start offsets of the last record. */
  starts = new Int32Array(16);
  /** Field end offsets (exclusive) of the last record. */
  ends = new Int32Array(16);
  /** 1 for a quoted field holding doubled quotes. */
  escaped = new Uint8Array(16);
  /** Number of fields in the last record. */
  fieldCount = 0;
  /** Line breaks the last record spans, its terminator included (to number lines). */
  lineBreaks = 0;
  /** Set when `scan` returned a record it could not read. */
  error: ScanError = ScanError.None;
  /** Field index where the error was found. */
  errorField = -1;
  /** Byte offset where the bad field starts. */
  errorStart = 0;
  // 1 for the bytes that end an unquoted field (delimiter, CR, LF): one load
  // and one test per byte in the hottest loop instead of three compares.
  readonly #stops = new Uint8Array(256);

  /**
   * @param delimiter - one single-byte character.
   * @param quote - one single-byte character, different from the delimiter.
   */
  constructor(delimiter: string, quote: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quote.charCodeAt(0);
    this.#stops[this.delimiter] = 1;
    this.#stops[LF] = 1;
    this.#stops[CR] = 1;
  }

  /**
   * Scans one record starting at `pos` (which must be < `end`). Returns the
   * offset after the record and its line terminator, or -1 when the record may
   * continue after `end` and `final` is false. When `error` is set on return,
   * the record is malformed and the returned offset is where scanning can resume.
   */
  scan(bytes: Uint8Array, pos: number, end: number, final: boolean): number {
    const d = this.delimiter;
    const q = this.quote;
    const stops = this.#stops;
    const starts = this.starts;
    const ends = this.ends;
    const escaped = this.escaped;
    let p = pos;
    let f = 0;
    let breaks = 0;
    this.error = ScanError.None;
    for (;;) {
      if (f === starts.length) return this.#growAndRescan(bytes, pos, end, final);
      if (p < end && bytes[p] === q) {
        const s = p + 1;
        let k = s;
        let esc = 0;
        for (;;) {
          while (k < end) {
            const c = bytes[k];
            if (c === q) break;
            if (c === LF) breaks++;
            k++;
          }
          if (k >= end) {
            if (!final) return -1;
            return this.#fail(ScanError.Unterminated, f, p, end, breaks);
          }
          // A quote at the very end may be the first half of a doubled quote.
          if (k + 1 === end && !final) return -1;
          if (k + 1 < end && bytes[k + 1] === q) {
            esc = 1;
            k += 2;
            continue;
          }
          break;
        }
        starts[f] = s;
        ends[f] = k;
        escaped[f] = esc;
        f++;
        p = k + 1;
      } else {
        const s = p;
        while (p < end && stops[bytes[p]] === 0) p++;
        starts[f] = s;
        ends[f] = p;
        escaped[f] = 0;
        f++;
      }
      if (p >= end) {
        if (!final) return -1;
        this.fieldCount = f;
        this.lineBreaks = breaks;
        return end;
      }
      const c = bytes[p];
      if (c === d) {
        p++;
        continue;
      }
      if (c === LF) {
        this.fieldCount = f;
        this.lineBreaks = breaks + 1;
        return p + 1;
      }
      if (c === CR) {
        if (p + 1 >= end && !final) return -1;
        this.fieldCount = f;
        this.lineBreaks = breaks + 1;
        return p + 1 < end && bytes[p + 1] === LF ? p + 2 : p + 1;
      }
      // Only reachable after a closing quote: `"ab"c`. Resume after the line end.
      const start = starts[f - 1] - 1;
      while (p < end && bytes[p] !== LF) p++;
      if (p >= end && !final) return -1;
      return this.#fail(ScanError.AfterQuote, f - 1, start, p >= end ? end : p + 1, breaks + (p < end ? 1 : 0));
    }
  }

  #fail(error: ScanError, field: number, start: number, resume: number, breaks: number): number {
    this.error = error;
    this.errorField = field;
    this.errorStart = start;
    this.fieldCount = field + 1;
    this.lineBreaks = breaks;
    return resume;
  }

  // Rare: a record with more fields than ever seen. Grow, then scan it again.
  #growAndRescan(bytes: Uint8Array, pos: number, end: number, final: boolean): number {
    this.#grow();
    return this.scan(bytes, pos, end, final);
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const escaped = new Uint8Array(size);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

/**
 * Copies a quoted field's bytes with each doubled quote made single into
 * `scratch` (grown when too small) and returns the scratch buffer and length.
 */
export function unescapeField(
  bytes: Uint8Array,
  start: number,
  end: number,
  quote: number,
  scratch: { buf: Uint8Array },
): number {
  if (scratch.buf.length < end - start) scratch.buf = new Uint8Array(Math.max(end - start, scratch.buf.length * 2));
  const out = scratch.buf;
  let n = 0;
  for (let i = start; i < end; i++) {
    out[n++] = bytes[i];
    if (bytes[i] === quote) i++;
  }
  return n;
}

// ignoreBOM: a leading U+FEFF inside a field is part of it (the file's BOM is skipped before).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes field `k` of the scanner's last record to a string, unescaping doubled quotes. */
export function fieldText(sc: CsvScanner, bytes: Uint8Array, k: number): string {
  const text = decoder.decode(bytes.subarray(sc.starts[k], sc.ends[k]));
  if (sc.escaped[k] === 0) return text;
  const q = String.fromCharCode(sc.quote);
  return text.replaceAll(q + q, q);
}

/** Decodes raw bytes (for error messages and fallbacks). */
export function decodeBytes(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

/** Whether the field {@link closingQuote} last read held doubled quotes. */
let doubledQuotes = false;

/**
 * The fused readers' quoted field (see `RecordSink.fast`): from the opening
 * quote at `b[s]`, finds the closing quote and returns its offset, or -1
 * when a line break comes first (a quoted field across lines is left to the
 * general scanner) or the closing quote is not followed by a byte that ends
 * a field (`stops`). `b[lim - 1]` is a line break, so the search ends by
 * then. Whether the field held doubled quotes is then {@link hadDoubledQuotes}.
 */
export function closingQuote(b: Uint8Array, s: number, quote: number, stops: Uint8Array): number {
  let q = s + 1;
  let doubled = false;
  for (;;) {
    const x = b[q];
    if (x === quote) {
      if (b[q + 1] !== quote) break;
      doubled = true;
      q += 2;
    } else if (x === 10 || x === 13) return -1;
    else q++;
  }
  doubledQuotes = doubled;
  return stops[b[q + 1]] === 0 ? -1 : q;
}

/** True when the field the last {@link closingQuote} read held doubled quotes. */
export function hadDoubledQuotes(): boolean {
  return doubledQuotes;
}
