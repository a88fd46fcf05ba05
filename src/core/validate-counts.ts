import { PathCreditError, type ErrorLocation } from '../errors.js';

/** Column names used to word count errors. */
export interface CountColumns {
  readonly conversions: string;
  readonly value: string;
  readonly nulls: string;
}

/**
 * Checks one row's counts against the spec: finite, >= 0, and no value
 * without conversions (a peer silently credits such rows; we refuse).
 * Returns an error to throw or skip, or null when the row is valid.
 */
export function checkCounts(
  conversions: number,
  value: number,
  nulls: number,
  columns: CountColumns,
  where: ErrorLocation,
): PathCreditError | null {
  if (!(conversions >= 0) || conversions === Infinity) {
    return new PathCreditError('conversions must be a finite number >= 0', { ...where, column: columns.conversions, value: conversions });
  }
  if (!(value >= 0) || value === Infinity) {
    return new PathCreditError('value must be a finite number >= 0', { ...where, column: columns.value, value });
  }
  if (!(nulls >= 0) || nulls === Infinity) {
    return new PathCreditError('nulls must be a finite number >= 0', { ...where, column: columns.nulls, value: nulls });
  }
  if (value > 0 && conversions === 0) {
    return new PathCreditError('value > 0 on a row with no conversions cannot be attributed', { ...where, column: columns.value, value });
  }
  return null;
}
