import { type Data, Type, type Vector } from 'apache-arrow';
import { parseIsoTimestamp } from '../../core/timestamp.js';
import { PathCreditError } from '../../errors.js';
import { int64ToFloat64, isNullAt, isUtf8, offsetsOf, typeName, typeParam } from './arrow-data.js';
import { epochBySize } from '../csv/parse-timestamp.js';
import { copyNumbers } from './read-numbers.js';

const decoder = new TextDecoder();
const MS_PER_UNIT = [1000, 1, 1e-3, 1e-6]; // Arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND

/**
 * Reads a timestamp column to epoch milliseconds: Arrow Timestamp (any unit,
 * any zone: the stored value is UTC), Date (day or millisecond), plain numbers
 * (epoch ms), or ISO-8601 strings (plain or dictionary-encoded; no zone = UTC).
 * Nulls and unparseable strings become NaN: the caller reports them with their row.
 */
export function readTimestamps(vector: Vector, column: string, file?: string, numbersIn: NumericTimeUnit = 'ms'): Float64Array {
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    copyTimestamps(data, out, at, column, file, numbersIn);
    at += data.length;
  }
  return out;
}

/**
 * What a plain number in a timestamp column counts: epoch milliseconds
 * (default), seconds, microseconds, nanoseconds, or `auto`: the unit its
 * size tells (see `TimestampFormat`).
 */
export type NumericTimeUnit = 'ms' | 's' | 'us' | 'ns' | 'auto';

/** The unit plain numbers are read in for a reader's `timestampFormat`. */
export function numericUnit(format: string | undefined): NumericTimeUnit {
  return format === 'epoch-s' ? 's' : format === 'epoch-us' ? 'us' : format === 'epoch-ns' ? 'ns' : format === 'auto' ? 'auto' : 'ms';
}

/** Converts one chunk (also list children) into `out` at `at`. */
export function copyTimestamps(data: Data, out: Float64Array, at: number, column: string, file?: string, numbersIn: NumericTimeUnit = 'ms'): void {
  const n = data.length;
  switch (data.typeId) {
    case Type.Timestamp: {
      int64ToFloat64(data.values as unknown as BigInt64Array, true, out, at, n);
      const scale = MS_PER_UNIT[typeParam<number>(data, 'unit')];
      if (scale !== 1) for (let i = 0; i < n; i++) out[at + i] *= scale;
      break;
    }
    case Type.Date: {
      if (typeParam<number>(data, 'unit') === 0) {
        const days = data.values as Int32Array;
        for (let i = 0; i < n; i++) out[at + i] = days[i] * 86_400_000;
      } else int64ToFloat64(data.values as unknown as BigInt64Array, true, out, at, n);
      break;
    }
    case Type.Int:
    case Type.Float:
      copyNumbers(data, out, at, column, file);
      if (numbersIn === 's') for (let i = 0; i < n; i++) out[at + i] *= 1000;
      else if (numbersIn === 'us') for (let i = 0; i < n; i++) out[at + i] /= 1e3;
      else if (numbersIn === 'ns') for (let i = 0; i < n; i++) out[at + i] /= 1e6;
      else if (numbersIn === 'auto') for (let i = 0; i < n; i++) out[at + i] = epochBySize(out[at + i]);
      break;
    case Type.Utf8:
    case Type.LargeUtf8:
      parseStrings(data, out, at);
      break;
    case Type.Dictionary: {
      const dict = data.dictionary;
      if (!dict || !dict.data.every(isUtf8)) throw new PathCreditError(`timestamps must be Arrow timestamps, dates, numbers or ISO-8601 strings, got ${typeName(data)}`, { file, column });
      const parsed = new Float64Array(dict.length);
      let k = 0;
      for (const chunk of dict.data) {
        parseStrings(chunk, parsed, k);
        k += chunk.length;
      }
      const keys = data.values as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[at + i] = parsed[Number(keys[i])];
      break;
    }
    default:
      throw new PathCreditError(`timestamps must be Arrow timestamps, dates, numbers or ISO-8601 strings, got ${typeName(data)}`, { file, column });
  }
  if (data.nullCount > 0) for (let i = 0; i < n; i++) if (isNullAt(data, i)) out[at + i] = NaN;
}

function parseStrings(data: Data, out: Float64Array, at: number): void {
  const offsets = offsetsOf(data);
  const bytes = data.values as Uint8Array;
  for (let i = 0; i < data.length; i++) {
    out[at + i] = parseIsoTimestamp(decoder.decode(bytes.subarray(offsets[i], offsets[i + 1])));
  }
}
