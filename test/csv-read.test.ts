import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectLayout, fromPathRows, readCsv, readCsvPaths, readCsvTouchpoints, type PathStore } from '../src/index.js';
import { loadPeerRows, plainStore } from './helpers/peer-data.js';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const utc = (iso: string) => Date.parse(iso);

/** The store as plain paths, for specs written by hand. */
function paths(store: PathStore) {
  const out = [];
  for (let p = 0; p < store.pathCount; p++) {
    const touches = Array.from(store.touches.subarray(store.offsets[p], store.offsets[p + 1]), (id) => store.channels[id]);
    out.push({
      path: touches,
      conversions: store.conversions[p],
      value: store.value[p],
      nulls: store.nulls[p],
      ...(store.pathJourney ? { journey: store.journeyIds![store.pathJourney[p]] } : {}),
    });
  }
  return out;
}

const plain = plainStore;

const PEER_OPTIONS = { conversionsColumn: 'total_conversions', valueColumn: 'total_conversion_value', nullsColumn: 'total_null' };

describe('readCsvPaths', () => {
  it('gives exactly the store fromPathRows gives on the ChannelAttribution data (gzipped)', async () => {
    const rows = loadPeerRows().map((r) => ({ path: r.path, total_conversions: r.conversions, total_conversion_value: r.value, total_null: r.nulls }));
    const expected = fromPathRows(rows, PEER_OPTIONS);
    const store = await readCsvPaths(fixture('peers/channelattribution_pathdata.csv.gz'), PEER_OPTIONS);
    expect(store.channels).toEqual(expected.channels);
    expect(store.pathCount).toBe(10000);
    expect(store.offsets).toEqual(expected.offsets);
    expect(store.touches).toEqual(expected.touches);
    expect(store.conversions).toEqual(expected.conversions);
    expect(store.value).toEqual(expected.value);
    expect(store.nulls).toEqual(expected.nulls);
    expect(plain(store)).toEqual(plain(expected));
  });

  it('reads quoted paths with the default columns, splitting on the separator and trimming', async () => {
    const store = await readCsvPaths(fixture('csv/paths.csv'));
    expect(paths(store)).toEqual([
      { path: ['search', 'email'], conversions: 1, value: 20, nulls: 3 },
      { path: ['social'], conversions: 0, value: 0, nulls: 5 },
      { path: ['search', '"quoted"', '=SUM(A1)'], conversions: 2, value: 7.25, nulls: 0 },
    ]);
    const strings = await readCsvPaths(new TextEncoder().encode('path,conversions\n a>b ,1\n'), { separator: '>' });
    expect(paths(strings)[0].path).toEqual(['a', 'b']);
  });

  it('reads per-touch times split on the separator', async () => {
    const csv = 'path,conversions,times\n"a > b",1,"2024-01-01T00:00:00Z > 1704153600000"\n';
    const store = await readCsvPaths(Buffer.from(csv), { timesColumn: 'times' });
    expect(Array.from(store.times!)).toEqual([utc('2024-01-01T00:00:00Z'), 1704153600000]);
  });
});

