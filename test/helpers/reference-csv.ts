import { Utf8, makeVector, tableFromArrays, vectorFromArray, type Table } from 'apache-arrow';
import { fromArrowTouchpoints, fromPathRows, parseIsoTimestamp, type PathStore } from '../../src/index.js';

/**
 * A deliberately simple reference CSV reader for tests: decodes the whole
 * text to a string, walks it character by character (RFC 4180: quoted
 * fields, doubled quotes, line breaks inside quotes, CRLF / LF / CR, a
 * leading BOM), and hands the rows to the string-based encoders. It shares
 * nothing with the byte-level readers it checks.
 */
export function parseCsvReference(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let i = text.startsWith('\ufeff') ? 1 : 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let any = false;
  const endRow = () => {
    row.push(field);
    // A blank line is not a record.
    if (!(row.length === 1 && row[0] === '' && !any)) rows.push(row);
    row = [];
    field = '';
    any = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0 || any) endRow();
  return rows;
}

/** Options of the reference readers. */
export interface ReferenceOptions {
  readonly delimiter?: string;
  readonly separator?: string;
  readonly skipInvalid?: boolean;
}

/** The path layout through {@link parseCsvReference} and `fromPathRows` (string splitting). */
export function referencePaths(text: string, options: ReferenceOptions = {}): PathStore {
  const [header, ...rows] = parseCsvReference(text, options.delimiter);
  const objects = rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
  return fromPathRows(objects, { separator: options.separator, skipInvalid: options.skipInvalid, valueColumn: 'value', nullsColumn: 'nulls' });
}

/**
 * The touchpoint layout through {@link parseCsvReference}: cells become an
 * Arrow table (ISO timestamps read by `parseIsoTimestamp`, numbers by
 * `Number`), then `fromArrowTouchpoints` builds the journeys.
 */
export function referenceTouchpoints(text: string, options: ReferenceOptions = {}): PathStore {
  const [header, ...rows] = parseCsvReference(text, options.delimiter);
  const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
  const num = (cells: string[]) => Float64Array.from(cells, (c) => (c.trim() === '' ? 0 : Number(c)));
  const time = col('timestamp').map((c) => (/^\d+$/.test(c) ? Number(c) : parseIsoTimestamp(c)));
  const table = tableFromArrays({
    journey_id: vectorFromArray(col('journey_id'), new Utf8()),
    timestamp: makeVector(Float64Array.from(time)),
    channel: vectorFromArray(col('channel'), new Utf8()),
    conversions: makeVector(num(col('conversions'))),
    value: makeVector(num(col('value'))),
  } as never) as unknown as Table;
  return fromArrowTouchpoints(table, { skipInvalid: options.skipInvalid });
}
