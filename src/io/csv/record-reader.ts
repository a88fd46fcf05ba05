import type { SkipLog } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { CsvScanner, ScanError, decodeBytes, fieldText } from './scanner.js';

/** What a layout reader sees of the input: file label, skip log and the scanner. */
export interface ReadContext {
  /** Source label for messages. */
  readonly file: string | undefined;
  /** Throws or counts bad rows. */
  readonly skips: SkipLog;
  /** The scanner holding the current record's field boundaries. */
  readonly scanner: CsvScanner;
  /** The header's column names. */
  readonly header: readonly string[];
}

/**
 * What a layout reader hands over of the rows it read, for another reader of
 * the same layout to append (a worker thread's share of a file, see
 * `readRecords`). Plain data: typed arrays and strings, transferable between
 * threads.
 */
export type SinkPartial = Record<string, unknown>;

/** Where a {@link SinkPartial}'s rows start in the whole input. */
export interface PartialBase {
  /** Data records (skipped ones included) before the partial's first record. */
  readonly row: number;
  /** 1-based line of the partial's first line. */
  readonly line: number;
}

/** A layout reader: receives data records one by one, then builds the store. */
export interface RecordSink {
  /** The layout it reads. */
  readonly layout: 'touchpoints' | 'paths';
  /**
   * Handles one well-formed data record (its field count matches the header).
   * `row` is the 0-based data record index, counting skipped records, and
   * `line` the 1-based line where the record starts.
   */
  record(bytes: Uint8Array, row: number, line: number): void;
  /**
   * Optional fused fast path: reads up to `maxRows` consecutive ordinary
   * records (one line each, their field count matching the header) straight
   * from the bytes from `pos`, without the generic scan, and returns the
   * offset after the last one read, with their number in `fastRows`. It stops
   * before the first record it does not handle (quotes, anything unusual,
   * anything invalid: the generic path reads that one and words the errors).
   * `row` is the first record's data row index. `b[lim - 1]` is a line break,
   * so a record that starts before `lim` ends by it or is not ordinary.
   */
  fast?(bytes: Uint8Array, pos: number, lim: number, row: number, maxRows: number): number;
  /** Records read by the last `fast` call. */
  readonly fastRows?: number;
  /**
   * Optional: told early (after a thousand rows) and again at a quarter of
   * the input how many data rows it probably holds, and by what factor the
   * input is larger than what was read so far (extrapolated from the source
   * size), so buffers can be sized once instead of doubling, which would
   * leave up to half of them unused, and their old copies waiting for the
   * garbage collector, at the end.
   */
  expect?(rows: number, scale: number): void;
  /** The rows read so far, handed over (the sink is not used afterwards). */
  partial(): SinkPartial;
  /** Appends the rows of another sink's {@link partial}, read after these. */
  absorb(partial: SinkPartial, base: PartialBase): void;
  /** Builds the store after the last record. */
  finish(): PathStore;
}

const PROGRESS_EVERY = 1_000_000;
const MAX_ROWS = 0x7fffffff;
const ESTIMATE_ROWS = 1000;

/**
 * Feeds CSV bytes, chunk by chunk, through the scanner to a layout reader:
 * parses the header (then asks `open` for the reader), skips a BOM and blank
 * lines, numbers lines and rows, hands ordinary runs of records to the
 * reader's fused fast path and everything else to the scanner, whose
 * malformed records are rejected (thrown or counted) with their place.
 */
export class RecordReader {
  /** The layout reader, once the header is read. */
  sink: RecordSink | null = null;
  /** The header's column names. */
  header: string[] = [];
  /** 1-based line of the next record. */
  line = 1;
  /** Data records read (skipped ones included). */
  row = 0;
  /** False until the first bytes were seen (a BOM is skipped there). */
  started = false;
  /** Bytes of the source consumed by complete records so far (for the row estimate). */
  consumed = 0;
  readonly #sc: CsvScanner;
  readonly #skips: SkipLog;
  readonly #file: string | undefined;
  readonly #open: (ctx: ReadContext) => RecordSink;
  readonly #onProgress: ((rows: number) => void) | undefined;
  #nextProgress = PROGRESS_EVERY;
  // Bytes the input holds (0: unknown), for the row estimates.
  readonly #totalBytes: number;
  #estimated: boolean;
  #reestimated: boolean;

  /**
   * @param scanner - the record scanner (its delimiter and quote).
   * @param skips - where bad records go.
   * @param file - label for messages.
   * @param totalBytes - the input's size when known (0 otherwise), to size the reader's buffers once.
   * @param open - makes the layout reader from the header.
   * @param onProgress - told about every million records.
   */
  constructor(
    scanner: CsvScanner,
    skips: SkipLog,
    file: string | undefined,
    totalBytes: number,
    open: (ctx: ReadContext) => RecordSink,
    onProgress?: (rows: number) => void,
  ) {
    this.#sc = scanner;
    this.#skips = skips;
    this.#file = file;
    this.#totalBytes = totalBytes;
    this.#estimated = totalBytes === 0;
    this.#reestimated = totalBytes === 0;
    this.#open = open;
    this.#onProgress = onProgress;
  }

  /** Starts without a header line: the reader for `header` is made at once (a range of a file). */
  openWith(header: string[]): void {
    this.started = true;
    this.header = header;
    this.sink = this.#open({ file: this.#file, skips: this.#skips, scanner: this.#sc, header });
  }

