import { openAsBlob } from 'node:fs';
import { type Schema, Table, tableFromIPC } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';
import { loadParquetWasm } from './load-parquet-wasm.js';

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Read only these columns (names absent from the file are ignored). Default: all. */
  readonly columns?: readonly string[];
  /** Source label for error messages. Default: the path, when the source is a path. */
  readonly file?: string;
}

/** Rows per decoded record batch: large batches keep per-batch overhead negligible. */
const BATCH_ROWS = 1 << 20;

/**
 * Reads a Parquet file into an Arrow table with parquet-wasm (Rust's Parquet
 * reader compiled to WebAssembly; snappy, zstd, gzip, brotli and lz4 pages).
 * Row groups are decoded one record batch at a time and handed over as Arrow
 * IPC, so the WebAssembly memory holds one batch, not the file's contents.
 * String columns written with an Arrow schema (pyarrow, polars, parquet-rs)
 * come back as dictionaries when they were written as dictionaries.
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
  const { file, schema } = await openParquet(source, label);
  try {
    const names = schema.fields.map((f) => f.name);
    const columns = options.columns === undefined ? undefined : names.filter((n) => options.columns!.includes(n));
    const batches: Table['batches'] = [];
    try {
      const stream = (await file.stream({ batchSize: BATCH_ROWS, ...(columns ? { columns } : {}) })) as unknown as AsyncIterable<{ intoIPCStream(): Uint8Array }>;
      for await (const batch of stream) batches.push(...tableFromIPC(batch.intoIPCStream()).batches);
    } catch (cause) {
      throw new PathCreditError(`cannot decode the Parquet data (${errorText(cause)})`, { file: label }, { cause });
    }
    return batches.length > 0 ? new Table(batches) : emptyTable(schema, columns);
  } finally {
    file.free();
  }
}

/**
 * The Arrow schema of a Parquet file, from its footer alone (no data is decoded).
 * @throws PathCreditError when the file cannot be read or is not Parquet.
 */
export async function readParquetSchema(source: string | Uint8Array, file?: string): Promise<Schema> {
  const opened = await openParquet(source, file ?? (typeof source === 'string' ? source : undefined));
  opened.file.free();
  return opened.schema;
}

interface OpenParquet {
  readonly file: { free(): void; stream(options: object): Promise<unknown> };
  readonly schema: Schema;
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
    return { file, schema: tableFromIPC(file.schema().intoIPCStream()).schema };
  } catch (cause) {
    file.free();
    throw new PathCreditError(`cannot read the Parquet schema (${errorText(cause)})`, { file: label }, { cause });
  }
}

function emptyTable(schema: Schema, columns: readonly string[] | undefined): Table {
  const fields = columns === undefined ? schema.fields : schema.fields.filter((f) => columns.includes(f.name));
  return new Table(schema.select(fields.map((f) => f.name)));
}

function errorText(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.split('\n')[0];
}
