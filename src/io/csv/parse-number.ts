import { decodeBytes } from './scanner.js';

// Exact powers of ten: a double holds 10^k exactly for k <= 22.
const POW10 = new Float64Array(23);
for (let k = 0, p = 1; k < 23; k++, p *= 10) POW10[k] = p;

/**
 * Reads a plain decimal (`-?\d*\.?\d*`, at most 15 significant digits; the
 * decimal mark is `mark`, a point or a comma) from
 * UTF-8 bytes, or returns NaN when the text is anything else so that the caller
 * falls back to `Number()`. With at most 15 digits the mantissa and 10^k are
 * exact doubles, so one division is correctly rounded: the result is the
 * same double `Number()` gives (the classic fast path of decimal conversion).
 */
export function fastDecimal(bytes: Uint8Array, start: number, end: number, mark = DOT): number {
  let i = start;
  let neg = false;
  if (i < end && bytes[i] === 45) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const c = bytes[i] - 48;
    if (c >= 0 && c <= 9) {
      m = m * 10 + c;
      digits++;
      if (sawDot) scale++;
    } else if (c === mark - 48 && !sawDot) sawDot = true;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = scale === 0 ? m : m / POW10[scale];
  return neg ? -v : v;
}

/**
 * Parses a number cell from bytes: the fast path for plain decimals, else
 * `Number()` of the trimmed text (exponents, `+1`, surrounding spaces...).
 * An empty cell gives `missing`; a blank one, or text that is not a number,
 * gives NaN (as `fromPathRows` reads strings).
 *
 * @example parseNumberBytes(new TextEncoder().encode('2.5e3'), 0, 5, NaN) // 2500
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number, missing: number, dot = DOT): number {
  if (start === end) return missing;
  const v = fastDecimal(bytes, start, end, dot);
  if (v === v) return v;
  return parseNumberText(decodeBytes(bytes, start, end), dot);
}

/**
 * `Number()` of the trimmed text (NaN for a blank one), with `dot` as the
 * decimal mark: with a decimal comma, a point is neither a decimal mark nor,
 * silently, a thousands separator: such a cell is NaN (an error naming it).
 */
export function parseNumberText(raw: string, dot = DOT): number {
  const text = raw.trim();
  if (text === '') return NaN;
  if (dot === COMMA) return text.includes('.') ? NaN : Number(text.replace(',', '.'));
  return Number(text);
}

/** The decimal point byte, and the decimal comma. */
export const DOT = 46;
export const COMMA = 44;

/** Exact power of ten 10^k for 0 <= k <= 22. */
export function pow10(k: number): number {
  return POW10[k];
}

/** Where {@link scanDecimal} stopped. */
let decimalStop = 0;

/**
 * The readers' fused fast path for a number field: reads an unsigned plain
 * decimal (`\d*\.?\d*`, at most 15 digits) from `b[s]` up to the first byte
 * whose `stops` entry is set (a delimiter or line end), exactly as
 * {@link fastDecimal} would. Returns the number, -1 for an empty field, or
 * NaN for anything else (the caller then leaves the row to the general path,
 * which words any error). The end offset is then {@link decimalEnd}.
 */
export function scanDecimal(b: Uint8Array, s: number, stops: Uint8Array, mark = DOT): number {
  let p = s;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (;;) {
    const x = b[p];
    const d = x - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (dot) scale++;
    } else if (stops[x] !== 0) break;
    else if (x === mark && !dot) dot = true;
    else return NaN;
    p++;
  }
  decimalStop = p;
  if (digits === 0) return p === s ? -1 : NaN;
  if (digits > 15) return NaN;
  return scale === 0 ? m : m / POW10[scale];
}

/** The offset after the field the last {@link scanDecimal} read. */
export function decimalEnd(): number {
  return decimalStop;
}
