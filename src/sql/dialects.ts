import { PathCreditError } from '../errors.js';

/** The SQL dialects pathcredit writes. */
export const SQL_DIALECTS = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'redshift', 'spark'] as const;

/** One of {@link SQL_DIALECTS}. */
export type SqlDialectName = (typeof SQL_DIALECTS)[number];

/**
 * Everything that differs between dialects, in one place: the queries are
 * written once over these spellings, so most of every statement is shared
 * with the dialects that the tests run (DuckDB and PostgreSQL).
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** Opening and closing quote of an identifier. The closing quote is doubled inside a name. */
  readonly quote: readonly [open: string, close: string];
  /** Characters a name must not contain, because the dialect cannot quote them. */
  readonly unquotable: RegExp;
  /** Longest identifier in bytes (longer names are truncated or refused by the engine). */
  readonly maxIdentifierBytes: number;
  /** Type names used in casts. */
  readonly types: { readonly double: string; readonly bigint: string; readonly text: string };
  /** A string expression sorted by its UTF-8 bytes (the tie rule's channel order). */
  readonly binary: (expr: string) => string;
  /** Epoch milliseconds (a double) of a native TIMESTAMP / TIMESTAMPTZ / DATE expression. */
  readonly epochMs: (expr: string) => string;
  /** A text column read as a timestamp (ISO-8601), NULL when it cannot be read, where the dialect allows. */
  readonly textToTimestamp: (expr: string) => string;
  /** The single backslash character as an expression (string literals treat backslashes differently). */
  readonly backslash: string;
  /** Ordered concatenation of `value` over a group, ordered by the integer `position`, joined by the literal `separator`. */
  readonly orderedJoin: (value: string, position: string, separator: string) => string;
  /** Keyword after `name AS` that computes a CTE once when it is read twice (empty where not supported). */
  readonly materialized: string;
}

const ANSI_QUOTE = ['"', '"'] as const;

/**
 * The table of dialect differences. DuckDB and PostgreSQL run in the test
 * suite; the others are kept to the constructs their documentation gives,
 * with golden files of the generated SQL (see docs/engines.md).
 */
export const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = Object.freeze({
  duckdb: {
    name: 'duckdb',
    quote: ANSI_QUOTE,
    unquotable: /[\u0000]/,
    maxIdentifierBytes: 1024,
    types: { double: 'DOUBLE', bigint: 'BIGINT', text: 'VARCHAR' },
    // Without a collation DuckDB compares strings by their bytes.
    binary: (e) => e,
    epochMs: (e) => `CAST(epoch_us(${e}) AS DOUBLE) / 1000`,
    textToTimestamp: (e) => `TRY_CAST(${e} AS TIMESTAMPTZ)`,
    backslash: 'chr(92)',
    orderedJoin: (v, p, s) => `string_agg(${v}, ${s} ORDER BY ${p})`,
    materialized: 'MATERIALIZED',
  },
  postgres: {
    name: 'postgres',
    quote: ANSI_QUOTE,
    unquotable: /[\u0000]/,
    maxIdentifierBytes: 63,
    types: { double: 'DOUBLE PRECISION', bigint: 'BIGINT', text: 'TEXT' },
    // The "C" collation compares bytes whatever the database's default collation.
    binary: (e) => `(${e} COLLATE "C")`,
    epochMs: (e) => `CAST(EXTRACT(EPOCH FROM ${e}) * 1000 AS DOUBLE PRECISION)`,
    textToTimestamp: (e) => `CAST(${e} AS TIMESTAMPTZ)`,
    backslash: 'chr(92)',
    orderedJoin: (v, p, s) => `string_agg(${v}, ${s} ORDER BY ${p})`,
    materialized: 'MATERIALIZED',
  },
  bigquery: {
    name: 'bigquery',
    quote: ['`', '`'],
    // BigQuery has no escape for a backtick inside a quoted name.
    unquotable: /[\u0000`\\]/,
    maxIdentifierBytes: 1024,
    types: { double: 'FLOAT64', bigint: 'INT64', text: 'STRING' },
    // BigQuery compares strings by code points unless a column declares a collation.
    binary: (e) => e,
    epochMs: (e) => `UNIX_MICROS(${e}) / 1000`,
    textToTimestamp: (e) => `SAFE_CAST(${e} AS TIMESTAMP)`,
    backslash: 'CODE_POINTS_TO_STRING([92])',
    orderedJoin: (v, p, s) => `STRING_AGG(${v}, ${s} ORDER BY ${p})`,
    materialized: '',
  },
  snowflake: {
    name: 'snowflake',
    quote: ANSI_QUOTE,
    unquotable: /[\u0000]/,
    maxIdentifierBytes: 255,
    types: { double: 'DOUBLE', bigint: 'BIGINT', text: 'VARCHAR' },
    // 'utf8' compares the UTF-8 bytes, whatever the column's default collation.
    binary: (e) => `COLLATE(${e}, 'utf8')`,
    epochMs: (e) => `DATE_PART(epoch_microsecond, ${e}) / 1000`,
    textToTimestamp: (e) => `TRY_TO_TIMESTAMP_TZ(${e})`,
    backslash: 'CHR(92)',
    orderedJoin: (v, p, s) => `LISTAGG(${v}, ${s}) WITHIN GROUP (ORDER BY ${p})`,
    materialized: '',
  },
  redshift: {
    name: 'redshift',
    quote: ANSI_QUOTE,
    unquotable: /[\u0000]/,
    maxIdentifierBytes: 127,
    types: { double: 'DOUBLE PRECISION', bigint: 'BIGINT', text: 'VARCHAR' },
    // Redshift compares VARCHAR by bytes unless a column is declared case-insensitive.
    binary: (e) => e,
    epochMs: (e) => `DATEDIFF(microsecond, TIMESTAMP '1970-01-01 00:00:00', ${e}) / 1000.0`,
    textToTimestamp: (e) => `CAST(${e} AS TIMESTAMPTZ)`,
    backslash: 'CHR(92)',
    // LISTAGG results are capped at 64 KB in Redshift.
    orderedJoin: (v, p, s) => `LISTAGG(${v}, ${s}) WITHIN GROUP (ORDER BY ${p})`,
    materialized: '',
  },
  spark: {
    name: 'spark',
    quote: ['`', '`'],
    unquotable: /[\u0000]/,
    maxIdentifierBytes: 1024,
    types: { double: 'DOUBLE', bigint: 'BIGINT', text: 'STRING' },
    // Spark compares strings by their UTF-8 bytes (UTF8_BINARY).
    binary: (e) => e,
    epochMs: (e) => `unix_micros(${e}) / 1000`,
    textToTimestamp: (e) => `CAST(${e} AS TIMESTAMP)`,
    backslash: 'chr(92)',
    // No ordered string aggregate: collect (position, value) pairs, sort them, keep the values.
    orderedJoin: (v, p, s) => `array_join(transform(array_sort(collect_list(named_struct('p', ${p}, 'v', ${v}))), x -> x.v), ${s})`,
    materialized: '',
  },
});

/**
 * Looks a dialect up by name.
 * @throws PathCreditError naming the known dialects for an unknown one.
 */
export function sqlDialect(name: string): SqlDialect {
  if (!(SQL_DIALECTS as readonly string[]).includes(name)) {
    throw new PathCreditError(`unknown SQL dialect (known: ${SQL_DIALECTS.join(', ')})`, { column: 'dialect', value: name });
  }
  return DIALECTS[name as SqlDialectName];
}
