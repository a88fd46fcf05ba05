import { parseIsoTimestamp } from '../../core/timestamp.js';
import { fastDecimal, pow10 } from './parse-number.js';
import { decodeBytes } from './scanner.js';
import type { TimestampFormat } from './options.js';

const MS_PER_DAY = 86_400_000;

/** Two ASCII digits as a number, or -1. */
function d2(b: Uint8Array, i: number): number {
  const x = b[i] - 48;
  const y = b[i + 1] - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Validated dates by (year, month, day) key; 4096 slots cover about 11 years of days without collisions.
const DATE_CACHE_MASK = 4095;
const dateKeys = new Int32Array(DATE_CACHE_MASK + 1).fill(-1);
const dateDays = new Int32Array(DATE_CACHE_MASK + 1);

/** Where {@link isoPrefix} stopped: the offset after the timestamp it read. */
let isoEnd = 0;

/**
 * The fast path for the common shapes `YYYY-MM-DD[T ]HH:MM:SS(.f{1,9})?(Z|±HH(:?MM)?)?`
 * with in-range fields and a year >= 100, read from `s` up to at most `limit`.
 * Returns NaN when the bytes do not start with such a timestamp, else the
 * time, with the end offset in `isoEnd` (the caller checks that the field
 * ends there). Anything else goes to the slow path, parseIsoTimestamp. The
 * arithmetic repeats parseIsoTimestamp's operations in the same order
 * (`Date.UTC(...) + ms`, then the zone), so both give the same double.
 */
function isoPrefix(b: Uint8Array, s: number, limit: number): number {
  if (limit - s < 19) return NaN;
  const yh = d2(b, s);
  const yl = d2(b, s + 2);
  if (yh < 0 || yl < 0 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58 || b[s + 16] !== 58) return NaN;
  const sep = b[s + 10];
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN;
  const year = yh * 100 + yl;
  const month = d2(b, s + 5);
  const day = d2(b, s + 8);
  const h = d2(b, s + 11);
  const mi = d2(b, s + 14);
  const sec = d2(b, s + 17);
  // Out-of-range fields (and two-digit years, which Date.UTC maps to 19xx) go to the slow path.
  if (year < 100 || month < 1 || month > 12 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  // Dates repeat across rows: a small cache of validated dates skips the
  // divisions and modulos of the calendar arithmetic (most of this function's cost).
  const key = (year << 9) | (month << 5) | day;
  const slot = key & DATE_CACHE_MASK;
  let days: number;
  if (dateKeys[slot] === key) days = dateDays[slot];
  else {
    if (day > daysInMonth(year, month)) return NaN;
    days = daysFromCivil(year, month, day);
    dateKeys[slot] = key;
    dateDays[slot] = days;
  }
  let p = s + 19;
  let ms = 0;
  if (p < limit && b[p] === 46) {
    p++;
    let f = 0;
    let len = 0;
    while (p < limit) {
      const c = b[p] - 48;
      if (c < 0 || c > 9) break;
      f = f * 10 + c;
      len++;
      p++;
    }
    if (len === 0 || len > 9) return NaN;
    // Number(`0.${frac}`) is f / 10^len correctly rounded, and so is this division.
    ms = (f / pow10(len)) * 1000;
  }
  let t = days * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  isoEnd = p;
  if (p >= limit) return t;
  const z = b[p];
  if (z === 90 || z === 122) {
    isoEnd = p + 1;
    return t;
  }
  if (z !== 43 && z !== 45) return t;
  // A zone offset: ±HH, ±HHMM or ±HH:MM.
  if (p + 3 > limit) return NaN;
  const oh = d2(b, p + 1);
  if (oh < 0 || oh > 23) return NaN;
  let om = 0;
  let q = p + 3;
  if (q < limit && (b[q] === 58 || (b[q] >= 48 && b[q] <= 57))) {
    const at = b[q] === 58 ? q + 1 : q;
    if (at + 2 > limit) return NaN;
    om = d2(b, at);
    if (om < 0 || om > 59) return NaN;
    q = at + 2;
  }
  const sign = z === 45 ? -1 : 1;
  const offset = oh * 60 + om;
  t -= sign * offset * 60_000;
  isoEnd = q;
  return t;
}

/** The digit value of each byte, or 0x100 for a non-digit (ORed together, one test checks them all). */
const DIGIT = new Uint16Array(256).fill(0x100);
for (let d = 0; d < 10; d++) DIGIT[48 + d] = d;

/** What {@link isoDays} returns for anything but a valid date (a small integer, like the days). */
export const NO_DATE = -0x3fffffff;

/**
 * The date half of the touchpoint reader's fastest timestamp path: days
 * since 1970-01-01 for exactly `YYYY-MM-DD` followed by `T`, `t` or a space
 * at `s` (the caller checks that 11 bytes are readable), read at fixed
 * offsets without looking for the field's end; {@link NO_DATE} for anything
 * else, including out-of-range fields and years < 100, exactly where
 * {@link isoPrefix} refuses. Small-integer results (not doubles) keep the
 * call free of number boxing when it is not inlined.
 */
export function isoDays(b: Uint8Array, s: number): number {
  const sep = b[s + 10];
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || (sep !== 84 && sep !== 116 && sep !== 32)) return NO_DATE;
  const y0 = DIGIT[b[s]];
  const y1 = DIGIT[b[s + 1]];
  const y2 = DIGIT[b[s + 2]];
  const y3 = DIGIT[b[s + 3]];
  const m0 = DIGIT[b[s + 5]];
  const m1 = DIGIT[b[s + 6]];
  const d0 = DIGIT[b[s + 8]];
  const d1 = DIGIT[b[s + 9]];
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0x100) return NO_DATE;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < 100 || month < 1 || month > 12 || day < 1) return NO_DATE;
  const key = (year << 9) | (month << 5) | day;
  const slot = key & DATE_CACHE_MASK;
  if (dateKeys[slot] === key) return dateDays[slot];
  if (day > daysInMonth(year, month)) return NO_DATE;
  const days = daysFromCivil(year, month, day);
  dateKeys[slot] = key;
  dateDays[slot] = days;
  return days;
}

