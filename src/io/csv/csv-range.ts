import { SkipLog, errorRecord, type ErrorRecord } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import { openSink } from './open-sink.js';
import type { CsvReadOptions } from './options.js';
import { pump } from './read-records.js';
import { RecordReader, type SinkPartial } from './record-reader.js';
import { CsvScanner } from './scanner.js';
import { plainFileReader } from './source.js';

/** A byte range of a CSV file for another thread to read (see `readParallel`). */
export interface CsvRangeTask {
  /** The file. */
  readonly path: string;
  /** First byte of the range: the start of a line. */
  readonly start: number;
  /** One past its last byte (the start of the next range's line), or -1 for the file's end. */
  readonly end: number;
  /** The file's header. */
  readonly header: string[];
  /** The layout the main thread detected. */
  readonly layout: 'touchpoints' | 'paths';
  /** The reader options (plain data: no callbacks). */
  readonly options: CsvReadOptions;
}

/** What reading a {@link CsvRangeTask} gave. */
export type CsvRangeResult =
  | {
      /** The rows read, for `RecordSink.absorb`. */
      readonly partial: SinkPartial;
      /** Data records read (skipped ones included). */
      readonly rows: number;
      /** Lines read. */
      readonly lines: number;
      /** File offset up to which records were read: `end` when the range ended on a record boundary. */
      readonly stop: number;
      /** Rows skipped, with the first errors (lines relative to the range). */
      readonly skips: { readonly count: number; readonly errors: ErrorRecord[] };
    }
  | {
      /** The first bad row when not skipping (lines relative to the range). */
      readonly error: ErrorRecord;
    };

/**
 * Reads one range of a CSV file with the header known, as the main thread
 * would read those lines: the same layout reader and checks; lines and rows
 * are numbered from the range's start (the main thread moves them).
 */
export async function readCsvRange(task: CsvRangeTask): Promise<CsvRangeResult> {
  const { options } = task;
  const skips = new SkipLog(options.skipInvalid ?? false);
  const file = options.file ?? task.path;
  const size = task.end < 0 ? Infinity : task.end;
  const reader = new RecordReader(
    new CsvScanner(options.delimiter ?? ',', options.quote ?? '"'),
    skips,
    file,
    task.end < 0 ? 0 : task.end - task.start,
    (ctx) => openSink(task.layout, ctx, options),
  );
  reader.openWith(task.header);
  const source = await plainFileReader(task.path, file, { bytes: 0 });
  if (source === null) throw new PathCreditError('cannot read the input as a plain file', { file });
  try {
    const stop = await pump(source, reader, task.start, size);
    return { partial: reader.sink!.partial(), rows: reader.row, lines: reader.line - 1, stop, skips: { count: skips.count, errors: skips.errors } };
  } catch (err) {
    if (err instanceof PathCreditError) return { error: errorRecord(err) };
    throw err;
  } finally {
    await source.close();
  }
}
