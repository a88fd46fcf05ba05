/** What a Parquet decoding worker is started with. */
export interface DecodeWorkerData {
  /** The file to read (workers open it themselves, once). */
  readonly path: string;
  /** Rows per record batch. */
  readonly batchSize: number;
  /** Columns to decode (all when undefined). */
  readonly columns?: readonly string[];
  /** Row groups in the file. */
  readonly rowGroupCount: number;
  /**
   * The queue of row groups shared by every decoding thread: one Int32, the
   * next row group to decode, taken with `Atomics.add` (no round trip through
   * the calling thread's event loop, which is busy decoding too).
   */
  readonly next: SharedArrayBuffer;
}

/** A worker's messages: one per row group it decoded (its Arrow IPC buffers), then `done`, or an error message. */
export type DecodeResult = { readonly rowGroup: number; readonly ipc: Uint8Array[] } | { readonly done: true } | { readonly error: string };
