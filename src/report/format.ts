import { format } from 'd3-format';

// One place for number formats, so a figure reads the same in a chart label,
// a tooltip and a table cell. d3-format is locale-free (en-US style), which
// keeps the output byte-identical on every machine.

const integer = format(',.0f');
const twoDecimals = format(',.2f');
const compactSi = format('.3~s');
const percent = format('.1%');
const smallPercent = format('.2~%');

/**
 * Counts and weights: integers with thousands separators, non-integers with
 * two decimals (conversions may be fractional weights).
 *
 * @example
 * ```ts
 * formatCount(1234); // '1,234'
 * formatCount(2.5);  // '2.50'
 * ```
 */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? integer(x) : twoDecimals(x);
}

/**
 * Credits and money in tables: two decimals with thousands separators.
 *
 * @example
 * ```ts
 * formatCredit(6.4612); // '6.46'
 * ```
 */
export function formatCredit(x: number): string {
  return Number.isFinite(x) ? twoDecimals(x) : String(x);
}

/**
 * Chart labels, where space is short: two decimals below 10,000, then three
 * significant digits with an SI suffix (`12.3k`, `4.56M`).
 *
 * @example
 * ```ts
 * formatCompact(6.4612);    // '6.46'
 * formatCompact(1_234_567); // '1.23M'
 * ```
 */
export function formatCompact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e4 ? twoDecimals(x) : compactSi(x);
}

/**
 * Shares and probabilities: one decimal of a percent, and up to two for shares
 * under 1% that are not zero (so a small share does not read as 0.0%).
 *
 * @example
 * ```ts
 * formatPercent(0.4348); // '43.5%'
 * formatPercent(0.0004); // '0.04%'
 * ```
 */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x !== 0 && Math.abs(x) < 0.01 ? smallPercent(x) : percent(x);
}

/**
 * A coordinate for SVG output: rounded to 1/100 of a pixel, so the markup is
 * short and the same on every platform.
 *
 * @example
 * ```ts
 * px(12.345678); // '12.35'
 * ```
 */
export function px(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * d3-format specifier for an axis of counts or money whose largest absolute
 * value is `max`: plain numbers with separators up to 100,000, SI suffixes above.
 *
 * @example
 * ```ts
 * amountTickFormat(1000);  // ',~f' (ticks read 0, 200, ..., 1,000)
 * amountTickFormat(3e6);   // '.2~s' (ticks read 0, 1M, 2M, 3M)
 * ```
 */
export function amountTickFormat(max: number): string {
  return Math.abs(max) < 1e5 ? ',~f' : '.2~s';
}

/**
 * A count with its noun, singular for exactly 1.
 *
 * @example
 * ```ts
 * counted(1, 'row');     // '1 row'
 * counted(1200, 'row');  // '1,200 rows'
 * ```
 */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}
