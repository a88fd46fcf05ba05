import type { SkipLog } from '../../core/skip-log.js';
import { errorFromRecord } from '../../core/skip-log.js';
import { PathCreditError } from '../../errors.js';
import { workerPool } from '../../parallel/pool.js';
import type { CsvRangeResult, CsvRangeTask } from './csv-range.js';
import type { CsvReadOptions } from './options.js';
import { pump } from './read-records.js';
import type { RecordReader } from './record-reader.js';
import type { FileReader } from './source.js';

/**
 * Files smaller than this are read on one thread: a worker's start-up (tens
 * of milliseconds) would cost more than sharing the work saves.
 */
export const PARALLEL_MIN_BYTES = 32 << 20;


/**
 * Reads a large plain CSV file with several threads: this thread reads the
 * header, then the file is cut into as many ranges as threads at line
 * starts; worker threads read the later ranges while this thread reads the
 * first, and their rows are appended in order (channel and journey ids
 * mapped into this thread's, so ids still follow first appearance).
 *
 * A cut is only a guess at a record boundary (a line break may sit inside a
 * quoted field), so each is verified: the range before it must end exactly
 * there, read from a verified start. At the first cut that fails, the rows
 * read after it are dropped and this thread reads on from the last verified
 * record, so the result is always exactly that of one thread: same store,
 * same skipped-row count and samples, same first error (lines and rows
 * numbered over the whole file).
 *
 * @returns the file offset from which the caller reads on with one thread
 *   (0: the file was not shared at all), or -1 when the whole file was read.
 */
export async function readParallel(source: FileReader, reader: RecordReader, skips: SkipLog, options: CsvReadOptions): Promise<number> {
  const threads = options.readThreads ?? 1;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new PathCreditError('readThreads must be an integer >= 1', { value: options.readThreads });
  const size = source.size;
  if (threads <= 1 || size < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return 0;
  const pool = workerPool(threads);
  if (pool === null) return 0;
  const headerEnd = await pump(source, reader, 0, Math.min(size, 1 << 20), true);
  const sink = reader.sink;
  if (sink === null) return headerEnd;

  const cuts = await lineStarts(source, headerEnd, threads);
  if (cuts.length === 0) return headerEnd;
  const { onProgress: _onProgress, ...plainOptions } = options;
  const tasks = cuts.map((start, k) => {
    const task: CsvRangeTask = {
      path: source.path,
      start,
      end: k + 1 < cuts.length ? cuts[k + 1] : -1,
      header: reader.header,
      layout: sink.layout,
      options: plainOptions,
    };
    return pool.run<CsvRangeResult>('csv-range', task);
  });
  // Whatever happens here, the workers' results are awaited (and dropped if unneeded).
  const settled = Promise.allSettled(tasks);
  try {
    const stop = await pump(source, reader, headerEnd, cuts[0]);
    let verified = stop === cuts[0];
    let resume = stop;
    for (let k = 0; k < tasks.length && verified; k++) {
      const result = await tasks[k];
      const lines = reader.line - 1;
      if ('error' in result) throw errorFromRecord(result.error, lines, reader.row);
      sink.absorb(result.partial, { row: reader.row, line: reader.line });
      skips.absorb(result.skips, lines, reader.row);
      reader.row += result.rows;
      reader.line += result.lines;
      const end = k + 1 < cuts.length ? cuts[k + 1] : -1;
      if (end < 0) return -1;
      verified = result.stop === end;
      resume = result.stop;
    }
    return resume;
  } finally {
    await settled;
  }
}

/**
 * Up to `threads - 1` cut points after `from`: the start of the first line at
 * or after each equal share of the rest of the file, in increasing order.
 */
async function lineStarts(source: FileReader, from: number, threads: number): Promise<number[]> {
  const cuts: number[] = [];
  const window = new Uint8Array(1 << 16);
  const share = (source.size - from) / threads;
  for (let k = 1; k < threads; k++) {
    const guess = Math.floor(from + share * k);
    const got = await source.read(window, 0, window.length, guess);
    const lf = window.subarray(0, got).indexOf(10);
    if (lf < 0) continue;
    const cut = guess + lf + 1;
    if (cut < source.size && cut > (cuts.length > 0 ? cuts[cuts.length - 1] : from)) cuts.push(cut);
  }
  return cuts;
}
