import { type Data, Type, type Vector } from 'apache-arrow';
import { PathCreditError } from '../../errors.js';
import { float16ToNumber, int64ToFloat64, isNullAt, typeName, typeParam } from './arrow-data.js';

/**
 * Copies a numeric Arrow column (any Int or Float width, signed or not) to a
 * Float64Array; nulls become NaN so validation names them.
 *
 * @throws PathCreditError for a non-numeric column.
 */
export function readNumbers(vector: Vector, column: string, file?: string): Float64Array {
  // One Float64 chunk without nulls is already what we need: a read-only view, no copy
  // (at tens of millions of rows, fresh memory costs more than the copy itself).
  const only = vector.data.length === 1 ? vector.data[0] : null;
  if (only && only.typeId === Type.Float && typeParam<number>(only, 'precision') === 2 && only.nullCount === 0) {
    return (only.values as Float64Array).subarray(0, only.length);
  }
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    copyNumbers(data, out, at, column, file);
    at += data.length;
  }
  return out;
}

/** Copies one chunk of numbers (also used for list children) into `out` at `at`. */
export function copyNumbers(data: Data, out: Float64Array, at: number, column: string, file?: string): void {
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
    default:
      throw new PathCreditError(`column must be numeric, got Arrow type ${typeName(data)}`, { file, column });
  }
  if (data.nullCount > 0) for (let i = 0; i < n; i++) if (isNullAt(data, i)) out[at + i] = NaN;
}
