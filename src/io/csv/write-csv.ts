import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { format } from 'fast-csv';
import { PathCreditError } from '../../errors.js';

/** Options of {@link writeCsv}. */
export interface CsvWriteOptions {
  /**
   * Prefix cells a spreadsheet would run as a formula (strings starting with
   * `=`, `+`, `-`, `@`, a tab or a carriage return) with a `'`, so that opening
   * the file in Excel, LibreOffice or Google Sheets cannot execute them
   * (CSV injection). Numbers are never changed. Default true; set false when
   * the file feeds a program that must see the exact strings.
   */
  readonly neutraliseFormulas?: boolean;
  /** Column names and order. Default: the keys of the rows in order of first appearance (of the first row for a non-array iterable). */
  readonly headers?: readonly string[];
  /** Field delimiter. Default `","`. */
  readonly delimiter?: string;
  /** End the destination stream when done. Default true (false suits `process.stdout`). A path destination is always closed. */
  readonly end?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Renders one cell: numbers with full precision (shortest round-trip text),
 * dates as ISO-8601, null and undefined as empty, other objects as JSON, and
 * strings neutralised against formula injection when asked.
 *
 * @example csvCell('=1+1') // "'=1+1"; csvCell(0.1 + 0.2) // "0.30000000000000004"
 */
export function csvCell(value: unknown, neutraliseFormulas = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return neutraliseFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  const json = JSON.stringify(value);
  const text = json === undefined ? String(value) : json;
  return neutraliseFormulas && FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Writes rows as RFC 4180 CSV with fast-csv: a header row, fields quoted when
 * they hold the delimiter, a quote or a line break (quotes doubled), numbers
 * at full precision, and cells a spreadsheet would run as formulas
 * neutralised unless `neutraliseFormulas: false`. Rows may be an array or any
 * (async) iterable, which makes this a streaming writer: rows are formatted as
 * they come, with backpressure.
 *
 * @param rows - row objects; a missing key is an empty cell.
 * @param destination - a path (created or overwritten) or a Node `Writable`.
 * @param options - see {@link CsvWriteOptions}.
 * @returns a promise that settles when everything is flushed.
 * @throws PathCreditError when the destination cannot be written.
 * @example
 * ```ts
 * await writeCsv([{ channel: '=HYPERLINK("x")', credit: 0.1 + 0.2 }], 'credit.csv');
 * // channel,credit
 * // "'=HYPERLINK(""x"")",0.30000000000000004
 * ```
 */
export async function writeCsv(
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  destination: Writable | string,
  options: CsvWriteOptions = {},
): Promise<void> {
  const neutralise = options.neutraliseFormulas ?? true;
  const delimiter = options.delimiter ?? ',';
  let headers = options.headers ? [...options.headers] : null;
  if (headers === null && Array.isArray(rows)) headers = unionOfKeys(rows);

  const formatter = format<string[], string[]>({ delimiter, includeEndRowDelimiter: true, objectMode: true });
  const out = typeof destination === 'string' ? createWriteStream(destination) : destination;
  const label = typeof destination === 'string' ? destination : undefined;
  const done = new Promise<void>((resolve, reject) => {
    const fail = (err: unknown) =>
      reject(err instanceof PathCreditError ? err : new PathCreditError(`cannot write the CSV output (${(err as Error)?.message ?? err})`, { file: label }, { cause: err }));
    out.once('error', fail);
    formatter.once('error', fail);
    if (typeof destination === 'string' || options.end !== false) out.once('finish', () => resolve());
    else formatter.once('end', () => resolve());
  });
  formatter.pipe(out, { end: typeof destination === 'string' || options.end !== false });

  const write = async (cells: string[]): Promise<void> => {
    if (!formatter.write(cells)) await new Promise<void>((resolve) => formatter.once('drain', () => resolve()));
  };
  const writeHeader = (names: readonly string[]): Promise<void> => write(names.map((h) => csvCell(h, neutralise)));
  try {
    if (headers !== null) await writeHeader(headers);
    for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
      if (headers === null) {
        headers = Object.keys(row);
        await writeHeader(headers);
      }
      await write(headers.map((h) => csvCell(Object.hasOwn(row, h) ? row[h] : undefined, neutralise)));
    }
  } catch (err) {
    formatter.destroy(err as Error);
    throw err;
  }
  formatter.end();
  await done;
}

function unionOfKeys(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
