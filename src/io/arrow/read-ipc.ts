import { readFile } from 'node:fs/promises';
import { type Table, tableFromIPC } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';

/**
 * Reads an Arrow IPC file (`.arrow`, `.feather` v2) or IPC stream into a Table.
 * Both formats are recognised from their bytes. Replacement dictionaries in
 * streams are kept per batch, which the encoders remap to global ids.
 *
 * @param source - a file path or the IPC bytes.
 * @throws PathCreditError when the file cannot be read or is not Arrow IPC.
 */
export async function readArrowIpc(source: string | Uint8Array): Promise<Table> {
  const label = typeof source === 'string' ? source : undefined;
  let bytes: Uint8Array;
  try {
    bytes = typeof source === 'string' ? await readFile(source) : source;
  } catch (cause) {
    throw new PathCreditError(`cannot read the file (${(cause as Error).message})`, { file: label }, { cause });
  }
  try {
    const table = tableFromIPC(bytes);
    if (table.schema.fields.length === 0) throw new Error('no schema');
    return table;
  } catch (cause) {
    throw new PathCreditError(`not an Arrow IPC file or stream (${(cause as Error).message})`, { file: label }, { cause });
  }
}
