import { existsSync, openAsBlob } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Schema, Table, tableFromIPC } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';
import { decodeRowGroupsInParallel } from './decode-in-parallel.js';
import { loadParquetWasm } from './load-parquet-wasm.js';

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Read only these columns (names absent from the file are ignored). Default: all. */
  readonly columns?: readonly string[];
  /** Source label for error messages. Default: the path, when the source is a path. */
  readonly file?: string;
  /**
   * Threads decoding row groups, the calling one included. Default: the
   * available cores, for files of at least 2 M rows in several row groups
   * read from a path (smaller files decode faster than a worker starts).
   */
  readonly threads?: number;
}

/** Rows per decoded record batch: large batches keep per-batch overhead negligible. */
const BATCH_ROWS = 1 << 20;
/** Files with fewer rows are decoded on the calling thread alone. */
const PARALLEL_MIN_ROWS = 2_000_000;
const WORKER_FILE = 'parquet-worker.js';

/**
 * Reads a Parquet file into an Arrow table with parquet-wasm (Rust's Parquet
 * reader compiled to WebAssembly; snappy, zstd, gzip, brotli and lz4 pages).
 * Row groups are decoded one record batch at a time and handed over as Arrow
 * IPC, so the WebAssembly memory holds one batch, not the file's contents;
 * on large files the row groups are split between the calling thread and
 * worker threads. String columns written with an Arrow schema (pyarrow,
 * polars, parquet-rs) come back as dictionaries when they were written as
 * dictionaries.
 *
 * @param source - a file path or the file's bytes.
 * @throws PathCreditError when the file cannot be read or is not Parquet.
 * @example
 * ```ts
 * const table = await readParquet('events.parquet', { columns: ['journey_id', 'channel'] });
 * ```
 */
export async function readParquet(source: string | Uint8Array, options: ReadParquetOptions = {}): Promise<Table> {
  const label = options.file ?? (typeof source === 'string' ? source : undefined);
  const { blob, schema, rowGroupRows } = await openParquet(source, label);
  const names = schema.fields.map((f) => f.name);
  const columns = options.columns === undefined ? undefined : names.filter((n) => options.columns!.includes(n));
  const threads = typeof source === 'string' ? decodingThreads(options.threads, rowGroupRows) : 1;
  let ipc: Uint8Array[];
  try {
    ipc = await decodeRowGroupsInParallel({
      blob,
      rowGroupCount: rowGroupRows.length,
      batchSize: BATCH_ROWS,
      ...(columns ? { columns } : {}),
      workers: threads - 1,
      ...(threads > 1 ? { path: source as string, workerUrl: workerUrl()! } : {}),
    });
  } catch (cause) {
    throw new PathCreditError(`cannot decode the Parquet data (${errorText(cause)})`, { file: label }, { cause });
  }
  const batches = ipc.flatMap((buffer) => tableFromIPC(buffer).batches);
  return batches.length > 0 ? new Table(batches) : emptyTable(schema, columns);
}

/**
 * The Arrow schema of a Parquet file, from its footer alone (no data is decoded).
 * @throws PathCreditError when the file cannot be read or is not Parquet.
 */
export async function readParquetSchema(source: string | Uint8Array, file?: string): Promise<Schema> {
  return (await openParquet(source, file ?? (typeof source === 'string' ? source : undefined))).schema;
}

interface OpenParquet {
  readonly blob: Blob;
  readonly schema: Schema;
  /** Rows per row group. */
  readonly rowGroupRows: number[];
}

async function openParquet(source: string | Uint8Array, label: string | undefined): Promise<OpenParquet> {
  const wasm = await loadParquetWasm();
  let blob: Blob;
  try {
    blob = typeof source === 'string' ? await openAsBlob(source) : new Blob([source]);
  } catch (cause) {
    throw new PathCreditError(`cannot read the file (${(cause as Error).message})`, { file: label }, { cause });
  }
  let file: Awaited<ReturnType<typeof wasm.ParquetFile.fromFile>>;
  try {
    file = await wasm.ParquetFile.fromFile(blob);
  } catch (cause) {
    throw new PathCreditError(`not a Parquet file, or a damaged one (${errorText(cause)})`, { file: label }, { cause });
  }
  try {
    const schema = tableFromIPC(file.schema().intoIPCStream()).schema;
    const rowGroupRows = file
      .metadata()
      .rowGroups()
      .map((g) => g.numRows());
    return { blob, schema, rowGroupRows };
  } catch (cause) {
    throw new PathCreditError(`cannot read the Parquet schema (${errorText(cause)})`, { file: label }, { cause });
  } finally {
    file.free();
  }
}

/** How many threads decode: the option, else the cores for files big enough to gain from it. */
function decodingThreads(option: number | undefined, rowGroupRows: readonly number[]): number {
  if (option !== undefined && !(Number.isInteger(option) && option >= 1)) throw new PathCreditError('threads must be a positive integer', { value: option });
  if (workerUrl() === null) return 1;
  const rows = rowGroupRows.reduce((a, b) => a + b, 0);
  const wanted = option ?? (rows >= PARALLEL_MIN_ROWS ? availableParallelism() : 1);
  return Math.max(1, Math.min(wanted, rowGroupRows.length));
}

/**
 * The built worker script next to this module (or the CLI's); from the TypeScript sources
 * (tests, benchmarks under tsx) the build's copy in dist/ if it exists; null
 * when there is none (then the calling thread decodes everything).
 */
function workerUrl(): URL | null {
  // Next to the library bundle (dist/), one folder up from the CLI bundle (dist/cli/).
  const candidates = [new URL(`./${WORKER_FILE}`, import.meta.url), new URL(`../${WORKER_FILE}`, import.meta.url)];
  if (import.meta.url.endsWith('.ts')) candidates.push(new URL(`../../../dist/${WORKER_FILE}`, import.meta.url));
  return candidates.find((url) => existsSync(fileURLToPath(url))) ?? null;
}

function emptyTable(schema: Schema, columns: readonly string[] | undefined): Table {
  const fields = columns === undefined ? schema.fields : schema.fields.filter((f) => columns.includes(f.name));
  return new Table(schema.select(fields.map((f) => f.name)));
}

function errorText(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.split('\n')[0];
}
