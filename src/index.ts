// Public entry point: re-exports only, no side effects.
export { PathCreditError, type ErrorLocation } from './errors.js';
export type * from './types.js';
export { ChannelDictionary } from './core/channel-dictionary.js';
export { PathStoreBuilder, type PathStoreBuilderOptions } from './core/path-store-builder.js';
export { dedupePaths } from './core/dedupe.js';
export { parseDuration } from './core/duration.js';
export { parseIsoTimestamp } from './core/timestamp.js';
export { fromPathRows, splitPath, type PathRow, type PathColumnArrays } from './io/from-path-rows.js';
export { PATH_DEFAULTS, TOUCHPOINT_DEFAULTS, type PathColumnsOptions, type TouchpointColumnsOptions } from './io/path-options.js';
export * from './models/index.js';
export * from './markov/index.js';
export * from './results/index.js';
export * from './io/csv/index.js';
export * from './io/arrow/index.js';
export * from './io/parquet/index.js';
export * from './io/transitions/index.js';
export * from './sql/index.js';
export * from './engines/index.js';
export { detectLayout, type InputLayout, type LayoutColumnOptions } from './io/detect-layout.js';
export {
  attribute,
  attributeAsync,
  allModels,
  defaultModels,
  DEFAULT_MODEL_NAMES,
  MODEL_NAMES,
  type AttributeOptions,
  type AttributeAsyncOptions,
  type Attribution,
  type ModelName,
  type ModelSettings,
} from './attribute.js';
export * from './uncertainty/index.js';
export * from './diagnostics/index.js';
export * from './stream/index.js';
export * from './parallel/index.js';
export * from './transforms/index.js';
export * from './presets/index.js';
export * from './windows/index.js';
export * from './touch-types/index.js';
export * from './segments/index.js';
export * from './flows/index.js';
