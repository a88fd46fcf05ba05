const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses an ISO-8601 date or date-time string to epoch milliseconds. A value
 * without a zone designator is read as UTC (never the machine's local zone,
 * so results do not depend on where they are computed). Returns NaN when the
 * string is not ISO-8601 or names an impossible date.
 *
 * @example parseIsoTimestamp('2024-03-01T12:00:00Z') // 1709294400000
 */
export function parseIsoTimestamp(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = frac === '' ? 0 : Number(`0.${frac}`) * 1000;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let t = date.getTime() + ms;
  // The date rolls 2024-02-31 over to March: reject instead.
  const check = new Date(t - ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || '0');
    // Offsets run from -12:00 to +14:00 in practice; anything past 23:59 is not a zone.
    if (hours > 23 || minutes > 59) return NaN;
    t -= sign * (hours * 60 + minutes) * 60_000;
  }
  return t;
}

/**
 * Converts one timestamp value from a JS input to epoch ms: a finite number
 * is already epoch ms, a Date gives its time, a string is ISO-8601, a bigint is
 * epoch ms. Anything else, or an unparseable value, gives NaN.
 */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string') return parseIsoTimestamp(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  return NaN;
}
