import { type Table, Type } from 'apache-arrow';
import type { RowAttribute } from '../../core/build-journeys.js';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { PathCreditError } from '../../errors.js';
import { requireColumn, typeName } from './arrow-data.js';
import { internStrings } from './intern-strings.js';
import { readNumbers } from './read-numbers.js';

/**
 * Reads extra categorical columns (`attributeColumns`) of an Arrow table: each
 * row's value id and the values, in order of first appearance. Strings (plain
 * or dictionary) are taken as they are, integers and other numbers as their
 * decimal text; a null or empty cell is the value `""`.
 *
 * @throws PathCreditError for a missing column or one of another type.
 */
export function readAttributes(table: Table, columns: readonly string[], file?: string): RowAttribute[] {
  return columns.map((column) => {
    const vector = requireColumn(table, column, file);
    const first = vector.data[0];
    const names: string[] = [];
    const ids = new Map<string, number>();
    const idOf = (name: string): number => {
      let id = ids.get(name);
      if (id === undefined) {
        id = names.length;
        ids.set(name, id);
        names.push(name);
      }
      return id;
    };
    const values = new Int32Array(vector.length);
    if (first === undefined || first.typeId === Type.Int || first.typeId === Type.Float) {
      const numbers = readNumbers(vector, column, file);
      for (let i = 0; i < numbers.length; i++) values[i] = idOf(numbers[i] === numbers[i] ? String(numbers[i]) : '');
    } else if (first.typeId === Type.Utf8 || first.typeId === Type.LargeUtf8 || first.typeId === Type.Dictionary) {
      // Interned from the bytes, then renumbered in order of first appearance
      // (a dictionary's entries come in dictionary order, used or not).
      const dictionary = new ChannelDictionary();
      const raw = internStrings(vector, new Utf8Interner(dictionary), column, file);
      const remap = new Int32Array(dictionary.size).fill(-1);
      for (let i = 0; i < raw.length; i++) {
        const r = raw[i];
        if (r < 0) values[i] = idOf('');
        else {
          if (remap[r] < 0) remap[r] = idOf(dictionary.names[r]);
          values[i] = remap[r];
        }
      }
    } else {
      throw new PathCreditError(`an attribute column must hold strings or numbers, got Arrow type ${typeName(first)}`, { file, column });
    }
    return { column, names, values };
  });
}
