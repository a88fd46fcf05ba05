// Worker thread: opens a Parquet file once with parquet-wasm, says it is
// ready, then decodes the row groups it is asked for, one at a time, and posts
// each back as Arrow IPC buffers (transferred, not copied).
import { openAsBlob } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodeRequest, DecodeResult, DecodeWorkerData } from './decode-task.js';
import { openRowGroupDecoder } from './decode-row-groups.js';

const { path, batchSize } = workerData as DecodeWorkerData;
const port = parentPort!;
const fail = (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies DecodeResult);

openAsBlob(path)
  .then((blob) => openRowGroupDecoder(blob, batchSize))
  .then((decoder) => {
    // Requests are decoded in arrival order; the next one waits for the previous answer.
    let queue = Promise.resolve();
    port.on('message', (request: DecodeRequest) => {
      queue = queue
        .then(() => decoder.decode(request.rowGroup, request.columns))
        .then((ipc) => port.postMessage({ rowGroup: request.rowGroup, ipc } satisfies DecodeResult, ipc.map((b) => b.buffer as ArrayBuffer)), fail);
    });
    port.postMessage({ ready: true } satisfies DecodeResult);
  }, fail);
