import { resolveJourneyOptions } from '../../core/journey-options.js';
import type { CsvReadOptions } from './options.js';
import { PathSink } from './read-paths.js';
import { TouchpointSink } from './read-touchpoints.js';
import type { ReadContext, RecordSink } from './record-reader.js';

/** The layout reader of `layout` for the header in `ctx` (the same on every thread). */
export function openSink(layout: 'touchpoints' | 'paths', ctx: ReadContext, options: CsvReadOptions): RecordSink {
  return layout === 'paths' ? new PathSink(ctx, options) : new TouchpointSink(ctx, options, resolveJourneyOptions(options));
}
