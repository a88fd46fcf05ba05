// Streaming and mergeable building blocks: re-exports only.
export { PathSummary, type PathSummaryJSON } from '../core/path-summary.js';
export { CreditAccumulator, type CreditAccumulatorJSON } from './credit-accumulator.js';
export { attributeStream, readArrowBatches, type AttributeStreamOptions, type StreamAttribution } from './attribute-stream.js';
