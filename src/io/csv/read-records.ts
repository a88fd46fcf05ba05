import { statSync } from 'node:fs';
import { SkipLog } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { TIMESTAMP_FORMATS, type CsvReadOptions, type CsvSource } from './options.js';
import { readParallel } from './read-parallel.js';
import { RecordReader, type ReadContext, type RecordSink } from './record-reader.js';
import { CsvScanner } from './scanner.js';
import { csvChunks, plainFileReader, type ByteCounter, type FileReader } from './source.js';

export type { ReadContext, RecordSink } from './record-reader.js';

/** Options of {@link readRecords}: those of the CSV readers. */
export type ReadRecordsOptions = CsvReadOptions;

// Bytes read from a plain file at a time: big reads keep the per-chunk
// overhead (carrying the partial last line) small, and 1 MB still sits in cache.
const READ_CHUNK = 1 << 20;

/**
 * Streams `source` through the CSV scanner: parses the header, hands it to
 * `open` to get a layout reader, then feeds that reader every data record.
 * Holds only the partial last record of each chunk between chunks. A large
 * plain file is read by several threads at once (see `readParallel`), with
 * exactly the result of one.
 *
 * @throws PathCreditError on a missing header, malformed records (unless
 *   skipping), empty input, or whatever the layout reader throws.
 */
export async function readRecords(source: CsvSource, options: ReadRecordsOptions, open: (ctx: ReadContext) => RecordSink): Promise<PathStore> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  checkChar('delimiter', delimiter);
  checkChar('quote', quote);
  if (delimiter === quote) throw new PathCreditError('delimiter and quote must differ', { value: quote });
  if (options.decimal !== undefined && options.decimal !== '.' && options.decimal !== ',') throw new PathCreditError('decimal must be "." or ","', { value: options.decimal });
  if (options.decimal === ',' && delimiter === ',') throw new PathCreditError('a decimal comma needs another delimiter, such as ";"', { value: delimiter });
  const format = options.timestampFormat;
  if (format !== undefined && !TIMESTAMP_FORMATS.includes(format)) {
    throw new PathCreditError(`timestampFormat must be one of ${TIMESTAMP_FORMATS.map((f) => `"${f}"`).join(', ')}`, { value: format });
  }
  const skips = new SkipLog(options.skipInvalid ?? false);
  const counter: ByteCounter = { bytes: 0 };
  const onProgress = options.onProgress;
  const totalBytes = knownSize(source);
  const reader = new RecordReader(new CsvScanner(delimiter, quote), skips, file, totalBytes, open, onProgress && ((rows) => onProgress(rows, counter.bytes)));

  const plain = await plainFileReader(source, file, counter);
  if (plain !== null) {
    try {
      // Several threads for a large file; one reads on from where they could not.
      const from = await readParallel(plain, reader, skips, { ...options, file });
      if (from >= 0) await pump(plain, reader, from, Infinity);
      else counter.bytes = plain.size;
    } finally {
      await plain.close();
    }
  } else {
    let work: Uint8Array = new Uint8Array(1 << 16);
    let carry = 0;
    for await (const chunk of csvChunks(source, file, counter)) {
      let bytes = chunk;
      const end = chunk.length;
      if (carry > 0) {
        work = ensure(work, carry + end, carry);
        work.set(chunk, carry);
        bytes = work;
      }
      const stop = bytes === work ? carry + end : end;
      const pos = reader.feed(bytes, 0, stop, false);
      reader.consume(pos);
      const rest = stop - pos;
      if (bytes === work) work.copyWithin(0, pos, stop);
      else {
        work = ensure(work, rest, 0);
        work.set(bytes.subarray(pos, stop), 0);
      }
      carry = rest;
    }
    reader.feed(work, 0, carry, true);
  }

  if (reader.sink === null) throw new PathCreditError('the input is empty: a header row is required', { file });
  if (reader.row === 0) throw new PathCreditError('the input has no rows', { file });
  if (onProgress) onProgress(reader.row, counter.bytes);
  return reader.sink.finish();
}

/**
 * Reads a plain file from byte `from` up to `to` (or its end) through
 * `reader`, in two buffers in turn, each with room in front for the partial
 * last record of the other: while one is parsed, the next read fills the
 * other on libuv's thread (the other core), and only the carried record is
 * copied, never the chunk. At the file's end the last record is read as
 * final; before `to`, an incomplete record at `to` is left unread.
 *
 * @returns the file offset up to which records were read (`to` when the
 *   range ended on a record boundary).
 */
export async function pump(source: FileReader, reader: RecordReader, from: number, to: number, headerOnly = false): Promise<number> {
  let head = 1 << 16;
  let cur = new Uint8Array(head + READ_CHUNK);
  let next = new Uint8Array(head + READ_CHUNK);
  let pending: Promise<number> | null = null;
  let at = from; // file offset of the next byte to read
  const want = () => Math.min(READ_CHUNK, to - at);
  try {
    let got = await source.read(cur, head, want(), at);
    at += got;
    let start = head; // cur[start, head + got) holds the bytes from file offset `offset`
    let offset = from;
    for (;;) {
      pending = got > 0 && want() > 0 ? source.read(next, head, want(), at) : null;
      const stop = head + got;
      const pos = reader.feed(cur, start, stop, false, headerOnly);
      reader.consume(pos - start);
      const restOffset = offset + (pos - start);
      const gotNext = pending === null ? 0 : await pending;
      pending = null;
      if (headerOnly && reader.sink !== null) return restOffset;
      if (gotNext === 0) {
        // The range's end (the rest is a record cut by `to`), or the file's
        // end, where the last record may lack its line break.
        if (to !== Infinity) return restOffset;
        reader.feed(cur, pos, stop, true);
        return restOffset + (stop - pos);
      }
      at += gotNext;
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
      start = head - rest;
      offset = restOffset;
      [cur, next] = [next, cur];
      got = gotNext;
    }
  } finally {
    if (pending !== null) await pending.catch(() => 0);
  }
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
