import type { Table } from 'apache-arrow';
import type { PathStore } from '../../types.js';
import { detectLayout, type InputLayout } from '../detect-layout.js';
import { type ArrowPathsOptions, fromArrowPaths } from './from-arrow-paths.js';
import { type ArrowTouchpointsOptions, fromArrowTouchpoints } from './from-arrow-touchpoints.js';

/** Options of {@link fromArrow}: either layout's options, and the layout if it cannot be detected. */
export interface ArrowOptions extends ArrowPathsOptions, ArrowTouchpointsOptions {
  /** Force a layout instead of detecting it from the column names. */
  readonly layout?: InputLayout;
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
  const layout = options.layout ?? detectLayout(table.schema.fields.map((f) => f.name), options, options.file);
  return layout === 'paths' ? fromArrowPaths(table, options) : fromArrowTouchpoints(table, options);
}