  /**
   * Reads every complete record in `bytes[start, end)` and returns where the
   * incomplete rest begins (`end` when `final`). With `headerOnly`, stops
   * right after the header.
   */
  feed(bytes: Uint8Array, start: number, end: number, final: boolean, headerOnly = false): number {
    const sc = this.#sc;
    const skips = this.#skips;
    const file = this.#file;
    const onProgress = this.#onProgress;
    let pos = start;
    if (!this.started) {
      if (end - start < 3 && !final) return start;
      this.started = true;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) pos += 3;
    }
    // The fast path reads whole lines only: up to the last line break at hand.
    let lim = -1;
    while (pos < end) {
      const sink = this.sink;
      if (sink !== null && sink.fast !== undefined) {
        if (lim < 0) lim = lineLimit(bytes, pos, end);
        if (pos < lim) {
          let limit = onProgress && this.#nextProgress > this.row ? this.#nextProgress - this.row : MAX_ROWS;
          // Stop early once to size the columns (see #estimate).
          if (!this.#estimated && this.row < ESTIMATE_ROWS) limit = Math.min(limit, ESTIMATE_ROWS - this.row);
          const next = sink.fast(bytes, pos, lim, this.row, limit);
          const k = sink.fastRows!;
          this.row += k;
          this.line += k;
          pos = next;
          if (this.row === this.#nextProgress && onProgress) {
            onProgress(this.row);
            this.#nextProgress += PROGRESS_EVERY;
          }
          if (!this.#estimated && this.row >= ESTIMATE_ROWS) this.#estimate(this.consumed + pos - start);
          // Stopped only for the progress report or the estimate: carry on with the fast path.
          if (k === limit) continue;
          if (pos >= end) break;
        }
      }
      const next = sc.scan(bytes, pos, end, final);
      if (next < 0) break;
      if (sink === null) {
        if (sc.error !== ScanError.None) throw scanError(sc, bytes, end, [], file, this.line);
        const header: string[] = [];
        for (let k = 0; k < sc.fieldCount; k++) header.push(fieldText(sc, bytes, k));
        this.header = header;
        this.sink = this.#open({ file, skips, scanner: sc, header });
        this.line += sc.lineBreaks;
        pos = next;
        if (headerOnly) break;
        continue;
      } else if (sc.error !== ScanError.None) {
        skips.reject(scanError(sc, bytes, end, this.header, file, this.line));
        this.row++;
      } else if (sc.fieldCount === 1 && sc.starts[0] === sc.ends[0] && bytes[pos] !== sc.quote) {
        // A blank line: not a record (a common trailing artefact).
      } else {
        if (sc.fieldCount !== this.header.length) {
          skips.reject(
            new PathCreditError(`expected ${this.header.length} fields as in the header, found ${sc.fieldCount}`, {
              file,
              line: this.line,
              value: decodeBytes(bytes, pos, Math.min(next, pos + 200)).replace(/[\r\n]+$/, ''),
            }),
          );
        } else sink.record(bytes, this.row, this.line);
        this.row++;
        if (this.row === this.#nextProgress && onProgress) {
          onProgress(this.row);
          this.#nextProgress += PROGRESS_EVERY;
        }
      }
      this.line += sc.lineBreaks;
      pos = next;
    }
    return pos;
  }

  /** Called after a chunk, with the bytes its complete records took. */
  consume(bytes: number): void {
    this.consumed += bytes;
    if (!this.#estimated && this.row >= ESTIMATE_ROWS) this.#estimate(this.consumed);
    // Once more at a quarter: the first rows of a file are often unlike the rest
    // (path summaries list their short, frequent paths first).
    else if (!this.#reestimated && this.consumed * 4 >= this.#totalBytes) {
      this.#reestimated = true;
      this.#estimate(this.consumed);
    }
  }

  /**
   * Tells the sink how many rows to expect, extrapolated from the rows read
   * so far and the `at` bytes they took.
   */
  #estimate(at: number): void {
    this.#estimated = true;
    const sink = this.sink!;
    if (sink.expect && at > 0) {
      const scale = this.#totalBytes / at;
      sink.expect(Math.ceil(this.row * scale * 1.02) + 1024, scale);
    }
  }
}

/**
 * The end of the last line in `bytes[pos, end)`: after its last LF, or after
 * its last CR when it holds no LF (old Mac line ends); `pos` when it holds no
 * line break at all.
 */
function lineLimit(bytes: Uint8Array, pos: number, end: number): number {
  let i = end > pos ? bytes.lastIndexOf(10, end - 1) : -1;
  if (i < pos) i = end > pos ? bytes.lastIndexOf(13, end - 1) : -1;
  return i < pos ? pos : i + 1;
}

function scanError(
  sc: CsvScanner,
  bytes: Uint8Array,
  end: number,
  header: readonly string[],
  file: string | undefined,
  line: number,
): PathCreditError {
  const problem =
    sc.error === ScanError.Unterminated
      ? 'unterminated quoted field (a quote opens a field but never closes it)'
      : 'a closing quote must be followed by a delimiter or a line end';
  const column = sc.errorField < header.length ? header[sc.errorField] : undefined;
  const value = decodeBytes(bytes, sc.errorStart, Math.min(end, sc.errorStart + 200)).split(/\r?\n/)[0];
  return new PathCreditError(problem, { file, line, column, value });
}