describe('readCsvTouchpoints on hand-made fixtures', () => {
  it('reads quoted fields: delimiters, doubled quotes, newlines, formulas, __proto__ and unicode', async () => {
    const store = await readCsvTouchpoints(fixture('csv/quoting.csv'));
    expect(store.channels).toEqual(['search, paid', 'say "hi"', 'multi\nline', '=1+1', '__proto__', 'café ☕']);
    expect(paths(store)).toEqual([
      { path: ['search, paid', 'say "hi"', 'multi\nline', '=1+1'], conversions: 1, value: 10.5, nulls: 0, journey: 'u1' },
      { path: ['__proto__', 'café ☕'], conversions: 1, value: 2, nulls: 0, journey: 'u2' },
      { path: ['=1+1'], conversions: 0, value: 0, nulls: 1, journey: 'u,3' },
    ]);
    expect(Array.from(store.times!)).toEqual([
      utc('2024-03-01T10:00:00Z'),
      utc('2024-03-01T11:00:00Z'),
      utc('2024-03-01T12:00:00Z'),
      utc('2024-03-01T13:00:00Z'),
      utc('2024-03-02T10:00:00Z'),
      utc('2024-03-02T11:00:00.250Z'),
      utc('2024-03-03T08:00:00Z'),
    ]);
    expect(Array.from(store.conversionTimes!)).toEqual([utc('2024-03-01T13:00:00Z'), utc('2024-03-02T11:00:00.250Z'), NaN]);
    expect(Array.from(store.touchRows!)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads CRLF line ends, a UTF-8 BOM and a missing final newline', async () => {
    const store = await readCsvTouchpoints(fixture('csv/crlf-bom.csv'));
    expect(paths(store)).toEqual([
      { path: ['search, paid', 'say "hi"', '=1+1'], conversions: 1, value: 10.5, nulls: 0, journey: 'u1' },
      { path: ['__proto__', 'café ☕'], conversions: 1, value: 2, nulls: 0, journey: 'u2' },
    ]);
  });

  it('groups unsorted rows by journey and sorts by time, stably', async () => {
    const store = await readCsvTouchpoints(fixture('csv/unsorted.csv'));
    expect(paths(store)).toEqual([
      { path: ['display', 'email'], conversions: 0, value: 0, nulls: 1, journey: 'b' },
      // social and video share 12:00: input order is kept.
      { path: ['search', 'email', 'social', 'video'], conversions: 1, value: 5, nulls: 0, journey: 'a' },
    ]);
    expect(Array.from(store.touchRows!)).toEqual([3, 0, 2, 5, 1, 4]);
  });

  it('cuts after every conversion, keeps a trailing null path, and takes empty-channel conversion rows', async () => {
    const store = await readCsvTouchpoints(fixture('csv/conversions.csv'));
    expect(paths(store)).toEqual([
      { path: ['search', 'email'], conversions: 1, value: 10, nulls: 0, journey: 'u1' },
      { path: ['social'], conversions: 2, value: 30, nulls: 0, journey: 'u1' },
      { path: ['display'], conversions: 0, value: 0, nulls: 1, journey: 'u1' },
      { path: ['video'], conversions: 0, value: 0, nulls: 1, journey: 'u3' },
    ]);
    expect(Array.from(store.conversionTimes!)).toEqual([utc('2024-01-02T00:00:00Z'), utc('2024-01-04T00:00:00Z'), NaN, NaN]);
    // u2's conversion has no touch before it.
    expect(store.unattributed).toEqual({ events: 1, conversions: 1, value: 5 });
  });

  it('applies lookback and maxTouches', async () => {
    const file = fixture('csv/lookback.csv');
    expect(paths(await readCsvTouchpoints(file, { lookback: '7d' })).map((p) => p.path)).toEqual([['c', 'd'], ['b']]);
    expect(paths(await readCsvTouchpoints(file, { lookback: '10d' })).map((p) => p.path)).toEqual([['b', 'c', 'd'], ['a', 'b']]);
    expect(paths(await readCsvTouchpoints(file, { maxTouches: 3 })).map((p) => p.path)).toEqual([['b', 'c', 'd'], ['a', 'b']]);
    expect(paths(await readCsvTouchpoints(file, { lookback: 10 * 86_400_000, maxTouches: 2 })).map((p) => p.path)).toEqual([
      ['c', 'd'],
      ['a', 'b'],
    ]);
  });

  it('reads renamed columns, another delimiter and quote, epoch timestamps, and no timestamp column', async () => {
    const csv = "user;when;src;n\nu1;1704067200;'a;b';0\nu1;1704070800;c;1\n";
    const store = await readCsvTouchpoints(Buffer.from(csv), {
      journeyColumn: 'user',
      timestampColumn: 'when',
      channelColumn: 'src',
      conversionsColumn: 'n',
      delimiter: ';',
      quote: "'",
      timestampFormat: 'epoch-s',
    });
    expect(paths(store)).toEqual([{ path: ['a;b', 'c'], conversions: 1, value: 0, nulls: 0, journey: 'u1' }]);
    expect(Array.from(store.times!)).toEqual([1704067200000, 1704070800000]);
    const auto = await readCsvTouchpoints(Buffer.from('journey_id,timestamp,channel\nu1,1704067200000,a\nu1,2024-01-01T01:00:00Z,b\n'));
    expect(Array.from(auto.times!)).toEqual([1704067200000, 1704070800000]);
    const untimed = await readCsvTouchpoints(Buffer.from('journey_id,channel\nu1,a\nu1,b\n'));
    expect(untimed.times).toBeNull();
    expect(paths(untimed)).toEqual([{ path: ['a', 'b'], conversions: 0, value: 0, nulls: 1, journey: 'u1' }]);
  });

  it('reports progress at the end (and every million rows)', async () => {
    const rows = 1_000_050;
    const text = 'journey_id,channel\n' + 'u,a\n'.repeat(rows);
    const calls: [number, number][] = [];
    await readCsvTouchpoints(Buffer.from(text), { onProgress: (r, b) => calls.push([r, b]) });
    expect(calls).toEqual([
      [1_000_000, text.length],
      [rows, text.length],
    ]);
  });
});

describe('sources', () => {
  it('gives identical stores from a plain file, a .gz file, gzip bytes without the name, a Readable and bytes', async () => {
    const plainFile = fixture('csv/quoting.csv');
    const bytes = readFileSync(plainFile);
    const dir = mkdtempSync(join(tmpdir(), 'pathcredit-csv-'));
    const gzFile = join(dir, 'quoting.csv.gz');
    writeFileSync(gzFile, gzipSync(bytes));
    const noName = join(dir, 'quoting.data');
    writeFileSync(noName, gzipSync(bytes));
    const expected = plain(await readCsvTouchpoints(plainFile));
    expect(plain(await readCsvTouchpoints(gzFile))).toEqual(expected);
    expect(plain(await readCsvTouchpoints(noName))).toEqual(expected);
    expect(plain(await readCsvTouchpoints(gzipSync(bytes)))).toEqual(expected);
    expect(plain(await readCsvTouchpoints(Readable.from([gzipSync(bytes)])))).toEqual(expected);
    expect(plain(await readCsvTouchpoints(new Uint8Array(bytes)))).toEqual(expected);
    expect(plain(await readCsvTouchpoints(Readable.from([bytes.toString('utf8')])))).toEqual(expected);
  });

  it('sizes buffers from a file size without changing the result', async () => {
    // Enough rows for several 1 MB chunks, unsorted within journeys, some conversions.
    let text = 'journey_id,timestamp,channel,conversions,value\n';
    for (let i = 0; i < 60_000; i++) {
      const j = Math.floor(i / 3);
      text += `user-${j},2024-01-01T00:00:${String(59 - (i % 3) * 7).padStart(2, '0')}.5Z,ch${i % 7},${i % 9 === 0 ? 1 : 0},${i % 9 === 0 ? 2.5 : 0}\n`;
    }
    const dir = mkdtempSync(join(tmpdir(), 'pathcredit-csv-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, text);
    const fromFile = plain(await readCsvTouchpoints(file));
    const fromStream = plain(await readCsvTouchpoints(Readable.from([Buffer.from(text)])));
    expect(fromFile).toEqual(fromStream);
    expect(fromFile.touches.length).toBe(60_000);
    expect(fromFile.journeyIds!.length).toBe(20_000);
  });

  it('reads the plain and the gzipped peer data to the same store', async () => {
    const gz = readFileSync(fixture('peers/channelattribution_pathdata.csv.gz'));
    const a = await readCsvPaths(gz, PEER_OPTIONS);
    const b = await readCsvPaths(gunzipSync(gz), PEER_OPTIONS);
    expect(plain(a)).toEqual(plain(b));
  });
});

describe('readCsv and detectLayout', () => {
  it('detects paths from a path column and touchpoints from journey and channel columns', async () => {
    expect(detectLayout(['path', 'total_conversions'])).toBe('paths');
    expect(detectLayout(['journey_id', 'timestamp', 'channel'])).toBe('touchpoints');
    expect(detectLayout(['user', 'source'], { journeyColumn: 'user', channelColumn: 'source' })).toBe('touchpoints');
    const peers = await readCsv(fixture('peers/channelattribution_pathdata.csv.gz'), PEER_OPTIONS);
    expect(peers.pathCount).toBe(10000);
    expect(peers.journeyIds).toBeNull();
    const touch = await readCsv(fixture('csv/unsorted.csv'));
    expect(touch.journeyIds).toEqual(['b', 'a']);
    const forced = await readCsv(fixture('csv/paths.csv'), { layout: 'paths' });
    expect(forced.pathCount).toBe(3);
  });

  it('names the header when the layout cannot be told', async () => {
    await expect(readCsv(fixture('csv/no-layout.csv'))).rejects.toThrow(
      /no-layout\.csv: cannot tell the layout from the columns \(neither layout fits\): a "path" column means paths.*got "user,ts,source"/,
    );
    expect(() => detectLayout(['a', 'b'])).toThrow(/got "a,b"/);
    expect(() => detectLayout(['path', 'journey_id', 'channel'])).toThrow(/both layouts fit/);
  });
});
