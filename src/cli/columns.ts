import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { PathCreditError } from '../errors.js';
import { writeText } from './io.js';

/**
 * One output column: strings (null allowed) or numbers (NaN is written as an empty
 * cell, JSON null). `alignRight` right-aligns a string column in text tables (e.g.
 * numbers with intervals).
 */
export type OutputColumn =
  | { readonly name: string; readonly strings: readonly (string | null)[]; readonly alignRight?: boolean }
  | { readonly name: string; readonly numbers: Float64Array };

/** Output formats of the CLI. */
export type OutputFormat = 'table' | 'csv' | 'json' | 'arrow';

/** Where and how to write. */
export interface OutputTarget {
  readonly format: OutputFormat;
  /** A file path, or null for stdout. */
  readonly file: string | null;
  /** Neutralise spreadsheet formulas in CSV cells (default true). */
  readonly neutraliseFormulas: boolean;
}

/** Picks the format: the flag, else the --out extension, else a table on a terminal and CSV in a pipe. */
export function resolveFormat(flag: string | undefined, out: string | undefined, stdoutIsTTY: boolean): OutputFormat {
  const formats: OutputFormat[] = ['table', 'csv', 'json', 'arrow'];
  if (flag !== undefined) {
    if (!formats.includes(flag as OutputFormat)) throw new PathCreditError(`--format must be one of ${formats.join(', ')}`, { value: flag });
    if (flag === 'arrow' && out === undefined && stdoutIsTTY) throw new PathCreditError('refusing to write binary Arrow to a terminal: use --out file.arrow or a pipe');
    return flag as OutputFormat;
  }
  if (out !== undefined) {
    const ext = /\.(csv|json|arrow|arrows|feather|txt)$/i.exec(out)?.[1]?.toLowerCase();
    if (ext === 'csv') return 'csv';
    if (ext === 'json') return 'json';
    if (ext === 'txt') return 'table';
    if (ext !== undefined) return 'arrow';
    throw new PathCreditError('cannot tell the output format from the file name: use .csv, .json, .arrow or --format', { value: out });
  }
  return stdoutIsTTY ? 'table' : 'csv';
}

function rowCount(columns: readonly OutputColumn[]): number {
  const c = columns[0];
  return 'numbers' in c ? c.numbers.length : c.strings.length;
}

function* rowObjects(columns: readonly OutputColumn[]): Generator<Record<string, string | number | null>> {
  const n = rowCount(columns);
  for (let i = 0; i < n; i++) {
    const row: Record<string, string | number | null> = {};
    for (const c of columns) {
      // Own data properties via defineProperty-free assignment is safe here: column names are ours, not user data.
      row[c.name] = 'numbers' in c ? (Number.isNaN(c.numbers[i]) ? null : c.numbers[i]) : c.strings[i];
    }
    yield row;
  }
}

/** Renders the columns as an aligned text table (numbers with up to 4 decimals, right-aligned). */
export function renderTable(columns: readonly OutputColumn[], title?: string): string {
  const n = rowCount(columns);
  const cells: string[][] = [columns.map((c) => c.name)];
  const decimals = columns.map((c) => ('numbers' in c ? columnDecimals(c.numbers) : 0));
  for (let i = 0; i < n; i++) {
    cells.push(columns.map((c, k) => ('numbers' in c ? formatNumber(c.numbers[i], decimals[k]) : (c.strings[i] ?? ''))));
  }
  const widths = columns.map((_, k) => Math.max(...cells.map((r) => visibleLength(r[k]))));
  const numeric = columns.map((c) => 'numbers' in c || c.alignRight === true);
  const line = (r: string[]) => r.map((cell, k) => (numeric[k] ? cell.padStart(widths[k] + cell.length - visibleLength(cell)) : cell.padEnd(widths[k] + cell.length - visibleLength(cell)))).join('  ');
  const out = [title ?? null, line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].filter((l) => l !== null);
  return `${out.join('\n')}\n`;
}

function visibleLength(s: string): number {
  return [...s].length;
}

/** One precision per column so digits line up: integers as is, shares of 1 with 4 decimals, else 2. */
export function columnDecimals(values: Float64Array): number {
  let integers = true;
  let small = true;
  for (const x of values) {
    if (!Number.isInteger(x)) integers = false;
    if (Math.abs(x) > 1) small = false;
  }
  return integers ? 0 : small ? 4 : 2;
}

/** A number with a fixed count of decimals and thousands separators (empty for NaN). */
export function formatNumber(x: number, decimals: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Writes the readable tables of the table format: to `file` when given (and nothing to the
 * terminal), else to stdout.
 */
export async function writeReadable(text: string, file: string | null, stdout: Writable): Promise<void> {
  if (file !== null) await writeFile(file, text);
  else await writeText(stdout, text);
}

/** Writes the columns in the target format to the file or stdout. */
export async function writeColumns(columns: readonly OutputColumn[], target: OutputTarget, stdout: Writable, title?: string): Promise<void> {
  switch (target.format) {
    case 'csv': {
      // Loaded on demand: fast-csv is only needed when CSV is written.
      const { writeCsv } = await import('../io/csv/write-csv.js');
      await writeCsv(rowObjects(columns), target.file ?? stdout, {
        headers: columns.map((c) => c.name),
        neutraliseFormulas: target.neutraliseFormulas,
        ...(target.file === null ? { end: false } : {}),
      });
      return;
    }
    case 'json': {
      const text = `${JSON.stringify([...rowObjects(columns)], null, 2)}\n`;
      if (target.file) await writeFile(target.file, text);
      else await writeText(stdout, text);
      return;
    }
    case 'arrow': {
      const { writeArrowColumns } = await import('./arrow-output.js');
      await writeArrowColumns(columns, target.file, stdout);
      return;
    }
    case 'table': {
      const text = renderTable(columns, title);
      if (target.file) await writeFile(target.file, text);
      else await writeText(stdout, text);
      return;
    }
  }
}

/** Opens a file for streamed output (used by `journeys`). */
export function openOutput(file: string | null, stdout: Writable): Writable {
  return file ? createWriteStream(file) : stdout;
}
