import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PathCreditError } from '../../errors.js';
import type { CsvSource } from './options.js';

/** Bytes read from the source so far (before decompression). */
export interface ByteCounter {
  bytes: number;
}

// Large reads: the scanner's per-chunk overhead (carrying the partial last
// line) is paid once per chunk, so fewer, bigger chunks are faster.
const READ_CHUNK = 1 << 20;

/**
 * Yields the source's bytes chunk by chunk, gunzipping by streaming when the
 * source is a `.gz` path or starts with the gzip magic bytes. Never holds more
 * than a chunk or two: memory follows what the caller keeps, not the file.
 *
 * @param source - a path, a byte (or string) stream, or the bytes.
 * @param file - label for error messages.
 * @param counter - receives the number of raw bytes read so far.
 * @throws PathCreditError when the file cannot be read or the gzip data is corrupt.
 * @example
 * ```ts
 * for await (const chunk of csvChunks('events.csv.gz', 'events.csv.gz', { bytes: 0 })) use(chunk);
 * ```
 */
export async function* csvChunks(source: CsvSource, file: string | undefined, counter: ByteCounter): AsyncGenerator<Uint8Array> {
  const raw = rawChunks(source, file, counter)[Symbol.asyncIterator]();
  // Peek at two bytes for the gzip magic; chunks of any size, even 1 byte, may arrive.
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const r = await raw.next();
    if (r.done) break;
    head.push(r.value);
    headLength += r.value.length;
  }
  const byte = (i: number): number => {
    let k = i;
    for (const h of head) {
      if (k < h.length) return h[k];
      k -= h.length;
    }
    return -1;
  };
  const gzip = (typeof source === 'string' && /\.gz$/i.test(source)) || (byte(0) === 0x1f && byte(1) === 0x8b);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (;;) {
      const r = await raw.next();
      if (r.done) return;
      yield r.value;
    }
  }
  if (!gzip) {
    yield* replay();
    return;
  }
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  let failure: unknown = null;
  pipeline(Readable.from(replay(), { objectMode: false }), gunzip, (err) => {
    if (err) failure = err;
  });
  try {
    for await (const chunk of gunzip) yield plain(chunk as Uint8Array);
  } catch (err) {
    throw asReadError(err, file, 'cannot decompress the gzip input');
  }
  if (failure !== null) throw asReadError(failure, file, 'cannot decompress the gzip input');
}

/** Reads a plain file into the caller's buffer (see {@link plainFileReader}). */
export interface FileReader {
  /** The file's path. */
  readonly path: string;
  /** The file's size in bytes. */
  readonly size: number;
  /** Reads up to `length` bytes from file offset `position` into `into` at `offset`; 0 at the end. */
  read(into: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** Closes the file. */
  close(): Promise<void>;
}

/**
 * For a plain (not gzipped) file path, a reader that fills the caller's own
 * buffer: the caller keeps its partial last record at the front and reads
 * the next bytes right after it, so no chunk is allocated or copied (a
 * stream hands out a new buffer per chunk, which the caller would copy after
 * its carry). Returns null for anything else, which goes through
 * {@link csvChunks}.
 *
 * @throws PathCreditError when the file cannot be opened or read.
 */
export async function plainFileReader(source: CsvSource, file: string | undefined, counter: ByteCounter): Promise<FileReader | null> {
  if (typeof source !== 'string' || /\.gz$/i.test(source)) return null;
  let handle: FileHandle;
  try {
    handle = await open(source, 'r');
  } catch (err) {
    throw asReadError(err, file, 'cannot read the input');
  }
  const fh = handle;
  let size = 0;
  try {
    // Pipes and devices (/dev/stdin, `<(zcat ...)`) cannot be read at a position: stream them.
    const stat = await fh.stat();
    size = stat.size;
    if (!stat.isFile()) {
      await fh.close();
      return null;
    }
    // Gzip is recognised by its magic bytes whatever the name: leave it to the stream.
    const head = new Uint8Array(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    if (bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b) {
      await fh.close();
      return null;
    }
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw asReadError(err, file, 'cannot read the input');
  }
  return {
    path: source,
    size,
    async read(into, offset, length, position) {
      if (length <= 0) return 0;
      try {
        const { bytesRead } = await fh.read(into, offset, length, position);
        counter.bytes += bytesRead;
        return bytesRead;
      } catch (err) {
        throw asReadError(err, file, 'cannot read the input');
      }
    },
    close: () => fh.close(),
  };
}

async function* rawChunks(source: CsvSource, file: string | undefined, counter: ByteCounter): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    counter.bytes += source.length;
    yield plain(source);
    return;
  }
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: READ_CHUNK }) : source;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
      counter.bytes += bytes.length;
      yield plain(bytes);
    }
  } catch (err) {
    throw asReadError(err, file, 'cannot read the input');
  }
}

function asReadError(err: unknown, file: string | undefined, problem: string): unknown {
  if (err instanceof PathCreditError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new PathCreditError(`${problem} (${detail})`, { file }, { cause: err });
}

/**
 * A plain Uint8Array view of the same bytes. Node hands out Buffers (a
 * Uint8Array subclass); giving the scanner a single array type keeps its
 * element loads monomorphic, which measurably speeds up the byte loops.
 */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
