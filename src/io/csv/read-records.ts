import { statSync } from 'node:fs';
import { SkipLog } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import type { CsvSource, CsvTextOptions } from './options.js';
import { CsvScanner, ScanError, decodeBytes, fieldText } from './scanner.js';
import { csvChunks, type ByteCounter } from './source.js';

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
   * Optional fused fast path: reads the record at `pos` straight from the
   * bytes, without the generic scan, when it is an ordinary unquoted record.
   * Returns the offset after it, -1 when it may continue past `end` (and
   * `final` is false), or -2 to hand the record to the generic path (quotes,
   * anything unusual, anything invalid: the generic path words the errors).
   */
  fast?(bytes: Uint8Array, pos: number, end: number, final: boolean, row: number): number;
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

  // Reads every complete record in bytes[start, end) and returns where the incomplete rest begins.
  const run = (bytes: Uint8Array, start: number, end: number, final: boolean): number => {
    let pos = start;
    if (!started) {
      if (end - start < 3 && !final) return start;
      started = true;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) pos += 3;
    }
    while (pos < end) {
      if (sink !== null && sink.fast !== undefined) {
        const next = sink.fast(bytes, pos, end, final, row);
        if (next === -1) break;
        if (next >= 0) {
          row++;
          line++;
          pos = next;
          if (row === nextProgress && onProgress) {
            onProgress(row, counter.bytes);
            nextProgress += PROGRESS_EVERY;
          }
          continue;
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
  for await (const chunk of csvChunks(source, file, counter)) {
    let bytes: Uint8Array;
    const end = chunk.length;
    if (carry === 0) bytes = chunk;
    else {
      work = ensure(work, carry + end, carry);
      work.set(chunk, carry);
      bytes = work;
    }
    const stop = bytes === work ? carry + end : end;
    const pos = run(bytes, 0, stop, false);
    consumed += pos;
    if (!estimated && row >= 1000 && sink !== null) {
      estimated = true;
      const s = sink as RecordSink;
      if (s.expect) s.expect(Math.ceil((row * totalBytes * 1.02) / consumed) + 1024);
    }
    const rest = stop - pos;
    if (bytes === work) work.copyWithin(0, pos, stop);
    else {
      work = ensure(work, rest, 0);
      work.set(chunk.subarray(pos, stop), 0);
    }
    carry = rest;
  }
  run(work, 0, carry, true);

  if (sink === null) throw new PathCreditError('the input is empty: a header row is required', { file });
  if (row === 0) throw new PathCreditError('the input has no rows', { file });
  if (onProgress) onProgress(row, counter.bytes);
  return (sink as RecordSink).finish();
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
