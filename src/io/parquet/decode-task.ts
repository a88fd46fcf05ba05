/** What a Parquet decoding worker is started with: the file and the batch size. */
export interface DecodeWorkerData {
  /** The file to read (workers open it themselves, once). */
  readonly path: string;
  /** Rows per record batch. */
  readonly batchSize: number;
}

/** One request to a decoding worker: a row group and the columns to decode (all when undefined). */
export interface DecodeRequest {
  readonly rowGroup: number;
  readonly columns?: readonly string[];
}

/**
 * A worker's messages: `ready` once the file is open, then one answer per
 * request (the row group's Arrow IPC buffers), or an error message.
 */
export type DecodeResult =
  | { readonly ready: true }
  | { readonly rowGroup: number; readonly ipc: Uint8Array[] }
  | { readonly error: string };
