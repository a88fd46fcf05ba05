import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvCell, readCsvTouchpoints, writeCsv } from '../src/index.js';

/** Writes rows to a stream and returns the text. */
async function written(rows: Record<string, unknown>[], options = {}): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCsv(rows, out, options);
  return Buffer.concat(chunks).toString('utf8');
}

describe('writeCsv', () => {
  it('neutralises cells a spreadsheet would run as formulas, and leaves numbers alone', async () => {
    const text = await written([
      { a: '=1+1', b: '+1', c: '-1', d: '@SUM(A1)', e: '\tx', f: '\rx', g: -1, h: 'safe', i: '=HYPERLINK("x")' },
    ]);
    expect(text).toBe(`a,b,c,d,e,f,g,h,i\n'=1+1,'+1,'-1,'@SUM(A1),'\tx,"'\rx",-1,safe,"'=HYPERLINK(""x"")"\n`);
  });

  it('writes the exact strings when neutralisation is turned off', async () => {
    const text = await written([{ a: '=1+1', b: '-1' }], { neutraliseFormulas: false });
    expect(text).toBe('a,b\n=1+1,-1\n');
    expect(csvCell('=1', false)).toBe('=1');
    expect(csvCell('=1')).toBe("'=1");
  });

  it('writes numbers with full precision, empty cells for missing keys, and the union of keys as header', async () => {
    const text = await written([{ x: 0.1 + 0.2, y: 1e-7 }, { x: 123456789.12345679, z: null }, { y: new Date(Date.UTC(2024, 0, 1)) }]);
    expect(text).toBe('x,y,z\n0.30000000000000004,1e-7,\n123456789.12345679,,\n,2024-01-01T00:00:00.000Z,\n');
  });

  it('round-trips quotes, delimiters, newlines and exact numbers through the reader', async () => {
    const channels = ['a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'café ☕', '__proto__', ' padded '];
    const values = [0.1 + 0.2, 1e-7, 123456789.12345679, 5e-324, 1.7976931348623157e308, 2.5];
    const rows = channels.map((channel, i) => ({
      journey_id: `j${i}`,
      timestamp: 1704067200000 + i,
      channel,
      conversions: 1,
      value: values[i % values.length],
    }));
    const dir = mkdtempSync(join(tmpdir(), 'pathcredit-write-'));
    const file = join(dir, 'out.csv');
    await writeCsv(rows, file);
    const store = await readCsvTouchpoints(file);
    expect(store.channels).toEqual(channels);
    expect(Array.from(store.value)).toEqual(rows.map((r) => r.value));
    expect(Array.from(store.times!)).toEqual(rows.map((r) => r.timestamp));
    expect(readFileSync(file, 'utf8').startsWith('journey_id,timestamp,channel,conversions,value\n')).toBe(true);
  });

  it('streams from an async iterable with the given headers', async () => {
    async function* rows() {
      yield { b: 1, a: 'x' };
      yield { a: 'y' };
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeCsv(rows(), out, { headers: ['a', 'b'] });
    expect(Buffer.concat(chunks).toString('utf8')).toBe('a,b\nx,1\ny,\n');
  });
});
