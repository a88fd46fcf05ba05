import { statSync } from 'node:fs';
import { SkipLog } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import type { CsvSource, CsvTextOptions } from './options.js';
import { CsvScanner, ScanError, decodeBytes, fieldText } from './scanner.js';
import { csvChunks, plainFileReader, type ByteCounter } from './source.js';

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

/** A layout reader: receives data records one by one, then builds the store. */
export interface RecordSink {
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
   * Optional: told once, early, how many data rows the input probably holds
   * (extrapolated from the source size), so buffers can be sized once instead
   * of doubling, which would leave up to half of them unused at the end.
   */
  expect?(rows: number): void;
  /** Builds the store after the last record. */
  finish(): PathStore;
}

const PROGRESS_EVERY = 1_000_000;
const MAX_ROWS = 0x7fffffff;
const ESTIMATE_ROWS = 1000;
// Bytes read from a plain file at a time: big reads keep the per-chunk
// overhead (carrying the partial last line) small, and 1 MB still sits in cache.
const READ_CHUNK = 1 << 20;

/**
 * Streams `source` through the CSV scanner: parses the header, hands it to
 * `open` to get a layout reader, then feeds that reader every data record.
 * Holds only the partial last record of each chunk between chunks.
 *
 * @throws PathCreditError on a missing header, malformed records (unless
 *   skipping), empty input, or whatever the layout reader throws.
 */
