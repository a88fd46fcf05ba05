import { PathStoreBuilder } from '../../core/path-store-builder.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { splitPath } from '../from-path-rows.js';
import { PATH_DEFAULTS } from '../path-options.js';
import { countError, numberField } from './fields.js';
import { findColumn } from './header.js';
import type { CsvPathOptions, CsvSource, TimestampFormat } from './options.js';
import { parseTimestampText } from './parse-timestamp.js';
import { readRecords, type ReadContext, type RecordSink } from './read-records.js';
import { fieldText, type CsvScanner } from './scanner.js';

/**
 * Reads aggregated path CSV (one row per path: a delimited path string,
 * conversions, optional value, nulls and per-touch times) into a
 * {@link PathStore}. Gives exactly the store `fromPathRows` gives for the same
 * rows, with the same validation; errors name the file and line instead of
 * the row. ChannelAttribution exports read by naming their columns.
 *
 * @param source - a file path (`.gz` is gunzipped), a Node `Readable`, or the bytes.
 * @param options - column names, `separator` (default `" > "`), CSV dialect, `skipInvalid`.
 * @throws PathCreditError naming the file, line, column and value for a
 *   malformed line, invalid counts or an empty path; also for empty input.
 * @example
 * ```ts
 * const store = await readCsvPaths('pathdata.csv.gz', {
 *   conversionsColumn: 'total_conversions',
 *   valueColumn: 'total_conversion_value',
 *   nullsColumn: 'total_null',
 * });
 * ```
 */
export async function readCsvPaths(source: CsvSource, options: CsvPathOptions = {}): Promise<PathStore> {
  const separator = options.separator ?? PATH_DEFAULTS.separator;
  if (separator.length === 0) throw new PathCreditError('separator must not be empty', { value: separator });
  return readRecords(source, options, (ctx) => new PathSink(ctx, options));
}

/** The aggregated path layout reader behind {@link readCsvPaths}. */
export class PathSink implements RecordSink {
  readonly #ctx: ReadContext;
  readonly #sc: CsvScanner;
  readonly #names: { path: string; conversions: string; value: string; nulls: string; times: string };
  readonly #pc: number;
  readonly #xc: number;
  readonly #vc: number;
  readonly #nc: number;
  readonly #tc: number;
  readonly #separator: string;
  readonly #format: TimestampFormat;
  readonly #builder: PathStoreBuilder;

  constructor(ctx: ReadContext, options: CsvPathOptions) {
    this.#ctx = ctx;
    this.#sc = ctx.scanner;
    const { header, file } = ctx;
    this.#names = {
      path: options.pathColumn ?? PATH_DEFAULTS.pathColumn,
      conversions: options.conversionsColumn ?? PATH_DEFAULTS.conversionsColumn,
      value: options.valueColumn ?? PATH_DEFAULTS.valueColumn,
      nulls: options.nullsColumn ?? PATH_DEFAULTS.nullsColumn,
      times: options.timesColumn ?? '',
    };
    this.#pc = findColumn(header, this.#names.path, true, file);
    this.#xc = findColumn(header, this.#names.conversions, true, file);
    this.#vc = findColumn(header, this.#names.value, options.valueColumn !== undefined, file);
    this.#nc = findColumn(header, this.#names.nulls, options.nullsColumn !== undefined, file);
    this.#tc = options.timesColumn === undefined ? -1 : findColumn(header, options.timesColumn, true, file);
    this.#separator = options.separator ?? PATH_DEFAULTS.separator;
    this.#format = options.timestampFormat ?? 'auto';
    this.#builder = new PathStoreBuilder({ withTimes: this.#tc >= 0 });
  }

  record(bytes: Uint8Array, _row: number, line: number): void {
    const sc = this.#sc;
    const names = this.#names;
    const skips = this.#ctx.skips;
    const where = { file: this.#ctx.file, line };
    // Same order of checks as fromPathRows: counts, then the path, then times.
    const conversions = numberField(sc, bytes, this.#xc, NaN);
    const value = this.#vc >= 0 ? numberField(sc, bytes, this.#vc, 0) : 0;
    const nulls = this.#nc >= 0 ? numberField(sc, bytes, this.#nc, 0) : 0;
    const bad = countError(conversions, value, nulls, names, (col) => this.#text(col, bytes), where);
    if (bad) return skips.reject(bad);

    const pathText = fieldText(sc, bytes, this.#pc);
    const channels = splitPath(pathText, this.#separator) as string[];
    if (channels.length === 0 || channels.some((c) => c === '')) {
      return skips.reject(new PathCreditError('path has an empty channel name or no channels', { ...where, column: names.path, value: pathText }));
    }
    let times: string[] | null = null;
    if (this.#tc >= 0) {
      const timesText = fieldText(sc, bytes, this.#tc);
      times = timesText.trim() === '' ? [] : timesText.split(this.#separator).map((s) => s.trim());
      if (times.length !== channels.length) {
        return skips.reject(
          new PathCreditError(`times must be a list with one time per touch (${channels.length})`, { ...where, column: names.times, value: timesText }),
        );
      }
    }
    const builder = this.#builder;
    const dict = builder.dictionary;
    for (let k = 0; k < channels.length; k++) {
      let t = NaN;
      if (times !== null) {
        t = times[k] === '' ? NaN : parseTimestampText(times[k], this.#format);
        if (Number.isNaN(t)) {
          builder.discardOpenPath();
          return skips.reject(new PathCreditError(`timestamp ${k + 1} of the path cannot be parsed`, { ...where, column: names.times, value: times[k] }));
        }
      }
      builder.addTouch(dict.idOf(channels[k]), t);
    }
    builder.endPath(conversions, value, nulls);
  }

  finish(): PathStore {
    const skips = this.#ctx.skips;
    if (this.#builder.pathCount === 0) {
      throw new PathCreditError(`every row was invalid (${skips.count} skipped): ${skips.samples[0] ?? ''}`, { file: this.#ctx.file });
    }
    return this.#builder.build({ skipped: skips.report() });
  }

  #text(column: string, bytes: Uint8Array): string {
    const k = this.#ctx.header.indexOf(column);
    return k < 0 ? '' : fieldText(this.#sc, bytes, k);
  }
}
