// Worker thread: opens a Parquet file once with parquet-wasm, then takes row
// groups from the queue shared with the other decoding threads until it is
// empty, posting each back as Arrow IPC buffers (transferred, not copied).
import { openAsBlob } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodeResult, DecodeWorkerData } from './decode-task.js';
import { openRowGroupDecoder } from './decode-row-groups.js';

const task = workerData as DecodeWorkerData;
const port = parentPort!;
const next = new Int32Array(task.next);

async function run(): Promise<void> {
  const decoder = await openRowGroupDecoder(await openAsBlob(task.path), task.batchSize);
  try {
    for (let g = Atomics.add(next, 0, 1); g < task.rowGroupCount; g = Atomics.add(next, 0, 1)) {
      const ipc = await decoder.decode(g, task.columns);
      port.postMessage({ rowGroup: g, ipc } satisfies DecodeResult, ipc.map((b) => b.buffer as ArrayBuffer));
    }
  } finally {
    decoder.free();
  }
}

run().then(
  () => port.postMessage({ done: true } satisfies DecodeResult),
  (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies DecodeResult),
);
