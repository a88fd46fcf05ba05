import type { DecodeTask } from './decode-task.js';
import { loadParquetWasm } from './load-parquet-wasm.js';

/**
 * Decodes row groups of a Parquet file (given as a Blob) to Arrow IPC
 * buffers, one per record batch, in order. Shared by the calling thread and
 * the decoding workers.
 */
export async function decodeRowGroups(blob: Blob, task: Omit<DecodeTask, 'path'>): Promise<Uint8Array[]> {
  const wasm = await loadParquetWasm();
  const file = await wasm.ParquetFile.fromFile(blob);
  try {
    const options = { batchSize: task.batchSize, rowGroups: [...task.rowGroups], ...(task.columns ? { columns: [...task.columns] } : {}) };
    const stream = (await file.stream(options)) as unknown as AsyncIterable<{ intoIPCStream(): Uint8Array }>;
    const out: Uint8Array[] = [];
    for await (const batch of stream) out.push(batch.intoIPCStream());
    return out;
  } finally {
    file.free();
  }
}
