import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { detectLayout } from '../detect-layout.js';
import type { CsvReadOptions, CsvSource } from './options.js';
import { PathSink, readCsvPaths } from './read-paths.js';
import { readRecords } from './read-records.js';
import { resolveJourneyOptions } from '../../core/journey-options.js';
import { TouchpointSink, readCsvTouchpoints } from './read-touchpoints.js';

/**
 * Reads CSV in either layout into a {@link PathStore}. Without `layout`, the
 * layout is detected from the header ({@link detectLayout}): a path column
 * means aggregated paths, journey and channel columns mean touchpoints.
 *
 * @param source - a file path (`.gz` is gunzipped), a Node `Readable`, or the bytes.
 * @param options - the options of either reader, plus `layout`.
 * @throws PathCreditError naming the header when the layout cannot be told,
 *   and everything {@link readCsvTouchpoints} and {@link readCsvPaths} throw.
 * @example
 * ```ts
 * const store = await readCsv('input.csv', { conversionsColumn: 'total_conversions' });
 * ```
 */
export async function readCsv(source: CsvSource, options: CsvReadOptions = {}): Promise<PathStore> {
  if (options.layout === 'touchpoints') return readCsvTouchpoints(source, options);
  if (options.layout === 'paths') return readCsvPaths(source, options);
  const journeyOptions = resolveJourneyOptions(options);
  if (options.separator === '') throw new PathCreditError('separator must not be empty', { value: '' });
  return readRecords(source, options, (ctx) =>
    detectLayout(ctx.header, options, ctx.file) === 'paths' ? new PathSink(ctx, options) : new TouchpointSink(ctx, options, journeyOptions),
  );
}
