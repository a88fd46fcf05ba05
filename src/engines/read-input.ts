import { statSync } from 'node:fs';
import { PathCreditError } from '../errors.js';
import { readCsv } from '../io/csv/read-csv.js';
import type { CsvReadOptions } from '../io/csv/index.js';
import type { ArrowOptions } from '../io/arrow/from-arrow.js';
import type { PathStore } from '../types.js';
import { type DuckDBEngineOptions, duckdbPaths } from './duckdb/duckdb-paths.js';

/** Where journeys are built: in this process (the default) or in an embedded DuckDB. */
export type EngineName = 'in-process' | 'duckdb';

/** The engines {@link readInput} knows. */
export const ENGINES: readonly EngineName[] = ['in-process', 'duckdb'];

/** Options of {@link readInput}: the readers' options, the DuckDB engine's, and the engine. */
export interface ReadInputOptions extends CsvReadOptions, ArrowOptions, Omit<DuckDBEngineOptions, keyof CsvReadOptions | keyof ArrowOptions> {
  /**
   * `'in-process'` (default): the CSV, Arrow and Parquet readers of this
   * package. `'duckdb'`: the embedded DuckDB engine (optional package
   * `@duckdb/node-api`), which also reads JSON, globs and folders, works out of
   * core, and returns the path summary (no per-journey rows or times, so no
   * time decay or per-touch credit).
   */
  readonly engine?: EngineName;
}

const ARROW = /\.(arrow|arrows|feather|ipc)$/i;
const PARQUET = /\.(parquet|pq)$/i;
const PATTERN = /[*?[\]{}]/;
const JSON_FILE = /\.(json|jsonl|ndjson)(\.(gz|zst))?$/i;

/**
 * Reads an input file into a {@link PathStore} with the chosen engine. In
 * process the format follows the extension (`.parquet`, `.arrow`, else CSV,
 * gzipped when named `.gz`) and the layout the columns.
 *
 * @param source - a file (in process); with the DuckDB engine also a glob, a folder or a list.
 * @throws PathCreditError for an unknown engine, a glob or folder without the
 *   DuckDB engine, or any reader's error.
 * @example
 * ```ts
 * const store = await readInput('exports/2026-*.parquet', { engine: 'duckdb', lookback: '30d' });
 * ```
 */
export async function readInput(source: string | readonly string[], options: ReadInputOptions = {}): Promise<PathStore> {
  const engine = options.engine ?? 'in-process';
  if (!ENGINES.includes(engine)) throw new PathCreditError(`unknown engine (known: ${ENGINES.join(', ')})`, { column: 'engine', value: engine });
  if (engine === 'duckdb') return duckdbPaths(source, options);
  if (typeof source !== 'string' || PATTERN.test(source) || isDirectory(source)) {
    throw new PathCreditError("several files, globs and folders are read by the DuckDB engine: set engine: 'duckdb'", { value: source });
  }
  if (JSON_FILE.test(source)) throw new PathCreditError("JSON input is read by the DuckDB engine: set engine: 'duckdb'", { file: source });
  // Arrow and Parquet readers load on demand: apache-arrow takes about 0.1 s
  // to import, a cost a CSV read (the CLI's usual input) should not pay.
  if (PARQUET.test(source)) return (await import('../io/parquet/from-parquet.js')).fromParquet(source, options);
  if (ARROW.test(source)) {
    const [{ fromArrow }, { readArrowIpc }] = await Promise.all([import('../io/arrow/from-arrow.js'), import('../io/arrow/read-ipc.js')]);
    return fromArrow(await readArrowIpc(source), { ...options, file: options.file ?? source });
  }
  return readCsv(source, options);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
