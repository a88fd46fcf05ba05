import { Worker } from 'node:worker_threads';
import { openRowGroupDecoder } from './decode-row-groups.js';
import type { DecodeResult, DecodeWorkerData } from './decode-task.js';

/** What {@link decodeRowGroupsInParallel} decodes, and with which helpers. */
export interface ParallelDecode {
  readonly blob: Blob;
  /** Row groups in the file. */
  readonly rowGroupCount: number;
  readonly columns?: readonly string[];
  readonly batchSize: number;
  /** Workers to start besides the calling thread (they need the file's path and the worker script). */
  readonly workers: number;
  readonly path?: string;
  readonly workerUrl?: URL;
}

/**
 * Decodes every row group of a Parquet file to Arrow IPC buffers, in file
 * order. Row groups are taken from one shared queue: the calling thread
 * starts at once while the workers start, and each thread takes the next row
 * group when it is free, so a thread that started late or decodes slower
 * simply takes fewer (a fixed split left the faster thread idle).
 */
export async function decodeRowGroupsInParallel(job: ParallelDecode): Promise<Uint8Array[]> {
  const results: Uint8Array[][] = new Array(job.rowGroupCount);
  const next = new SharedArrayBuffer(4);
  const queue = new Int32Array(next);
  let failed: unknown = null;
  const fail = (error: unknown) => {
    failed ??= error;
    Atomics.store(queue, 0, job.rowGroupCount); // every thread stops after its current row group
  };
  const data = { path: job.path!, batchSize: job.batchSize, ...(job.columns ? { columns: job.columns } : {}), rowGroupCount: job.rowGroupCount, next };
  const workerDone = Array.from({ length: job.workers }, () => runWorker(job.workerUrl!, data, results).catch(fail));
  try {
    const decoder = await openRowGroupDecoder(job.blob, job.batchSize);
    try {
      for (let g = Atomics.add(queue, 0, 1); g < job.rowGroupCount; g = Atomics.add(queue, 0, 1)) results[g] = await decoder.decode(g, job.columns);
    } finally {
      decoder.free();
    }
  } catch (error) {
    fail(error);
  }
  await Promise.all(workerDone);
  if (failed !== null) throw failed;
  return results.flat();
}

/** Runs one worker until the queue is empty and its answers are in. */
function runWorker(url: URL, data: DecodeWorkerData, results: Uint8Array[][]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: data });
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    worker.on('message', (message: DecodeResult) => {
      if ('error' in message) finish(new Error(message.error));
      else if ('done' in message) finish();
      else results[message.rowGroup] = message.ipc;
    });
    worker.once('error', finish);
    worker.once('exit', (code) => finish(new Error(`the decoding worker stopped (exit code ${code})`)));
  });
}
