import { type Data, type Table, type Vector, Type } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';

/**
 * Low-level access to Arrow buffers. Hot loops read the typed arrays behind
 * a column (values, offsets, dictionary keys) directly; `Vector.get(i)` is
 * 10 to 250 times slower and is never used on the data path.
 */

/** True when element `i` of `data` is null (validity bitmaps are not sliced: add `data.offset`). */
export function isNullAt(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return false;
  const bit = data.offset + i;
  return (bitmap[bit >> 3] & (1 << (bit & 7))) === 0;
}

/** Returns the named column, or throws naming it and listing the table's columns. */
export function requireColumn(table: Table, name: string, file?: string): Vector {
  const column = findColumn(table, name);
  if (!column) {
    const names = table.schema.fields.map((f) => f.name).join(', ');
    throw new PathCreditError(`missing column (the table has: ${names})`, { file, column: name });
  }
  return column;
}

/** Returns the named column or null. */
export function findColumn(table: Table, name: string): Vector | null {
  return table.schema.fields.some((f) => f.name === name) ? table.getChild(name) : null;
}

/** Reads a 64-bit integer buffer as doubles via its 32-bit halves (much faster than `Number(bigint)`). */
export function int64ToFloat64(values: BigInt64Array | BigUint64Array, signed: boolean, out: Float64Array, outAt: number, length: number): void {
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < length; i++) {
    const lo = halves[2 * i] >>> 0;
    const hi = halves[2 * i + 1];
    out[outAt + i] = (signed ? hi : hi >>> 0) * 4294967296 + lo;
  }
}

/** Converts IEEE half-precision bits to a double. */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The name of an Arrow type for error messages. */
export function typeName(data: Data): string {
  return String(data.type);
}

/** Offsets of a variable-width buffer (Utf8 or List) as numbers, whatever their width. */
export function offsetsOf(data: Data): Int32Array | Float64Array {
  const offsets = data.valueOffsets as unknown as Int32Array | BigInt64Array;
  if (offsets instanceof Int32Array) return offsets;
  const out = new Float64Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = Number(offsets[i]);
  return out;
}

/** True for the string types pathcredit reads (Utf8 and LargeUtf8). */
export function isUtf8(data: Data): boolean {
  return data.typeId === Type.Utf8 || data.typeId === Type.LargeUtf8;
}

/** Reads a numeric or boolean parameter of an Arrow type (bitWidth, isSigned, precision, unit). */
export function typeParam<T = number>(data: Data, name: 'bitWidth' | 'isSigned' | 'precision' | 'unit'): T {
  return (data.type as unknown as Record<string, T>)[name];
}
