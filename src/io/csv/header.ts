import { PathCreditError } from '../../errors.js';

/**
 * Finds a column in the header. A column named in the options (`explicit`)
 * or required must exist; an absent optional default gives -1.
 *
 * @throws PathCreditError naming the column and listing the header.
 */
export function findColumn(header: readonly string[], name: string, mustExist: boolean, file: string | undefined): number {
  const at = header.indexOf(name);
  if (at < 0) {
    if (!mustExist) return -1;
    throw new PathCreditError(`missing column (the header has ${listHeader(header)})`, { file, line: 1, column: name });
  }
  if (header.indexOf(name, at + 1) >= 0) {
    throw new PathCreditError('the header names this column more than once', { file, line: 1, column: name });
  }
  return at;
}

function listHeader(header: readonly string[]): string {
  return header.map((h) => JSON.stringify(h)).join(', ');
}
