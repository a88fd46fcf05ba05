import { PathCreditError } from '../../errors.js';
import { PATH_DEFAULTS, TOUCHPOINT_DEFAULTS } from '../path-options.js';
import type { CsvLayout } from './options.js';

/** Column options that decide the layout of a header. */
export interface LayoutColumnOptions {
  /** Path column name of the paths layout. Default `"path"`. */
  readonly pathColumn?: string;
  /** Journey column name of the touchpoint layout. Default `"journey_id"`. */
  readonly journeyColumn?: string;
  /** Channel column name of the touchpoint layout. Default `"channel"`. */
  readonly channelColumn?: string;
}

/**
 * Decides the layout of a CSV file from its header: a path column makes it
 * the paths layout, a journey column plus a channel column the touchpoint
 * layout. Names are matched exactly (a CLI calls this before reading).
 *
 * @param header - the header's column names, in order.
 * @param options - the column names to look for (defaults as in the readers).
 * @param file - source label for the error message.
 * @throws PathCreditError naming the header when neither layout fits.
 * @example
 * ```ts
 * detectCsvLayout(['path', 'total_conversions']); // 'paths'
 * detectCsvLayout(['journey_id', 'timestamp', 'channel']); // 'touchpoints'
 * ```
 */
export function detectCsvLayout(header: readonly string[], options: LayoutColumnOptions = {}, file?: string): CsvLayout {
  const path = options.pathColumn ?? PATH_DEFAULTS.pathColumn;
  const journey = options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn;
  const channel = options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn;
  if (header.includes(path)) return 'paths';
  if (header.includes(journey) && header.includes(channel)) return 'touchpoints';
  throw new PathCreditError(
    `cannot tell the layout from the header: expected a "${path}" column (paths) or "${journey}" and "${channel}" columns (touchpoints); ` +
      'name the columns with the column options or set layout',
    { file, value: header.join(',') },
  );
}

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
