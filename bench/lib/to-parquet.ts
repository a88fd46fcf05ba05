import { tableToIPC, type Table } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';

/** Parquet page compressions the benchmarks write. */
export type ParquetCodec = 'snappy' | 'zstd' | 'none';

const CODECS: Record<ParquetCodec, Compression> = { snappy: Compression.SNAPPY, zstd: Compression.ZSTD, none: Compression.UNCOMPRESSED };

/**
 * Writes an Arrow table as Parquet bytes with parquet-wasm: dictionary
 * encoding on (Arrow dictionary columns come back as dictionaries), the given
 * page compression, row groups of `rowGroupRows` rows.
 */
export function toParquet(table: Table, codec: ParquetCodec, rowGroupRows = 1 << 20): Uint8Array {
  const props = new WriterPropertiesBuilder().setCompression(CODECS[codec]).setDictionaryEnabled(true).setMaxRowGroupSize(rowGroupRows).build();
  return writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
}
