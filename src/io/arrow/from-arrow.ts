import type { Table } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { PATH_DEFAULTS, TOUCHPOINT_DEFAULTS } from '../path-options.js';
import { type ArrowPathsOptions, fromArrowPaths } from './from-arrow-paths.js';
import { type ArrowTouchpointsOptions, fromArrowTouchpoints } from './from-arrow-touchpoints.js';

/** The two input layouts of the data model. */
export type InputLayout = 'touchpoints' | 'paths';

/** Options of {@link fromArrow}: either layout's options, and the layout if it cannot be detected. */
export interface ArrowOptions extends ArrowPathsOptions, ArrowTouchpointsOptions {
  /** Force a layout instead of detecting it from the column names. */
  readonly layout?: InputLayout;
}

/**
 * Detects the layout from column names: a path column means the path layout;
 * journey and channel columns mean the touchpoint layout.
 *
 * @throws PathCreditError when neither or both match.
 */
export function detectLayout(columns: readonly string[], options: ArrowOptions = {}): InputLayout {
  const hasPath = columns.includes(options.pathColumn ?? PATH_DEFAULTS.pathColumn);
  const hasTouch =
    columns.includes(options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn) &&
    columns.includes(options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn);
  if (hasPath !== hasTouch) return hasPath ? 'paths' : 'touchpoints';
  throw new PathCreditError(
    `cannot tell the layout from the columns [${columns.join(', ')}]: name a path column for paths, or journey and channel columns for touchpoints, or set the layout`,
    { file: options.file },
  );
}

/**
 * Encodes an Arrow table in either layout, detected from its columns unless `layout` is set.
 *
 * @example
 * ```ts
 * const store = fromArrow(await readArrowIpc('journeys.arrow'));
 * ```
 */
export function fromArrow(table: Table, options: ArrowOptions = {}): PathStore {
  const layout = options.layout ?? detectLayout(table.schema.fields.map((f) => f.name), options);
  return layout === 'paths' ? fromArrowPaths(table, options) : fromArrowTouchpoints(table, options);
}
