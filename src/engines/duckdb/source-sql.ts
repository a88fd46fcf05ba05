import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PathCreditError } from '../../errors.js';

/** File formats DuckDB reads for the engine. */
export type DuckDBFormat = 'parquet' | 'csv' | 'json';

/** How the engine's input is read. */
export interface DuckDBSourceOptions {
  /** The format of every file. Default: from the file extension (`.parquet`, `.csv`, `.csv.gz`, `.json`, `.jsonl`, ...); a folder is read as Parquet. */
  readonly format?: DuckDBFormat;
  /** CSV field delimiter. Default: detected by DuckDB. */
  readonly delimiter?: string;
  /** Columns read as text whatever they look like (ids and channels: "007" is not 7). */
  readonly textColumns?: readonly string[];
}

const EXTENSIONS: readonly [RegExp, DuckDBFormat][] = [
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(csv|tsv|txt)(\.(gz|zst))?$/i, 'csv'],
  [/\.(json|jsonl|ndjson)(\.(gz|zst))?$/i, 'json'],
];

/** A string literal for DuckDB (no backslash escapes there: only the quote is doubled). */
export function duckdbString(text: string): string {
  if (text.includes('\u0000')) throw new PathCreditError('a name or path must not contain a NUL character', { value: text });
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The DuckDB table function that reads the input: files, globs
 * (`exports/2026-??/events.parquet`) or a folder of hive-partitioned
 * Parquet files (`events/date=2026-01-01/part-0.parquet`: the partition
 * columns become columns). Several patterns are read as one table, by column name.
 *
 * @throws PathCreditError when the format cannot be told from a name, or files of several formats are mixed.
 */
export function duckdbSourceSql(source: string | readonly string[], options: DuckDBSourceOptions = {}): { sql: string; format: DuckDBFormat; patterns: string[] } {
  const inputs = typeof source === 'string' ? [source] : [...source];
  if (inputs.length === 0) throw new PathCreditError('no input files given');
  const patterns = inputs.map((p) => (isDirectory(p) ? join(p, '**', '*.parquet') : p));
  let format = options.format;
  if (format === undefined) {
    for (const p of patterns) {
      const found = EXTENSIONS.find(([re]) => re.test(p))?.[1];
      if (found === undefined) {
        throw new PathCreditError('cannot tell the file format from the name: use .parquet, .csv, .csv.gz, .json or .jsonl, or give the format', { file: p });
      }
      if (format !== undefined && found !== format) throw new PathCreditError(`files of several formats (${format} and ${found}) cannot be read as one table`, { file: p });
      format = found;
    }
  }
  const list = `[${patterns.map(duckdbString).join(', ')}]`;
  const args = [list, 'union_by_name = true'];
  if (format === 'csv') {
    args.push('header = true');
    if (options.delimiter !== undefined) args.push(`delim = ${duckdbString(options.delimiter)}`);
    const text = options.textColumns ?? [];
    if (text.length > 0) args.push(`types = {${text.map((c) => `${duckdbString(c)}: 'VARCHAR'`).join(', ')}}`);
  }
  const fn = format === 'parquet' ? 'read_parquet' : format === 'csv' ? 'read_csv' : 'read_json_auto';
  return { sql: `${fn}(${args.join(', ')})`, format: format!, patterns };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
