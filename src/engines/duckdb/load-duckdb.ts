import { PathCreditError } from '../../errors.js';

/** The part of `@duckdb/node-api` the engine uses. */
export type DuckDBModule = typeof import('@duckdb/node-api');

/** The package the DuckDB engine loads. */
export const DUCKDB_PACKAGE = '@duckdb/node-api';

/**
 * Loads `@duckdb/node-api` (an optional dependency of about 70 MB with
 * DuckDB's library inside) on first use.
 *
 * @param specifier - the module to load; only tests pass another one.
 * @throws PathCreditError saying how to install it when it is missing.
 */
export async function loadDuckDB(specifier: string = DUCKDB_PACKAGE): Promise<DuckDBModule> {
  try {
    const m = (await import(specifier)) as DuckDBModule & { default?: DuckDBModule };
    // The CommonJS build is seen through a default export from ESM.
    return typeof m.DuckDBInstance === 'function' ? m : (m.default as DuckDBModule);
  } catch (cause) {
    throw new PathCreditError(
      `the DuckDB engine needs the optional package ${DUCKDB_PACKAGE}, which could not be loaded: run npm install ${DUCKDB_PACKAGE} (or use the in-process engine) [${(cause as Error).message.split('\n')[0]}]`,
      {},
      { cause },
    );
  }
}
