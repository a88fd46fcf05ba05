import { PathCreditError } from '../../errors.js';
import { TOUCHPOINT_DEFAULTS } from '../../io/path-options.js';
import type { JourneySqlOptions, SqlTimestampFormat } from '../../sql/index.js';
import type { DuckDBEngineOptions } from './duckdb-paths.js';

/** A column of the engine's input as DuckDB types it. */
export interface InputColumn {
  readonly name: string;
  readonly type: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const TEMPORAL = /^(TIMESTAMP.*|DATE)$/;

/**
 * Checks the input's columns against the touchpoint options and turns them
 * into the SQL options: required columns present, optional default columns
 * used when present, channel text, counts numeric, and the timestamp read by
 * its type (a timestamp or date, epoch numbers, or ISO text).
 *
 * @throws PathCreditError naming the column, its DuckDB type and the input's columns.
 */
export function journeySqlColumns(columns: readonly InputColumn[], options: DuckDBEngineOptions, file?: string): Omit<JourneySqlOptions, 'table'> {
  const byName = new Map(columns.map((c) => [c.name, c.type]));
  const list = columns.map((c) => c.name).join(', ');
  const missing = (column: string): never => {
    throw new PathCreditError(`missing column (the input has: ${list})`, { file, column });
  };
  const pick = (given: string | undefined, fallback: string, required: boolean): string | null => {
    const name = given ?? fallback;
    if (byName.has(name)) return name;
    if (required || given !== undefined) missing(name);
    return null;
  };
  const journey = pick(options.journeyColumn, TOUCHPOINT_DEFAULTS.journeyColumn, true)!;
  const channel = pick(options.channelColumn, TOUCHPOINT_DEFAULTS.channelColumn, true)!;
  const lookback = options.lookback !== undefined;
  const timestamp = pick(options.timestampColumn, TOUCHPOINT_DEFAULTS.timestampColumn, lookback);
  const conversions = pick(options.conversionsColumn, TOUCHPOINT_DEFAULTS.conversionsColumn, false);
  const value = pick(options.valueColumn, TOUCHPOINT_DEFAULTS.valueColumn, false);
  const sequence = options.sequenceColumn === undefined ? null : pick(options.sequenceColumn, options.sequenceColumn, true);
  if (value !== null && conversions === null) throw new PathCreditError('a value column needs a conversions column', { file, column: options.conversionsColumn ?? TOUCHPOINT_DEFAULTS.conversionsColumn });

  const type = (name: string) => byName.get(name)!;
  if (type(channel) !== 'VARCHAR') throw new PathCreditError(`column must hold strings, got DuckDB type ${type(channel)}`, { file, column: channel });
  for (const name of [conversions, value, sequence]) {
    if (name !== null && !NUMERIC.test(type(name))) throw new PathCreditError(`column must be numeric, got DuckDB type ${type(name)}`, { file, column: name });
  }
  let timestampFormat: SqlTimestampFormat = 'timestamp';
  if (timestamp !== null) {
    const t = type(timestamp);
    if (TEMPORAL.test(t)) timestampFormat = 'timestamp';
    else if (NUMERIC.test(t)) {
      const f = options.timestampFormat;
      // `auto` (the default) tells ms, us and ns apart by size, as the in-process readers do.
      timestampFormat = f === 'epoch-s' || f === 'epoch-us' || f === 'epoch-ns' || f === 'epoch-ms' ? f : 'epoch-auto';
    }
    else if (t === 'VARCHAR') timestampFormat = 'text';
    else throw new PathCreditError(`timestamps must be timestamps, dates, numbers or ISO-8601 text, got DuckDB type ${t}`, { file, column: timestamp });
  }
  if (timestamp === null && sequence === null) {
    throw new PathCreditError('the DuckDB engine orders each journey by a timestamp or a sequence column, and the input has neither', {
      file,
      column: options.timestampColumn ?? TOUCHPOINT_DEFAULTS.timestampColumn,
    });
  }
  return {
    dialect: 'duckdb',
    journeyColumn: journey,
    channelColumn: channel,
    timestampColumn: timestamp,
    timestampFormat,
    conversionsColumn: conversions,
    valueColumn: value,
    sequenceColumn: sequence,
    lookback: options.lookback,
    maxTouches: options.maxTouches,
  };
}
