import type { Data, Vector } from 'apache-arrow';
import type { ChannelDictionary } from '../../core/channel-dictionary.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { isNullAt, isUtf8, offsetsOf } from './arrow-data.js';
import { internChunk } from './intern-strings.js';

/**
 * Names by id, appended as the interner meets new byte strings. Journey ids
 * are looked up by their bytes only, so unlike channel names they need no
 * name-to-id Map (which, at millions of ids, cost more than everything else).
 */
class AppendOnlyNames {
  readonly names: string[] = [];
  idOf(name: string): number {
    return this.names.push(name) - 1;
  }
}

/**
 * Dense journey indexes (first-appearance order, -1 for null) for a string
 * journey-id column, and the ids. Rows of one journey usually come together:
 * a row whose bytes equal the previous row's reuses its index without hashing.
 */
export function internJourneyIds(vector: Vector, column: string, file?: string): { journey: Int32Array; journeyIds: string[] } {
  const names = new AppendOnlyNames();
  const interner = new Utf8Interner(names as unknown as ChannelDictionary);
  const journey = new Int32Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    if (isUtf8(data)) internRuns(data, interner, journey, at);
    else internChunk(data, interner, journey, at, column, file);
    at += data.length;
  }
  return { journey, journeyIds: names.names };
}

function internRuns(data: Data, interner: Utf8Interner, out: Int32Array, at: number): void {
  const offsets = offsetsOf(data);
  const bytes = data.values as Uint8Array;
  let prevStart = -1;
  let prevLength = -1;
  let prevId = -1;
  for (let i = 0; i < data.length; i++) {
    const start = offsets[i];
    const length = offsets[i + 1] - start;
    if (length === prevLength && sameBytes(bytes, start, prevStart, length)) {
      out[at + i] = prevId;
      continue;
    }
    prevId = out[at + i] = interner.intern(bytes, start, start + length);
    prevStart = start;
    prevLength = length;
  }
  if (data.nullCount > 0) for (let i = 0; i < data.length; i++) if (isNullAt(data, i)) out[at + i] = -1;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
