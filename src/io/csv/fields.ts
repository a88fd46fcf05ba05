import { PathCreditError, type ErrorLocation } from '../../errors.js';
import { DOT, parseNumberBytes, parseNumberText } from './parse-number.js';
import { fieldText, type CsvScanner } from './scanner.js';

/**
 * Reads field `k` of the scanner's record as a number (see
 * {@link parseNumberBytes}); a quoted field with doubled quotes is decoded first.
 */
export function numberField(sc: CsvScanner, bytes: Uint8Array, k: number, missing: number, dot = DOT): number {
  if (sc.escaped[k] === 0) return parseNumberBytes(bytes, sc.starts[k], sc.ends[k], missing, dot);
  return parseNumberText(fieldText(sc, bytes, k), dot);
}

/**
 * The rules of `checkCounts` (finite, >= 0, no value without conversions)
 * with the cell's text as found in the file as the error's value, which says
 * more than the parsed number (`"abc"` rather than NaN).
 *
 * @returns the error to throw or skip, or null when the counts are valid.
 */
export function countError(
  conversions: number,
  value: number,
  nulls: number,
  columns: { readonly conversions: string; readonly value: string; readonly nulls: string },
  text: (column: string) => string,
  where: ErrorLocation,
): PathCreditError | null {
  if (!(conversions >= 0) || conversions === Infinity) {
    return new PathCreditError('conversions must be a finite number >= 0', { ...where, column: columns.conversions, value: text(columns.conversions) });
  }
  if (!(value >= 0) || value === Infinity) {
    return new PathCreditError('value must be a finite number >= 0', { ...where, column: columns.value, value: text(columns.value) });
  }
  if (!(nulls >= 0) || nulls === Infinity) {
    return new PathCreditError('nulls must be a finite number >= 0', { ...where, column: columns.nulls, value: text(columns.nulls) });
  }
  if (value > 0 && conversions === 0) {
    return new PathCreditError('value > 0 on a row with no conversions cannot be attributed', {
      ...where,
      column: columns.value,
      value: text(columns.value),
    });
  }
  return null;
}
