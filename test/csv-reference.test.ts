import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathCreditError, readCsvPaths, readCsvTouchpoints, type PathStore } from '../src/index.js';
import { plainStore } from './helpers/peer-data.js';
import { referencePaths, referenceTouchpoints } from './helpers/reference-csv.js';

// The byte-level readers against a simple string-based reference reader
// (test/helpers/reference-csv.ts) on random CSV: quoting, doubled quotes,
// line breaks inside quotes, a BOM, CRLF, any delimiter, chunks that split
// multi-byte characters, gzip streams, invalid rows skipped.

const RUNS = { seed: 42, numRuns: 200 };

interface Dialect {
  delimiter: string;
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  quoteAll: boolean;
  gzip: boolean;
  cuts: number[];
}

const dialect: fc.Arbitrary<Dialect> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  quoteAll: fc.boolean(),
  gzip: fc.boolean(),
  // Small chunks, so multi-byte characters, doubled quotes and CRLF are split across them.
  cuts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
});

function toCsv(header: string[], rows: string[][], d: Dialect): Uint8Array {
  const cell = (text: string) => (d.quoteAll || text.includes(d.delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const eol = d.crlf ? '\r\n' : '\n';
  const lines = [header.join(d.delimiter), ...rows.map((r) => r.map(cell).join(d.delimiter))];
  return new TextEncoder().encode((d.bom ? '\ufeff' : '') + lines.join(eol) + (d.finalNewline ? eol : ''));
}

/** The bytes as a stream in chunks of the given sizes (cycled), gzipped first when asked. */
function source(bytes: Uint8Array, d: Dialect): Readable {
  const data = d.gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
  const parts: Uint8Array[] = [];
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = d.cuts[k % d.cuts.length];
    parts.push(data.slice(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

/** A store and its skip count, or the error message: what a reader's outcome is. */
async function outcome(read: () => PathStore | Promise<PathStore>) {
  try {
    const store = await read();
    return { store: { ...plainStore(store), skipped: undefined }, skipped: store.skipped?.count ?? 0 };
  } catch (e) {
    if (!(e instanceof PathCreditError)) throw e;
    return { error: true };
  }
}

describe('path CSV: byte-level reader = reference reader', () => {
  // Fragments of path cells: names, separators with and without blanks, Unicode
  // spaces that trim removes, backslash escapes, quotes, delimiters, line breaks.
  const fragment = fc.constantFrom(
    'search',
    'Paid Search',
    'Paid Social',
    ' > ',
    '>',
    ' ',
    '  >  ',
    '\u00a0',
    '\u3000',
    '\ufeff',
    '\\',
    '\\ > ',
    '\\\\',
    'é',
    '🚀',
    '"',
    ',',
    ';',
    '|',
    '\n',
    '\r\n',
    '\t',
    '--',
    ' → ',
    '→',
    'x',
  );
  const pathCell = fc.array(fragment, { minLength: 1, maxLength: 12 }).map((f) => f.join(''));
  const count = fc.oneof(fc.constantFrom('0', '1', '2', '0.5', '12.25', '3'), fc.constantFrom('', '-1', 'abc', '1e3', ' 2 ', '+4'));
  const row = fc.tuple(pathCell, count, count, count);

  it('gives the same store and skip count on random path CSV, whatever the dialect and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        dialect,
        fc.constantFrom(' > ', '>', '--', ' → ', '\\', '  ', '\t'),
        async (rows, d, separator) => {
          const bytes = toCsv(['path', 'conversions', 'value', 'nulls'], rows, d);
          const text = new TextDecoder().decode(bytes);
          const expected = await outcome(() => referencePaths(text, { delimiter: d.delimiter, separator, skipInvalid: true }));
          const actual = await outcome(() =>
            readCsvPaths(source(bytes, d), { delimiter: d.delimiter, separator, skipInvalid: true, valueColumn: 'value', nullsColumn: 'nulls' }),
          );
          expect(actual).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it('reads the peer data exactly as the reference does', async () => {
    const { readFileSync } = await import('node:fs');
    const { gunzipSync } = await import('node:zlib');
    const gz = readFileSync(new URL('../fixtures/peers/channelattribution_pathdata.csv.gz', import.meta.url));
    const text = gunzipSync(gz).toString('utf8').replace('total_conversions', 'conversions').replace('total_conversion_value', 'value').replace('total_null', 'nulls');
    const store = await readCsvPaths(new TextEncoder().encode(text), { valueColumn: 'value', nullsColumn: 'nulls' });
    expect(plainStore(store)).toEqual(plainStore(referencePaths(text)));
  });
});

describe('touchpoint CSV: byte-level reader = reference reader', () => {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const time = fc
    .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom('Z', 'none', 'ms', 'offset', 'epoch'))
    .map(([t, shape]) => {
      const iso = new Date(t).toISOString();
      if (shape === 'Z') return `${iso.slice(0, 19)}Z`;
      if (shape === 'none') return iso.slice(0, 19);
      if (shape === 'ms') return iso;
      if (shape === 'offset') return `${new Date(t + 3_600_000).toISOString().slice(0, 19)}+01:${pad(0)}`;
      return String(t);
    });
  const channel = fc.constantFrom('search', 'Paid Search', 'a,b', 'say "hi"', 'two\nlines', 'café ☕', '🚀', '=1+1', '__proto__', 'x;y', 'p|q', 't\tab');
  const row = fc
    .record({ journey: fc.constantFrom('u1', 'u2', 'ü3', 'u"4', 'u,5', 'u6'), time, channel, converts: fc.boolean(), value: fc.constantFrom('0', '9.99', '120') })
    .map((r) => [r.journey, r.time, r.channel, r.converts ? '1' : '0', r.converts ? r.value : '0']);

  it('gives the same store on random touchpoint CSV, whatever the dialect and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), dialect, async (rows, d) => {
        const bytes = toCsv(['journey_id', 'timestamp', 'channel', 'conversions', 'value'], rows, d);
        const text = new TextDecoder().decode(bytes);
        const expected = plainStore(referenceTouchpoints(text, { delimiter: d.delimiter }));
        const actual = plainStore(await readCsvTouchpoints(source(bytes, d), { delimiter: d.delimiter }));
        expect(actual).toEqual(expected);
      }),
      RUNS,
    );
  });
});
