import { PathCreditError } from '../../errors.js';

/** The part of parquet-wasm's Node build that pathcredit uses. */
export type ParquetWasm = typeof import('parquet-wasm/node');

let loaded: Promise<ParquetWasm> | null = null;

/**
 * Loads parquet-wasm (about 15 MB of WebAssembly) on first use only, so
 * importing pathcredit stays cheap for callers who never read Parquet.
 *
 * @throws PathCreditError saying how to install it when the package is missing.
 */
export function loadParquetWasm(): Promise<ParquetWasm> {
  loaded ??= import('parquet-wasm/node').then(
    (m) => ((m as { default?: ParquetWasm }).default ?? m) as ParquetWasm,
    (cause: unknown) => {
      loaded = null;
      throw new PathCreditError(`reading Parquet needs the package parquet-wasm: run \`npm install parquet-wasm\` (${(cause as Error).message})`, {}, { cause });
    },
  );
  return loaded;
}
