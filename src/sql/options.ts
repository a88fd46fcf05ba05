import { parseDuration } from '../core/duration.js';
import { PathCreditError } from '../errors.js';
import { TOUCHPOINT_DEFAULTS } from '../io/path-options.js';
import { type SqlDialect, sqlDialect } from './dialects.js';
import { portableStringLiteral, quoteIdentifier, quoteTableName } from './identifiers.js';

/**
 * How the timestamp column is stored in the table: a native `TIMESTAMP`,
 * `TIMESTAMPTZ` or `DATE` (`'timestamp'`, the default), ISO-8601 text
 * (`'text'`, read with the dialect's cast; UTC unless the text has a zone, with
 * the session's time zone set to UTC), or numbers of epoch milliseconds, seconds,
 * microseconds (GA4's BigQuery export) or nanoseconds; `'epoch-auto'` reads each number's unit
 * from its size as the in-process readers' `auto` does (below 1e14 milliseconds, below 1e17
 * microseconds, else nanoseconds).
 */
export type SqlTimestampFormat = 'timestamp' | 'text' | 'epoch-ms' | 'epoch-s' | 'epoch-us' | 'epoch-ns' | 'epoch-auto';

/** Options of every generated statement: the table, its columns and journey building. */
export interface JourneySqlOptions {
  /**
   * Dialect to write: a name from `SQL_DIALECTS`, or a dialect object
   * (an entry of `DIALECTS` with some spellings replaced). Default `'duckdb'`.
   */
  readonly dialect?: string | SqlDialect;
  /** The touchpoint table: a name, dotted for a schema (`analytics.events`), or its parts as an array. */
  readonly table: string | readonly string[];
  /** Journey id column. Default `"journey_id"`. */
  readonly journeyColumn?: string;
  /** Timestamp column; null when the table has none (then a sequence column orders events). Default `"timestamp"`. */
  readonly timestampColumn?: string | null;
  /** How the timestamp column is stored. Default `'timestamp'`. */
  readonly timestampFormat?: SqlTimestampFormat;
  /** Channel column. Default `"channel"`. */
  readonly channelColumn?: string;
  /** Conversions column; null when the table has none (nothing converts). Default `"conversions"`. */
  readonly conversionsColumn?: string | null;
  /** Value column; null when the table has none (value 0). Default `"value"`. */
  readonly valueColumn?: string | null;
  /** Column of numbers ordering events of a journey at the same timestamp. Optional. */
  readonly sequenceColumn?: string | null;
  /** Drop touches older than this before the conversion (ms, or a duration such as `"30d"`). */
  readonly lookback?: number | string;
  /** Keep only the last N touches of each path. */
  readonly maxTouches?: number;
}

/** Largest Markov order the generated SQL supports (one LEAD column per step of a state). */
export const SQL_MAX_ORDER = 16;

/** Options resolved to quoted SQL pieces. */
export interface ResolvedJourneySql {
  readonly d: SqlDialect;
  readonly table: string;
  readonly journey: string;
  readonly timestamp: string | null;
  readonly timestampFormat: SqlTimestampFormat;
  readonly channel: string;
  readonly conversions: string | null;
  readonly value: string | null;
  readonly sequence: string | null;
  readonly lookbackMs: number | null;
  readonly maxTouches: number | null;
  /** Extra `expression AS name` items carried from the table into `pc_source` (engines use them to locate rows). */
  readonly carry: readonly string[];
}

const FORMATS: readonly SqlTimestampFormat[] = ['timestamp', 'text', 'epoch-ms', 'epoch-s', 'epoch-us', 'epoch-ns', 'epoch-auto'];

/**
 * Validates the options once and quotes every name for the dialect, so the
 * templates only ever splice quoted identifiers and numbers.
 *
 * @throws PathCreditError for an unknown dialect, a name that cannot be
 *   quoted, a lookback or maxTouches that is not valid, a lookback without a
 *   timestamp, or neither a timestamp nor a sequence column.
 */
export function resolveJourneySql(options: JourneySqlOptions): ResolvedJourneySql {
  const d = typeof options.dialect === 'object' && options.dialect !== null ? options.dialect : sqlDialect(options.dialect ?? 'duckdb');
  const name = (value: string | null | undefined, fallback: string | null, what: string): string | null => {
    const n = value === undefined ? fallback : value;
    return n === null ? null : quoteIdentifier(d, n, what);
  };
  const format = options.timestampFormat ?? 'timestamp';
  if (!FORMATS.includes(format)) throw new PathCreditError(`timestampFormat must be one of ${FORMATS.join(', ')}`, { column: 'timestampFormat', value: format });
  const lookbackMs = options.lookback === undefined ? null : parseDuration(options.lookback, 'lookback');
  const maxTouches = options.maxTouches ?? null;
  if (maxTouches !== null && !(Number.isInteger(maxTouches) && maxTouches >= 1)) {
    throw new PathCreditError('maxTouches must be an integer >= 1', { column: 'maxTouches', value: maxTouches });
  }
  const timestamp = name(options.timestampColumn, TOUCHPOINT_DEFAULTS.timestampColumn, 'timestampColumn');
  const sequence = name(options.sequenceColumn, null, 'sequenceColumn');
  if (timestamp === null && sequence === null) {
    throw new PathCreditError('SQL tables have no input order: name a timestamp column or a sequence column to order each journey');
  }
  if (lookbackMs !== null && timestamp === null) throw new PathCreditError('a lookback needs a timestamp column', { column: 'lookback', value: options.lookback });
  if (options.table === undefined) throw new PathCreditError('table must be a non-empty name', { column: 'table', value: options.table });
  return {
    d,
    table: quoteTableName(d, options.table),
    journey: name(options.journeyColumn, TOUCHPOINT_DEFAULTS.journeyColumn, 'journeyColumn')!,
    timestamp,
    timestampFormat: format,
    channel: name(options.channelColumn, TOUCHPOINT_DEFAULTS.channelColumn, 'channelColumn')!,
    conversions: name(options.conversionsColumn, TOUCHPOINT_DEFAULTS.conversionsColumn, 'conversionsColumn'),
    value: name(options.valueColumn, TOUCHPOINT_DEFAULTS.valueColumn, 'valueColumn'),
    sequence,
    lookbackMs,
    maxTouches,
    carry: [],
  };
}

/** Quotes an output column alias (output names such as `nulls` and `count` are keywords in some dialects). */
export function alias(r: ResolvedJourneySql, name: string): string {
  return quoteIdentifier(r.d, name, 'alias');
}

/** The separator of path strings as a literal every dialect reads the same way. */
export function separatorLiteral(separator: string): string {
  if (separator.length === 0) throw new PathCreditError('separator must not be empty', { column: 'separator', value: separator });
  return portableStringLiteral(separator, 'separator');
}
