// Segments: re-exports only.
export {
  segmentation,
  segmentationFromIds,
  resolveSegmentation,
  segmentLabel,
  segmentTotals,
  DEFAULT_MAX_SEGMENTS,
  EMPTY_SEGMENT_LABEL,
  SEGMENT_LABEL_SEPARATOR,
  type Segmentation,
  type SegmentationOptions,
  type SegmentTotals,
} from './segmentation.js';
export { segmentChannelView, segmentStore, MAX_SEGMENT_CHANNELS } from './segment-view.js';
export {
  attributeBySegment,
  ADDITIVE_MODELS,
  type SegmentAttributeOptions,
  type SegmentedAttribution,
  type SegmentResult,
  type SegmentFlag,
} from './attribute-by-segment.js';
export { MAX_SEGMENT_REPLICATE_NUMBERS, type SegmentIntervals, type ShareComparison, type ShareVerdict, type SegmentIntervalResult } from './segment-intervals.js';
export type { SegmentStateMarkov } from './segment-state-markov.js';
export { segmentColumns, segmentFlatRows, type LongColumn } from './segment-columns.js';