/**
 * The time half: seconds since midnight for exactly `HH:MM:SS` at `s + 11`
 * (after an {@link isoDays} date), or -1. With whole seconds every term of
 * `days * 86400000 + seconds * 1000` is an integer below 2^53, so the sum is
 * the same double isoPrefix and parseIsoTimestamp give.
 */
export function isoClock(b: Uint8Array, s: number): number {
  if (b[s + 13] !== 58 || b[s + 16] !== 58) return -1;
  const h0 = DIGIT[b[s + 11]];
  const h1 = DIGIT[b[s + 12]];
  const i0 = DIGIT[b[s + 14]];
  const i1 = DIGIT[b[s + 15]];
  const s0 = DIGIT[b[s + 17]];
  const s1 = DIGIT[b[s + 18]];
  if ((h0 | h1 | i0 | i1 | s0 | s1) >= 0x100) return -1;
  const h = h0 * 10 + h1;
  const mi = i0 * 10 + i1;
  const sec = s0 * 10 + s1;
  if (h > 23 || mi > 59 || sec > 59) return -1;
  return h * 3600 + mi * 60 + sec;
}

/** {@link isoPrefix} over exactly `[s, e)`, or NaN. */
function fastIso(b: Uint8Array, s: number, e: number): number {
  const t = isoPrefix(b, s, e);
  return t === t && isoEnd === e ? t : NaN;
}

/**
 * Reads a timestamp that starts at `s` and must end at a byte that
 * `stops` marks (or at `limit`): the touchpoint reader's fused path, which
 * parses the field without scanning it first. Returns NaN when the field is
 * not in a fast shape; else the time, with the field's end in {@link fieldEnd}.
 */
export function isoField(b: Uint8Array, s: number, limit: number, stops: Uint8Array): number {
  const t = isoPrefix(b, s, limit);
  if (t !== t) return NaN;
  const e = isoEnd;
  if (e < limit && stops[b[e]] === 0) return NaN;
  return t;
}

/** The end offset of the field {@link isoField} read last. */
export function fieldEnd(): number {
  return isoEnd;
}

/**
 * Parses an ISO-8601 timestamp held in UTF-8 bytes to epoch milliseconds
 * without decoding a string for the common shapes; anything else is decoded
 * and given to {@link parseIsoTimestamp}. Always returns exactly what
 * `parseIsoTimestamp` returns for the decoded text (NaN when unparseable).
 *
 * @example
 * ```ts
 * const b = new TextEncoder().encode('2024-03-01T12:00:00Z');
 * parseIsoTimestampBytes(b, 0, b.length); // 1709294400000
 * ```
 */
export function parseIsoTimestampBytes(bytes: Uint8Array, start: number, end: number): number {
  const t = fastIso(bytes, start, end);
  // The fast path never yields NaN for a value it accepts (years < 10000).
  return t === t ? t : parseIsoTimestamp(decodeBytes(bytes, start, end));
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Returns a parser for timestamp cells in the given format: epoch ms out, NaN
 * for an unparseable cell (the caller reports it). Empty cells are the caller's
 * business. In `auto`, a cell that looks like a decimal number is epoch ms.
 */
export function timestampParser(format: TimestampFormat): (bytes: Uint8Array, start: number, end: number) => number {
  switch (format) {
    case 'iso':
      return parseIsoTimestampBytes;
    case 'epoch-ms':
      return (b, s, e) => epochNumber(b, s, e);
    case 'epoch-s':
      return (b, s, e) => epochNumber(b, s, e) * 1000;
    case 'epoch-us':
      return (b, s, e) => epochNumber(b, s, e) / 1e3;
    case 'epoch-ns':
      return (b, s, e) => epochNumber(b, s, e) / 1e6;
    case 'auto':
      return (b, s, e) => {
        // ISO has '-' at offset 4; a number never does.
        if (e - s >= 10 && b[s + 4] === 45) return parseIsoTimestampBytes(b, s, e);
        const n = epochNumber(b, s, e);
        return n === n ? epochBySize(n) : parseIsoTimestamp(decodeBytes(b, s, e));
      };
  }
}

/**
 * Epoch milliseconds of an epoch number whose unit its size tells (see
 * `TimestampFormat`): below 1e14 milliseconds, below 1e17 microseconds,
 * else nanoseconds.
 */
export function epochBySize(n: number): number {
  const size = Math.abs(n);
  return size < 1e14 ? n : size < 1e17 ? n / 1e3 : n / 1e6;
}

function epochNumber(b: Uint8Array, s: number, e: number): number {
  const v = fastDecimal(b, s, e);
  if (v === v) return v;
  const text = decodeBytes(b, s, e).trim();
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** Parses a timestamp held in a string the way {@link timestampParser} parses bytes. */
export function parseTimestampText(text: string, format: TimestampFormat): number {
  const bytes = Buffer.from(text, 'utf8');
  return timestampParser(format)(bytes, 0, bytes.length);
}
