// Rolling-window attribution from per-day accumulators: re-exports only.
export { attributeWindows, type AttributeWindowsOptions } from './attribute-windows.js';
export { DailyAccumulators, type AttributionWindow, type DailyOptions, type WindowedAttribution } from './daily-accumulators.js';
export { windowRows, type WindowRow } from './window-rows.js';
export type { WindowSpec } from './window-spec.js';
