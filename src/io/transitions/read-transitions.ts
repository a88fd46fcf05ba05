import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Table } from 'apache-arrow';
import { parseStream } from 'fast-csv';
import { PathCreditError } from '../../errors.js';
import type { TransitionCounter } from '../../markov/index.js';
import { readArrowIpc } from '../arrow/read-ipc.js';
import { readParquet } from '../parquet/read-parquet.js';
import { TRANSITION_COLUMNS, type TransitionColumnsInput, type TransitionCountsReadOptions, transitionCountsFromColumns } from './from-transition-columns.js';

const ARROW = /\.(arrow|arrows|feather|ipc)$/i;
const PARQUET = /\.(parquet|pq)$/i;

/**
 * Reads transition counts made by `transitionCountsSql` in any engine and
 * exported as CSV (optionally gzipped), Parquet or Arrow IPC, into a
 * {@link TransitionCounter} for `markovFromCounts` (CSV with any one-character
 * `delimiter`, default `,`; Spark's tab-separated output with `'\t'`). The file has the columns
 * `kind, state, next_state, count, value, position, channel` (see
 * docs/engines.md); every row is validated as in {@link transitionCountsFromColumns}.
 *
 * @throws PathCreditError when the file cannot be read, a column is missing,
 *   or a row is invalid (named by row, column and value).
 * @example
 * ```ts
 * const counter = await readTransitionCounts('counts.csv', { order: 2 });
 * const { credits } = markovFromCounts(counter);
 * ```
 */
export async function readTransitionCounts(path: string, options: TransitionCountsReadOptions & { readonly delimiter?: string } = {}): Promise<TransitionCounter> {
  const file = options.file ?? path;
  let columns: TransitionColumnsInput;
  if (PARQUET.test(path)) columns = tableColumns(await readParquet(path, { file }), file);
  else if (ARROW.test(path)) columns = tableColumns(await readArrowIpc(path), file);
  else columns = await csvColumns(path, file, options.delimiter ?? ',');
  return transitionCountsFromColumns(columns, { ...options, file });
}

function tableColumns(table: Table, file: string): TransitionColumnsInput {
  const out: Record<string, unknown[]> = {};
  for (const name of TRANSITION_COLUMNS) {
    const vector = table.getChild(name);
    if (vector === null) {
      if (name === 'value') continue;
      throw new PathCreditError(`missing column (the file has: ${table.schema.fields.map((f) => f.name).join(', ')})`, { file, column: name });
    }
    // A transition table is small (states x successors): iterating keeps nulls as null.
    out[name] = Array.from(vector as Iterable<unknown>);
  }
  return out as unknown as TransitionColumnsInput;
}

async function csvColumns(path: string, file: string, delimiter: string): Promise<TransitionColumnsInput> {
  let stream: Readable;
  try {
    stream = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (cause) {
    throw new PathCreditError(`cannot read the file (${(cause as Error).message})`, { file }, { cause });
  }
  const input = /\.gz$/i.test(path) ? stream.pipe(createGunzip()) : stream;
  const out: Record<string, unknown[]> = {};
  let header: string[] | null = null;
  await new Promise<void>((resolve, reject) => {
    const parser = parseStream(input, { delimiter, headers: (h) => ((header = h as string[]), h), ignoreEmpty: true });
    parser.on('data', (row: Record<string, string>) => {
      for (const name of header!) (out[name] ??= []).push(row[name] === '' ? null : row[name]);
    });
    parser.on('error', (cause: Error) => reject(new PathCreditError(`not a readable CSV file (${cause.message})`, { file }, { cause })));
    parser.on('end', () => resolve());
    input.on('error', (cause: Error) => reject(new PathCreditError(`cannot read the file (${cause.message})`, { file }, { cause })));
  });
  if (header === null) throw new PathCreditError('the input has no rows', { file });
  for (const name of header as string[]) out[name] ??= [];
  return out as unknown as TransitionColumnsInput;
}
