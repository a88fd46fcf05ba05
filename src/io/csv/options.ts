import type { InputLayout } from '../detect-layout.js';
import type { Readable } from 'node:stream';
import type { PathColumnsOptions, TouchpointColumnsOptions } from '../path-options.js';

/**
 * Where CSV text comes from: a file path (a `.gz` name is gunzipped), a Node
 * `Readable` of bytes (or strings), or the bytes themselves. Gzip is also
 * recognised by its magic bytes `1f 8b`, whatever the name.
 */
export type CsvSource = string | Readable | Uint8Array;

/**
 * How timestamp cells are read. `auto` (the default): a cell that is a number
 * is epoch time whose unit is told by its size (below 1e14 milliseconds, below
 * 1e17 microseconds, above nanoseconds: the three ranges do not overlap for
 * dates between 1973 and 5138; epoch seconds need `epoch-s`), anything else
 * is ISO-8601 (UTC when it has no zone).
 */
export type TimestampFormat = 'auto' | 'iso' | 'epoch-ms' | 'epoch-s' | 'epoch-us' | 'epoch-ns';

/** Every {@link TimestampFormat}. */
export const TIMESTAMP_FORMATS: readonly TimestampFormat[] = ['auto', 'iso', 'epoch-ms', 'epoch-s', 'epoch-us', 'epoch-ns'];

/** Options of the CSV text itself, shared by every CSV reader. */
export interface CsvTextOptions {
  /** Field delimiter, one single-byte character. Default `","`. */
  readonly delimiter?: string;
  /** Quote character, one single-byte character. Default `'"'`. A quote inside a quoted field is doubled. */
  readonly quote?: string;
  /** How timestamp cells are read (see {@link TimestampFormat}). Default `"auto"`. */
  readonly timestampFormat?: TimestampFormat;
  /** Source label used in error messages. Default: the path when the source is a path, else none. */
  readonly file?: string;
  /**
   * Called about every 1,000,000 data rows and once at the end, with the data
   * rows read so far and the bytes read from the source so far (compressed
   * bytes for gzip input, so it can be compared with the file size).
   */
  readonly onProgress?: (rowsRead: number, bytesRead: number) => void;
  /**
   * Threads to read a large plain file with, this one included: the file is
   * cut at line starts and worker threads read the later parts (the result
   * is exactly that of one thread). Default 1: on the 2-core machine of the
   * benchmarks, two threads made touchpoint files slower (page faults of
   * both threads contend in the kernel, and the second part's rows are
   * copied once more) and path summaries only about 8% faster, for more
   * memory; see docs/benchmarks.md.
   */
  readonly readThreads?: number;
  /**
   * The decimal mark of number cells: `'.'` (default) or `','` for European
   * exports (`12,50`; the delimiter must then be another character, such as
   * `';'`). With a comma, a number written with a point is an error.
   */
  readonly decimal?: '.' | ',';
  /** Smallest file read with several threads. Default 32 MB (below, starting workers costs more than it saves). */
  readonly parallelMinBytes?: number;
}

/** Options of {@link readCsvTouchpoints}: column names, journey building and CSV text options. */
export interface CsvTouchpointOptions extends TouchpointColumnsOptions, CsvTextOptions {}

/** Options of {@link readCsvPaths}: column names, separator and CSV text options. */
export interface CsvPathOptions extends PathColumnsOptions, CsvTextOptions {}

/** The input layout of a CSV file (the same two layouts as every input). */
export type CsvLayout = InputLayout;

/** Options of {@link readCsv}: either layout's options, plus the layout when it should not be detected. */
export interface CsvReadOptions extends CsvTouchpointOptions, Omit<CsvPathOptions, 'conversionsColumn' | 'valueColumn' | 'skipInvalid'> {
  /** The input layout. Default: detected from the header (see `detectLayout`). */
  readonly layout?: CsvLayout;
}
