/** What a Parquet decoding worker is asked to do: some row groups of one file. */
export interface DecodeTask {
  /** The file to read (workers open it themselves). */
  readonly path: string;
  /** Row groups to decode, in order. */
  readonly rowGroups: readonly number[];
  /** Columns to decode (all when undefined). */
  readonly columns?: readonly string[];
  /** Rows per record batch. */
  readonly batchSize: number;
}

/** A worker's answer: the Arrow IPC stream of its row groups, or an error message. */
export type DecodeResult = { readonly ipc: Uint8Array[] } | { readonly error: string };
