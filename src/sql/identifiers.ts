import { PathCreditError } from '../errors.js';
import type { SqlDialect } from './dialects.js';

const CONTROL = /[\u0000-\u001f\u007f]/;
const utf8 = new TextEncoder();

/**
 * Quotes a column or table name for the dialect, after checking that it can
 * be quoted safely: never empty, no control characters, none of the
 * characters the dialect cannot quote, and no longer than the dialect keeps
 * (PostgreSQL silently truncates names past 63 bytes). The closing quote is
 * doubled inside the name, so any other character is literal.
 *
 * @param what - how the name is known to the user (e.g. `--channel-column`), for the error.
 * @throws PathCreditError naming the option and the value.
 * @example
 * ```ts
 * quoteIdentifier(DIALECTS.postgres, 'user "id"', 'journeyColumn'); // "user ""id"""
 * ```
 */
export function quoteIdentifier(dialect: SqlDialect, name: string, what: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new PathCreditError(`${what} must be a non-empty name`, { column: what, value: name });
  if (CONTROL.test(name)) throw new PathCreditError(`${what} must not contain control characters`, { column: what, value: name });
  if (dialect.unquotable.test(name)) {
    throw new PathCreditError(`${what} contains a character that ${dialect.name} cannot quote in a name`, { column: what, value: name });
  }
  if (utf8.encode(name).length > dialect.maxIdentifierBytes) {
    throw new PathCreditError(`${what} is longer than the ${dialect.maxIdentifierBytes} bytes ${dialect.name} keeps of a name`, { column: what, value: name });
  }
  const [open, close] = dialect.quote;
  return `${open}${name.split(close).join(close + close)}${close}`;
}

/**
 * Quotes a possibly qualified table name (`schema.table`,
 * `project.dataset.table`): each dot-separated part is validated and quoted
 * on its own. Pass an array to name parts that contain dots.
 *
 * @throws PathCreditError for an empty part or one that cannot be quoted.
 */
export function quoteTableName(dialect: SqlDialect, table: string | readonly string[], what = 'table'): string {
  const parts = typeof table === 'string' ? table.split('.') : table;
  if (parts.length === 0) throw new PathCreditError(`${what} must be a non-empty name`, { column: what, value: table });
  return parts.map((p) => quoteIdentifier(dialect, p, what)).join('.');
}

/**
 * A string literal every dialect reads the same way: plain text in single
 * quotes. Quotes, backslashes and control characters are refused: BigQuery,
 * Snowflake and Spark read backslash escapes inside literals and the others do
 * not; BigQuery does not accept a doubled quote, and Spark reads `'it''s'` as
 * two adjacent literals, `its`.
 *
 * @throws PathCreditError naming the option.
 */
export function portableStringLiteral(text: string, what: string): string {
  if (text.includes('\\') || text.includes("'") || CONTROL.test(text)) {
    throw new PathCreditError(`${what} must not contain quotes, backslashes or control characters in SQL`, { column: what, value: text });
  }
  return `'${text}'`;
}
