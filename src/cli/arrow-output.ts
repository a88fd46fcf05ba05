import { Table, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { OutputColumn } from './columns.js';
import { writeText } from './io.js';

// Arrow output, in a module of its own that the CLI loads on demand: apache-arrow
// takes about 0.1 s to import, which every other run would pay for nothing.

/** The columns as an Arrow table (Utf8 and Float64 columns). */
export function columnsToArrow(columns: readonly OutputColumn[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) vectors[c.name] = 'numbers' in c ? makeVector(c.numbers) : vectorFromArray(c.strings as (string | null)[], new Utf8());
  return new Table(vectors);
}

/** Writes the columns as an Arrow IPC file, or as an IPC stream to stdout when `file` is null. */
export async function writeArrowColumns(columns: readonly OutputColumn[], file: string | null, stdout: Writable): Promise<void> {
  const table = columnsToArrow(columns);
  if (file) await writeFile(file, tableToIPC(table, 'file'));
  else await writeText(stdout, tableToIPC(table, 'stream'));
}
