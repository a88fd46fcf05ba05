import { loadParquetWasm } from './load-parquet-wasm.js';

/** A Parquet file opened once for decoding row groups to Arrow IPC. */
export interface RowGroupDecoder {
  /** The Arrow IPC buffers of one row group, one per record batch, in order. */
  decode(rowGroup: number, columns: readonly string[] | undefined): Promise<Uint8Array[]>;
  /** Releases the WebAssembly memory of the file's metadata. */
  free(): void;
}

/**
 * Opens a Parquet file (given as a Blob) for decoding row group by row group.
 * The footer is parsed once; each row group is decoded on request. Shared by
 * the calling thread and the decoding workers.
 */
export async function openRowGroupDecoder(blob: Blob, batchSize: number): Promise<RowGroupDecoder> {
  const wasm = await loadParquetWasm();
  const file = await wasm.ParquetFile.fromFile(blob);
  return {
    async decode(rowGroup, columns) {
      const options = { batchSize, rowGroups: [rowGroup], ...(columns ? { columns: [...columns] } : {}) };
      const stream = (await file.stream(options)) as unknown as AsyncIterable<{ intoIPCStream(): Uint8Array }>;
      const out: Uint8Array[] = [];
      for await (const batch of stream) out.push(batch.intoIPCStream());
      return out;
    },
    free: () => file.free(),
  };
}
