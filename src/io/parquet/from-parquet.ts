import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { type ArrowOptions, fromArrow } from '../arrow/from-arrow.js';
import { detectLayout } from '../detect-layout.js';
import { PATH_DEFAULTS, TOUCHPOINT_DEFAULTS } from '../path-options.js';
import { readParquet, readParquetSchema } from './read-parquet.js';

/** Options of {@link fromParquet}: those of `fromArrow` (either layout's columns, journey options, the layout). */
export type ParquetOptions = ArrowOptions;

/**
 * Reads a Parquet file in either layout into a {@link PathStore}: touchpoint
 * rows (journeys are built as for CSV and Arrow) or aggregated paths (a list
 * column or a delimited string column). The layout is detected from the
 * column names unless `layout` is set, and only the columns the layout uses
 * are decoded. Column types follow the Arrow readers: strings (plain or
 * dictionary) for ids and channels, any numeric type for counts, Parquet
 * timestamps of any unit, dates, epoch numbers or ISO strings for times.
 *
 * @param source - a file path or the file's bytes.
 * @throws PathCreditError when the file cannot be read, is not Parquet, lacks
 *   a column, has a column of the wrong type, or has an invalid row (named by
 *   row and column).
 * @example
 * ```ts
 * const store = await fromParquet('events.parquet', { lookback: '30d' });
 * const { table } = attribute(store);
 * ```
 */
export async function fromParquet(source: string | Uint8Array, options: ParquetOptions = {}): Promise<PathStore> {
  return (await readParquetInput(source, options)).store;
}

/** {@link fromParquet} with the number of rows read (for summaries). */
export async function readParquetInput(source: string | Uint8Array, options: ParquetOptions = {}): Promise<{ store: PathStore; rowsRead: number }> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const names = (await readParquetSchema(source, file)).fields.map((f) => f.name);
  const layout = options.layout ?? detectLayout(names, options, file);
  const columns =
    layout === 'paths'
      ? [options.pathColumn ?? PATH_DEFAULTS.pathColumn, options.conversionsColumn ?? PATH_DEFAULTS.conversionsColumn]
      : [options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn, options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn];
  // Columns the caller named must exist; default names of optional columns may be absent.
  const named = [
    options.timestampColumn,
    options.valueColumn,
    options.sequenceColumn,
    ...(layout === 'paths' ? [options.nullsColumn, options.timesColumn] : options.conversionEvents === undefined ? [options.conversionsColumn] : []),
    // Event exports name their conversions by event, in `event_name` unless told otherwise.
    ...(layout === 'touchpoints' && options.conversionEvents !== undefined ? [options.eventColumn ?? 'event_name'] : []),
    ...(options.attributeColumns ?? []),
  ].filter((c): c is string => c !== undefined);
  for (const column of [...columns, ...named]) {
    if (!names.includes(column)) throw new PathCreditError(`missing column (the file has: ${names.join(', ')})`, { file, column });
  }
  const optional =
    layout === 'paths'
      ? [PATH_DEFAULTS.valueColumn, PATH_DEFAULTS.nullsColumn]
      : [TOUCHPOINT_DEFAULTS.timestampColumn, options.conversionsColumn ?? TOUCHPOINT_DEFAULTS.conversionsColumn, TOUCHPOINT_DEFAULTS.valueColumn];
  const table = await readParquet(source, { file, columns: [...columns, ...named, ...optional] });
  return { store: fromArrow(table, { ...options, layout, file }), rowsRead: table.numRows };
}
