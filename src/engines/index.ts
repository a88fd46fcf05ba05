// Engines and the one entry point that picks between them: re-exports only.
export { readInput, ENGINES, type EngineName, type ReadInputOptions } from './read-input.js';
export { duckdbPaths, type DuckDBEngineOptions } from './duckdb/duckdb-paths.js';
export type { DuckDBResourceOptions } from './duckdb/duckdb-session.js';
export type { DuckDBFormat, DuckDBSourceOptions } from './duckdb/source-sql.js';
