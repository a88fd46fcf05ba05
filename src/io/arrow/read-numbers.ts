import { type Data, Type, type Vector } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';
import { float16ToNumber, int64ToFloat64, isNullAt, typeName, typeParam } from './arrow-data.js';

/**
 * Copies a numeric Arrow column (any Int or Float width, signed or not) to a
 * Float64Array; nulls become `nullAs` (NaN by default, so validation names them).
 *
 * @throws PathCreditError for a non-numeric column.
 */
export function readNumbers(vector: Vector, column: string, file?: string, nullAs = NaN): Float64Array {
  // One Float64 chunk without nulls is already what we need: a read-only view, no copy
  // (at tens of millions of rows, fresh memory costs more than the copy itself).
  const only = vector.data.length === 1 ? vector.data[0] : null;
  if (only && only.typeId === Type.Float && typeParam<number>(only, 'precision') === 2 && only.nullCount === 0) {
    return (only.values as Float64Array).subarray(0, only.length);
  }
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    copyNumbers(data, out, at, column, file, nullAs);
    at += data.length;
  }
  return out;
}

/** Copies one chunk of numbers (also used for list children) into `out` at `at`. */
export function copyNumbers(data: Data, out: Float64Array, at: number, column: string, file?: string, nullAs = NaN): void {
  const n = data.length;
  const values = data.values as ArrayLike<number> & { buffer: ArrayBuffer };
  switch (data.typeId) {
    case Type.Int: {
      const bitWidth = typeParam<number>(data, 'bitWidth');
      if (bitWidth === 64) int64ToFloat64(data.values as unknown as BigInt64Array, typeParam<boolean>(data, 'isSigned'), out, at, n);
      // TypedArray.set converts element types natively, far faster than a JS loop over mixed array types.
      else out.set((data.values as Int32Array).subarray(0, n), at);
      break;
    }
    case Type.Float:
      if (typeParam<number>(data, 'precision') === 0) for (let i = 0; i < n; i++) out[at + i] = float16ToNumber(values[i]);
      else out.set((data.values as Float64Array).subarray(0, n), at);
      break;
    case Type.Decimal:
      copyDecimals(data, out, at);
      break;
    default:
      throw new PathCreditError(`column must be numeric, got Arrow type ${typeName(data)}`, { file, column });
  }
  if (data.nullCount > 0) for (let i = 0; i < n; i++) if (isNullAt(data, i)) out[at + i] = nullAs;
}

/**
 * Decimals (warehouse money columns: BigQuery NUMERIC, Snowflake NUMBER(38, 2))
 * to doubles. Each value is a little-endian two's-complement integer of 32 to
 * 256 bits over 10^scale; an integer below 2^53 divided by an exact power of
 * ten is the double nearest the decimal, as parsing its text would give.
 */
function copyDecimals(data: Data, out: Float64Array, at: number): void {
  const n = data.length;
  const bitWidth = typeParam<number>(data, 'bitWidth') ?? 128;
  const scale = 10 ** (data.type as unknown as { scale: number }).scale;
  const words = bitWidth / 32;
  const v = data.values as unknown as Uint32Array;
  const u32 = new Uint32Array(v.buffer, v.byteOffset, n * words);
  for (let i = 0; i < n; i++) {
    const base = i * words;
    // Sign from the top word; magnitude summed from the top word down (exact below 2^53).
    const negative = (u32[base + words - 1] & 0x80000000) !== 0;
    let x = 0;
    for (let w = words - 1; w >= 0; w--) x = x * 4294967296 + (negative ? ~u32[base + w] >>> 0 : u32[base + w]);
    // Two's complement: the magnitude of a negative value is ~bits + 1.
    out[at + i] = (negative ? -(x + 1) : x) / scale;
  }
}
