// Names and cells read verbatim, or refused: a U+FEFF inside a field stays, bytes that are not
// UTF-8 are an error (not U+FFFD, which would merge names), years below 100 stay years, zone
// offsets are checked, and a column cannot serve two roles.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fromPathRows, parseIsoTimestamp, readCsvPaths, readCsvTouchpoints } from '../src/index.js';
import { pathNames } from './helpers/canonical.js';

const bytes = (...parts: (string | number[])[]) => Readable.from([Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))]);

describe('names are taken verbatim', () => {
  it('keeps a U+FEFF at the start of a field (only the file BOM is skipped)', async () => {
    const store = await readCsvTouchpoints(bytes([0xef, 0xbb, 0xbf], 'journey_id,channel,conversions\nu1,\uFEFFx,0\nu1,x,1\n\uFEFFu1,y,1\n'));
    expect(store.channels).toEqual(['\uFEFFx', 'x', 'y']);
    expect(pathNames(store)).toEqual([['\uFEFFx', 'x'], ['y']]);
    expect(store.journeyIds).toEqual(['u1', '\uFEFFu1']);
    // Path cells trim each name as String.prototype.trim does (docs/csv.md), which takes U+FEFF
    // as blank: the same as fromPathRows on the same text.
    const paths = await readCsvPaths(bytes('path,conversions\n\uFEFFa > a,1\n'));
    expect(paths.channels).toEqual(fromPathRows([{ path: '\uFEFFa > a', conversions: 1 }]).channels);
  });

  it('refuses bytes that are not UTF-8 instead of merging names into U+FFFD', async () => {
    const latin1 = () => bytes('journey_id,channel,conversions\nu1,Caf', [0xe9], ',1\nu2,Caf', [0xe8], ',1\n');
    await expect(readCsvTouchpoints(latin1())).rejects.toThrow(/a name is not valid UTF-8 \(the file may be Latin-1 or Windows-1252.*bytes 43 61 66 e9/);
    await expect(readCsvPaths(bytes('path,conversions\nCaf', [0xe9], ' > a,1\n'))).rejects.toThrow(/not valid UTF-8/);
  });
});

describe('timestamps', () => {
  it('reads years below 100 as such (not as 1900-1999)', () => {
    expect(parseIsoTimestamp('0050-01-01')).toBe(Date.parse('0050-01-01T00:00:00Z'));
    expect(new Date(parseIsoTimestamp('0050-01-01T10:00:00Z')).toISOString()).toBe('0050-01-01T10:00:00.000Z');
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp('2023-02-29')).toBeNaN();
  });

  it('refuses zone offsets past 23:59, in the fast and the general reader', async () => {
    expect(parseIsoTimestamp('2024-03-01T12:00:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parseIsoTimestamp('2024-03-01T12:00:00+02:99')).toBeNaN();
    expect(parseIsoTimestamp('2024-03-01T12:00:00+99:00')).toBeNaN();
    for (const t of ['2024-03-01T12:00:00+02:99', '2024-03-01T12:00:00.000+99:00', '"2024-03-01T12:00:00+99:00"']) {
      await expect(readCsvTouchpoints(bytes(`journey_id,timestamp,channel,conversions\nu1,${t},a,1\n`))).rejects.toThrow(/line 2, column "timestamp"/);
    }
  });
});

describe('one role per column', () => {
  const events = 'journey_id,timestamp,channel,event_name,revenue\nu1,1,google,page_view,\nu1,3,,purchase,20\n';
  it('refuses an attribute column that is also the event, value or timestamp column', async () => {
    const read = (attributeColumns: string[]) => readCsvTouchpoints(bytes(events), { conversionEvents: ['purchase'], valueColumn: 'revenue', attributeColumns });
    await expect(read(['event_name'])).rejects.toThrow(/line 1, column "event_name": the attribute column must be another column than the event column/);
    await expect(read(['revenue'])).rejects.toThrow(/the attribute column must be another column than the value column/);
    await expect(read(['timestamp'])).rejects.toThrow(/the attribute column must be another column than the timestamp column/);
    const ok = await readCsvTouchpoints(bytes(events), { conversionEvents: ['purchase'], valueColumn: 'revenue' });
    expect(Array.from(ok.value)).toEqual([20]);
    await expect(readCsvTouchpoints(bytes(events), { conversionEvents: ['purchase'], eventColumn: 'channel' })).rejects.toThrow(/the event column must be another column than the channel column/);
  });

  it('refuses an attribute column of a path summary that is its value or nulls column', async () => {
    const text = 'path,conversions,value,nulls\na,1,20,3\n';
    await expect(readCsvPaths(bytes(text), { attributeColumns: ['value'] })).rejects.toThrow(/another column than the value column/);
    await expect(readCsvPaths(bytes(text), { attributeColumns: ['nulls'] })).rejects.toThrow(/another column than the nulls column/);
    const ok = await readCsvPaths(bytes(text));
    expect([ok.value[0], ok.nulls[0]]).toEqual([20, 3]);
  });
});
