import { type Data, Type, type Vector } from 'apache-arrow';
import type { Utf8Interner } from '../../core/utf8-interner.js';
import { PathCreditError } from '../../errors.js';
import { isNullAt, isUtf8, offsetsOf, typeName } from './arrow-data.js';

/**
 * Encodes a string column (Utf8, LargeUtf8 or Dictionary<Utf8>) to ids of the
 * interner's dictionary, -1 for nulls. Dictionary columns intern each
 * dictionary entry once per chunk and remap keys, so dictionaries that differ
 * between record batches land on the same global ids.
 */
export function internStrings(vector: Vector, interner: Utf8Interner, column: string, file?: string): Int32Array {
  const out = new Int32Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    internChunk(data, interner, out, at, column, file);
    at += data.length;
  }
  return out;
}

/** Encodes one chunk of strings (also a list's child data) into `out` at `at`. */
export function internChunk(data: Data, interner: Utf8Interner, out: Int32Array, at: number, column: string, file?: string): void {
  const n = data.length;
  if (isUtf8(data)) {
    const offsets = offsetsOf(data);
    const bytes = data.values as Uint8Array;
    for (let i = 0; i < n; i++) out[at + i] = interner.intern(bytes, offsets[i], offsets[i + 1]);
  } else if (data.typeId === Type.Dictionary) {
    const remap = dictionaryRemap(data, interner, column, file);
    const keys = data.values as unknown as Int32Array | BigInt64Array | BigUint64Array;
    if (keys instanceof BigInt64Array || keys instanceof BigUint64Array) for (let i = 0; i < n; i++) out[at + i] = remap[Number(keys[i])];
    else {
      // Native conversion of whatever key width into Int32, then a monomorphic remap loop.
      out.set(keys.subarray(0, n), at);
      for (let i = at; i < at + n; i++) out[i] = remap[out[i]];
    }
  } else {
    throw new PathCreditError(`column must hold strings (Utf8 or Dictionary<Utf8>), got Arrow type ${typeName(data)}`, { file, column });
  }
  if (data.nullCount > 0) for (let i = 0; i < n; i++) if (isNullAt(data, i)) out[at + i] = -1;
}

/** Global ids of a dictionary chunk's entries (the per-batch remap array). */
export function dictionaryRemap(data: Data, interner: Utf8Interner, column: string, file?: string): Int32Array {
  const dict = data.dictionary;
  if (!dict || !dict.data.every(isUtf8)) throw new PathCreditError(`dictionary column must have Utf8 values, got ${typeName(data)}`, { file, column });
  const remap = new Int32Array(dict.length);
  let k = 0;
  for (const chunk of dict.data) {
    const offsets = offsetsOf(chunk);
    const bytes = chunk.values as Uint8Array;
    for (let i = 0; i < chunk.length; i++) remap[k + i] = interner.intern(bytes, offsets[i], offsets[i + 1]);
    k += chunk.length;
  }
  return remap;
}
