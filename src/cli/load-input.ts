import { stat } from 'node:fs/promises';
import { PathCreditError } from '../errors.js';
import { readCsv } from '../io/csv/read-csv.js';
import type { EngineSettings } from './engine-options.js';
import type { PathStore } from '../types.js';
import type { CliIO } from './io.js';
import type { readerOptions } from './input-options.js';
import { createProgress } from './progress.js';

/** A loaded input and what the closing summary reports about it. */
export interface LoadedInput {
  readonly store: PathStore;
  /** Input rows read (data rows of a CSV, rows of an Arrow table). */
  readonly rowsRead: number;
  /** The reader: `csv`, `arrow`, `parquet`, or `duckdb` (the DuckDB engine's path summary). */
  readonly format: 'csv' | 'arrow' | 'parquet' | 'duckdb';
}

const ARROW_EXTENSIONS = /\.(arrow|arrows|feather|ipc)$/i;
const PARQUET_EXTENSIONS = /\.(parquet|pq)$/i;

/**
 * Reads a CSV (optionally gzipped), Arrow IPC or Parquet file, or CSV from
 * stdin when the file is `-`, through the same readers the library exports;
 * with the DuckDB engine, any input DuckDB reads (globs and folders too).
 */
export async function loadInput(file: string, options: ReturnType<typeof readerOptions>, io: CliIO, engine?: EngineSettings): Promise<LoadedInput> {
  // Loaded on demand, like the Arrow reader below (Parquet and DuckDB bring apache-arrow or a native library).
  if (engine?.engine === 'duckdb') {
    const { runDuckDBPaths } = await import('../engines/duckdb/duckdb-paths.js');
    const { store, rowsRead } = await runDuckDBPaths(file, { ...options, memoryLimit: engine.memoryLimit, threads: engine.threads, format: engine.format });
    return { store, rowsRead, format: 'duckdb' };
  }
  if (/\.(json|jsonl|ndjson)(\.(gz|zst))?$/i.test(file)) throw new PathCreditError('JSON input is read by the DuckDB engine: add --engine duckdb', { file });
  if (PARQUET_EXTENSIONS.test(file)) {
    const { readParquetInput } = await import('../io/parquet/from-parquet.js');
    return { ...(await readParquetInput(file, { ...options, file })), format: 'parquet' };
  }
  if (ARROW_EXTENSIONS.test(file)) {
    // Loaded on demand: apache-arrow takes about 0.1 s to import.
    const { readArrowIpc } = await import('../io/arrow/read-ipc.js');
    const { fromArrow } = await import('../io/arrow/from-arrow.js');
    const table = await readArrowIpc(file);
    return { store: fromArrow(table, { ...options, file }), rowsRead: table.numRows, format: 'arrow' };
  }
  const size = file === '-' || /\.gz$/i.test(file) ? null : await stat(file).then((s) => s.size, () => null);
  const progress = await createProgress(io, size);
  try {
    const store = await readCsv(file === '-' ? io.stdin : file, {
      ...options,
      file: file === '-' ? 'stdin' : file,
      onProgress: (rows, bytes) => progress.update(rows, bytes),
    });
    return { store, rowsRead: progress.rows, format: 'csv' };
  } finally {
    progress.stop();
  }
}
