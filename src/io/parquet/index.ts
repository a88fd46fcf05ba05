// Parquet input (parquet-wasm, loaded on first use): re-exports only.
export { fromParquet, type ParquetOptions } from './from-parquet.js';
export { readParquet, readParquetSchema, type ReadParquetOptions } from './read-parquet.js';
