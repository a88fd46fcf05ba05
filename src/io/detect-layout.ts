import { PathCreditError } from '../errors.js';
import { PATH_DEFAULTS, TOUCHPOINT_DEFAULTS } from './path-options.js';

/** The two input layouts of the data model. */
export type InputLayout = 'touchpoints' | 'paths';

/** Column options that decide the layout (the readers' defaults when absent). */
export interface LayoutColumnOptions {
  /** Path column of the paths layout. Default `"path"`. */
  readonly pathColumn?: string;
  /** Journey column of the touchpoint layout. Default `"journey_id"`. */
  readonly journeyColumn?: string;
  /** Channel column of the touchpoint layout. Default `"channel"`. */
  readonly channelColumn?: string;
}

/**
 * Decides the layout from the column names of a CSV header or an Arrow
 * schema: a path column means the paths layout; journey and channel columns
 * mean the touchpoint layout. Names are matched exactly.
 *
 * @param columns - the column names, in order.
 * @param options - the column names to look for.
 * @param file - source label for the error message.
 * @throws PathCreditError naming the columns when neither layout fits, or
 *   both do (then the layout must be given).
 * @example
 * ```ts
 * detectLayout(['path', 'total_conversions']); // 'paths'
 * detectLayout(['journey_id', 'timestamp', 'channel']); // 'touchpoints'
 * ```
 */
export function detectLayout(columns: readonly string[], options: LayoutColumnOptions = {}, file?: string): InputLayout {
  const path = options.pathColumn ?? PATH_DEFAULTS.pathColumn;
  const journey = options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn;
  const channel = options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn;
  const isPaths = columns.includes(path);
  const isTouchpoints = columns.includes(journey) && columns.includes(channel);
  if (isPaths !== isTouchpoints) return isPaths ? 'paths' : 'touchpoints';
  const why = isPaths ? 'both layouts fit' : 'neither layout fits';
  throw new PathCreditError(
    `cannot tell the layout from the columns (${why}): a "${path}" column means paths, "${journey}" and "${channel}" columns mean touchpoints; ` +
      'name the columns with the column options or set the layout',
    { file, value: columns.join(',') },
  );
}
