import { Worker } from 'node:worker_threads';
import { openRowGroupDecoder } from './decode-row-groups.js';
import type { DecodeRequest, DecodeResult, DecodeWorkerData } from './decode-task.js';

/** Requests a worker holds at once: it starts the next row group while its answer travels back. */
const WORKER_PREFETCH = 2;

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
 * order. Row groups are handed out from one queue: the calling thread starts
 * at once while the workers start, and each thread takes the next row group
 * when it is free, so a thread that started late or decodes slower simply
 * takes fewer (a fixed split left the faster thread idle).
 */
export async function decodeRowGroupsInParallel(job: ParallelDecode): Promise<Uint8Array[]> {
  const results: Uint8Array[][] = new Array(job.rowGroupCount);
  let next = 0;
  let failed: unknown = null;
  const take = (): number => (failed === null && next < job.rowGroupCount ? next++ : -1);
  const workers: Worker[] = [];
  const workerDone = Array.from({ length: job.workers }, () =>
    runWorker(job, take, results, (w) => workers.push(w)).catch((error: unknown) => {
      failed ??= error;
    }),
  );
  try {
    const decoder = await openRowGroupDecoder(job.blob, job.batchSize);
    try {
      for (let g = take(); g >= 0; g = take()) results[g] = await decoder.decode(g, job.columns);
    } finally {
      decoder.free();
    }
  } catch (error) {
    failed ??= error;
  }
  if (failed !== null) for (const w of workers) void w.terminate();
  await Promise.all(workerDone);
  if (failed !== null) throw failed;
  return results.flat();
}

/** Runs one worker until the queue is empty and its answers are in. */
function runWorker(job: ParallelDecode, take: () => number, results: Uint8Array[][], started: (w: Worker) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(job.workerUrl!, { workerData: { path: job.path!, batchSize: job.batchSize } satisfies DecodeWorkerData });
    started(worker);
    let pending = 0;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const request = () => {
      const rowGroup = take();
      if (rowGroup < 0) return false;
      pending++;
      worker.postMessage({ rowGroup, ...(job.columns ? { columns: job.columns } : {}) } satisfies DecodeRequest);
      return true;
    };
    worker.on('message', (message: DecodeResult) => {
      if ('error' in message) return finish(new Error(message.error));
      if ('ready' in message) {
        for (let i = 0; i < WORKER_PREFETCH && request(); i++);
      } else {
        results[message.rowGroup] = message.ipc;
        pending--;
        request();
      }
      if (pending === 0) finish();
    });
    worker.once('error', finish);
    worker.once('exit', (code) => finish(settled ? undefined : new Error(`the decoding worker stopped (exit code ${code})`)));
  });
}