export async function readRecords(
  source: CsvSource,
  options: CsvTextOptions & { readonly skipInvalid?: boolean },
  open: (ctx: ReadContext) => RecordSink,
): Promise<PathStore> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  checkChar('delimiter', delimiter);
  checkChar('quote', quote);
  if (delimiter === quote) throw new PathCreditError('delimiter and quote must differ', { value: quote });
  const format = options.timestampFormat;
  if (format !== undefined && format !== 'auto' && format !== 'iso' && format !== 'epoch-ms' && format !== 'epoch-s') {
    throw new PathCreditError('timestampFormat must be "auto", "iso", "epoch-ms" or "epoch-s"', { value: format });
  }
  const sc = new CsvScanner(delimiter, quote);
  const skips = new SkipLog(options.skipInvalid ?? false);
  const onProgress = options.onProgress;
  const counter: ByteCounter = { bytes: 0 };

  let sink: RecordSink | null = null;
  let header: string[] = [];
  let line = 1;
  let row = 0;
  let started = false;
  let nextProgress = PROGRESS_EVERY;
  // Plain files and byte arrays have a known size: extrapolate the row count from the first chunk.
  const totalBytes = knownSize(source);
  let consumed = 0;
  let estimated = totalBytes === 0;

  // Tells the sink how many rows to expect, extrapolated from the first
  // ESTIMATE_ROWS rows and the `at` bytes they took.
  const estimate = (at: number): void => {
    estimated = true;
    const s = sink as RecordSink;
    if (s.expect && at > 0) s.expect(Math.ceil((row * totalBytes * 1.02) / at) + 1024);
  };

  // Reads every complete record in bytes[start, end) and returns where the incomplete rest begins.
  const run = (bytes: Uint8Array, start: number, end: number, final: boolean): number => {
    let pos = start;
    if (!started) {
      if (end - start < 3 && !final) return start;
      started = true;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) pos += 3;
    }
    // The fast path reads whole lines only: up to the last line break at hand.
    let lim = -1;
    while (pos < end) {
      if (sink !== null && sink.fast !== undefined) {
        if (lim < 0) lim = lineLimit(bytes, pos, end);
        if (pos < lim) {
          let limit = onProgress && nextProgress > row ? nextProgress - row : MAX_ROWS;
          // Stop early once to size the columns (see estimate).
          if (!estimated && row < ESTIMATE_ROWS) limit = Math.min(limit, ESTIMATE_ROWS - row);
          const next = sink.fast(bytes, pos, lim, row, limit);
          const k = sink.fastRows!;
          row += k;
          line += k;
          pos = next;
          if (row === nextProgress && onProgress) {
            onProgress(row, counter.bytes);
            nextProgress += PROGRESS_EVERY;
          }
          if (!estimated && row >= ESTIMATE_ROWS) estimate(consumed + pos - start);
          // Stopped only for the progress report or the estimate: carry on with the fast path.
          if (k === limit) continue;
          if (pos >= end) break;
        }
      }
      const next = sc.scan(bytes, pos, end, final);
      if (next < 0) break;
      if (sink === null) {
        if (sc.error !== ScanError.None) throw scanError(sc, bytes, end, [], file, line);
        header = [];
        for (let k = 0; k < sc.fieldCount; k++) header.push(fieldText(sc, bytes, k));
        sink = open({ file, skips, scanner: sc, header });
      } else if (sc.error !== ScanError.None) {
        skips.reject(scanError(sc, bytes, end, header, file, line));
        row++;
      } else if (sc.fieldCount === 1 && sc.starts[0] === sc.ends[0] && bytes[pos] !== sc.quote) {
        // A blank line: not a record (a common trailing artefact).
      } else {
        if (sc.fieldCount !== header.length) {
          skips.reject(
            new PathCreditError(`expected ${header.length} fields as in the header, found ${sc.fieldCount}`, {
              file,
              line,
              value: decodeBytes(bytes, pos, Math.min(next, pos + 200)).replace(/[\r\n]+$/, ''),
            }),
          );
        } else sink.record(bytes, row, line);
        row++;
        if (row === nextProgress && onProgress) {
          onProgress(row, counter.bytes);
          nextProgress += PROGRESS_EVERY;
        }
      }
      line += sc.lineBreaks;
      pos = next;
    }
    return pos;
  };

  // The partial last record of a chunk waits in `work` for the next chunk.
  let work: Uint8Array = new Uint8Array(1 << 16);
  let carry = 0;
  // After a run over bytes[0, stop) that stopped at `pos`: keeps the rest in `work`.
  const keepRest = (bytes: Uint8Array, pos: number, stop: number): void => {
    consumed += pos;
    if (!estimated && row >= ESTIMATE_ROWS) estimate(consumed);
    const rest = stop - pos;
    if (bytes === work) work.copyWithin(0, pos, stop);
    else {
      work = ensure(work, rest, 0);
      work.set(bytes.subarray(pos, stop), 0);
    }
    carry = rest;
  };
  const reader = await plainFileReader(source, file, counter);
  if (reader !== null) {
    // A plain file is read into two buffers in turn, each with room in front
    // (`head` bytes) for the partial last record of the other: while one is
    // parsed, the next read fills the other on libuv's thread (the other
    // core), and only the carried record is copied, never the chunk.
    let head = 1 << 16;
    let cur = new Uint8Array(head + READ_CHUNK);
    let next = new Uint8Array(head + READ_CHUNK);
    let pending: Promise<number> | null = null;
    try {
      let got = await reader.read(cur, head, READ_CHUNK);
      let from = head;
      while (got > 0) {
        pending = reader.read(next, head, READ_CHUNK);
        const stop = head + got;
        const pos = run(cur, from, stop, false);
        consumed += pos - from;
        if (!estimated && row >= ESTIMATE_ROWS) estimate(consumed);
        const gotNext = await pending;
        pending = null;
        const rest = stop - pos;
        if (rest > head) {
          // A record longer than the room in front: grow both buffers.
          const bigger = Math.max(rest, head * 2);
          const grown = new Uint8Array(bigger + READ_CHUNK);
          grown.set(next.subarray(head, head + gotNext), bigger);
          grown.set(cur.subarray(pos, stop), bigger - rest);
          next = grown;
          cur = new Uint8Array(bigger + READ_CHUNK);
          head = bigger;
        } else next.set(cur.subarray(pos, stop), head - rest);
        from = head - rest;
        [cur, next] = [next, cur];
        got = gotNext;
      }
      work = cur.subarray(from, head);
      carry = head - from;
    } finally {
      if (pending !== null) await pending.catch(() => 0);
      await reader.close();
    }
  } else {
    for await (const chunk of csvChunks(source, file, counter)) {
      let bytes = chunk;
      const end = chunk.length;
      if (carry > 0) {
        work = ensure(work, carry + end, carry);
        work.set(chunk, carry);
        bytes = work;
      }
      const stop = bytes === work ? carry + end : end;
      keepRest(bytes, run(bytes, 0, stop, false), stop);
    }
  }
  run(work, 0, carry, true);

  if (sink === null) throw new PathCreditError('the input is empty: a header row is required', { file });
  if (row === 0) throw new PathCreditError('the input has no rows', { file });
  if (onProgress) onProgress(row, counter.bytes);
  return (sink as RecordSink).finish();
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

function knownSize(source: CsvSource): number {
  if (source instanceof Uint8Array) return source.length >= 2 && source[0] === 0x1f && source[1] === 0x8b ? 0 : source.length;
  if (typeof source !== 'string' || /\.gz$/i.test(source)) return 0;
  try {
    return statSync(source).size;
  } catch {
    return 0; // the read itself reports the problem
  }
}

function ensure(buf: Uint8Array, size: number, keep: number): Uint8Array {
  if (buf.length >= size) return buf;
  const next = new Uint8Array(Math.max(size, buf.length * 2));
  next.set(buf.subarray(0, keep));
  return next;
}

function checkChar(option: string, value: string): void {
  if (value.length !== 1 || value.charCodeAt(0) > 127 || value === '\n' || value === '\r') {
    throw new PathCreditError(`${option} must be one ASCII character other than a line break`, { value });
  }
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
