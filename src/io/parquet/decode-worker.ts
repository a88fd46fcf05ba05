// Worker thread: decodes some row groups of a Parquet file with parquet-wasm
// and posts them back as Arrow IPC buffers (transferred, not copied).
import { openAsBlob } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodeResult, DecodeTask } from './decode-task.js';
import { decodeRowGroups } from './decode-row-groups.js';

const task = workerData as DecodeTask;
openAsBlob(task.path)
  .then((blob) => decodeRowGroups(blob, task))
  .then(
  (ipc) => parentPort!.postMessage({ ipc } satisfies DecodeResult, ipc.map((b) => b.buffer as ArrayBuffer)),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies DecodeResult),
);
