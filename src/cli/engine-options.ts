import type { Command } from 'commander';
import { PathCreditError } from '../errors.js';
import { ENGINES, type EngineName } from '../engines/read-input.js';
import type { DuckDBFormat } from '../engines/duckdb/source-sql.js';

/** Parsed engine flags of `attribute` and `transitions`. */
export interface EngineFlags {
  engine?: string;
  memoryLimit?: string;
  engineThreads?: string;
  inputFormat?: string;
}

/** The engine settings the loader needs. */
export interface EngineSettings {
  readonly engine: EngineName;
  readonly memoryLimit?: string;
  readonly threads?: number;
  readonly format?: DuckDBFormat;
}

/** Adds `--engine`, `--memory-limit`, `--engine-threads` and `--input-format`. */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .option('--engine <name>', 'where journeys are built: in-process, or duckdb (out of core; also JSON, globs and folders; needs @duckdb/node-api)', 'in-process')
    .option('--memory-limit <size>', 'duckdb engine: memory limit before spilling to disk, e.g. 2GB')
    .option('--engine-threads <n>', 'duckdb engine: threads (default: all cores)')
    .option('--input-format <format>', 'duckdb engine: parquet, csv or json (default: from the file name)');
}

/** Validates the engine flags. */
export function engineSettings(flags: EngineFlags): EngineSettings {
  const engine = (flags.engine ?? 'in-process') as EngineName;
  if (!ENGINES.includes(engine)) throw new PathCreditError(`--engine must be one of ${ENGINES.join(', ')}`, { value: flags.engine });
  const duckdbOnly = [flags.memoryLimit && '--memory-limit', flags.engineThreads && '--engine-threads', flags.inputFormat && '--input-format'].filter(Boolean);
  if (engine !== 'duckdb' && duckdbOnly.length > 0) throw new PathCreditError(`${duckdbOnly.join(', ')} need --engine duckdb`);
  let threads: number | undefined;
  if (flags.engineThreads !== undefined) {
    threads = Number(flags.engineThreads);
    if (!Number.isInteger(threads) || threads < 1) throw new PathCreditError('--engine-threads must be a positive integer', { value: flags.engineThreads });
  }
  const formats = ['parquet', 'csv', 'json'];
  if (flags.inputFormat !== undefined && !formats.includes(flags.inputFormat)) {
    throw new PathCreditError(`--input-format must be one of ${formats.join(', ')}`, { value: flags.inputFormat });
  }
  return { engine, memoryLimit: flags.memoryLimit, threads, format: flags.inputFormat as DuckDBFormat | undefined };
}
