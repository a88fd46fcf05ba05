import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvTouchpoints } from '../src/index.js';
import { plainStore } from './helpers/peer-data.js';
import { referenceTouchpoints } from './helpers/reference-csv.js';

// Journey ids made of a prefix and a number (`u1234`, `1234`) are looked up by
// number rather than hashed. The number must name exactly one byte string, so
// leading zeros, other prefixes, long and huge numbers take the hashed route,
// and an id must find its journey whichever route first took it.

const HEADER = 'journey_id,timestamp,channel,conversions,value';

function csv(rows: readonly (readonly [string, number, string, number])[]): Uint8Array {
  const lines = rows.map(([id, t, ch, conv]) => `${id},${new Date(Date.UTC(2025, 0, 1) + t * 1000).toISOString()},${ch},${conv},${conv > 0 ? 10 : 0}`);
  return new TextEncoder().encode(`${HEADER}\n${lines.join('\n')}\n`);
}

describe('touchpoint CSV: numbered journey ids', () => {
  const ids = fc.constantFrom(
    'u7',
    'u07',
    'u007',
    'u0',
    'u00',
    'u',
    'U7',
    'v7',
    '7',
    'u7x',
    'u999999999',
    'u1234567890',
    'u2097151',
    'u2097152',
    'u12',
    'u120',
    'uu7',
    'ü7',
  );
  const row = fc.tuple(ids, fc.integer({ min: 0, max: 1000 }), fc.constantFrom('search', 'email', 'social'), fc.constantFrom(0, 0, 0, 1));

  it('gives the reference store for ids that look alike (leading zeros, other prefixes, long numbers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
        const bytes = csv(rows);
        const expected = plainStore(referenceTouchpoints(new TextDecoder().decode(bytes), {}));
        expect(plainStore(await readCsvTouchpoints(bytes))).toEqual(expected);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('keeps ids of a first id without digits, and of an id that is only digits, apart', async () => {
    const rows: [string, number, string, number][] = [
      ['abc', 1, 'search', 0],
      ['0', 2, 'email', 0],
      ['00', 3, 'email', 0],
      ['abc', 4, 'social', 1],
      ['0', 5, 'social', 1],
    ];
    const store = await readCsvTouchpoints(csv(rows));
    expect(store.journeyIds).toEqual(['abc', '0', '00']);
    expect(plainStore(store)).toEqual(plainStore(referenceTouchpoints(new TextDecoder().decode(csv(rows)), {})));
  });

  it('finds an id hashed while its number was out of reach once the reach has grown past it', async () => {
    // u5000000 comes first, beyond the dense array's first reach; 700,000 other
    // ids later extend the reach past it, u4999999 makes the array cover it, and
    // its second row must still join its journey.
    const far = 5_000_000;
    const rows: [string, number, string, number][] = [[`u${far}`, 0, 'search', 0]];
    for (let k = 1; k <= 700_000; k++) rows.push([`u${k}`, 1, 'email', 0]);
    rows.push([`u${far - 1}`, 1, 'email', 0]);
    rows.push([`u${far}`, 2, 'social', 1]);
    const store = await readCsvTouchpoints(csv(rows));
    expect(store.journeyIds!.length).toBe(700_002);
    expect(store.journeyIds![0]).toBe(`u${far}`);
    expect(store.journeyIds![700_000]).toBe('u700000');
    const p = Array.from(store.pathJourney!).indexOf(0);
    expect(Array.from(store.touches.subarray(store.offsets[p], store.offsets[p + 1])).map((c) => store.channels[c])).toEqual(['search', 'social']);
    expect(store.conversions[p]).toBe(1);
  });
});

describe('touchpoint CSV: journey ids decoded on first read', () => {
  it('reads the same ids, once, through copies and structured clones', async () => {
    const rows: [string, number, string, number][] = [
      ['a7', 1, 'search', 0],
      ['ü', 2, 'email', 1],
      ['a7', 3, 'social', 1],
      ['a07', 4, 'email', 0],
    ];
    const store = await readCsvTouchpoints(csv(rows));
    expect(Object.keys(store)).toContain('journeyIds');
    const copy = { ...store };
    expect(copy.journeyIds).toEqual(['a7', 'ü', 'a07']);
    expect(store.journeyIds).toBe(store.journeyIds);
    expect(store.journeyIds).toBe(copy.journeyIds);
    expect(structuredClone(store).journeyIds).toEqual(['a7', 'ü', 'a07']);
    expect(Array.from(store.pathJourney!)).toEqual([0, 1, 2]);
  });
});

describe('touchpoint CSV: runs of one journey across reading calls and chunks', () => {
  it('gives the reference store when runs continue across the reader\'s batches and the stream\'s chunks', async () => {
    // Runs of 1 to 9 rows; ids of both kinds, and an id coming back after others.
    const rows: [string, number, string, number][] = [];
    for (let k = 0; rows.length < 12_000; k++) {
      const id = k % 5 === 0 ? `x-${k % 97}` : k % 7 === 0 ? `u${k % 50}` : `u${k}`;
      for (let r = 0; r < 1 + (k % 9); r++) rows.push([id, (k * 13 + r) % 500, ['search', 'email', 'social'][r % 3], r === 4 ? 1 : 0]);
    }
    const bytes = csv(rows);
    const expected = plainStore(referenceTouchpoints(new TextDecoder().decode(bytes), {}));
    expect(plainStore(await readCsvTouchpoints(bytes))).toEqual(expected);
    const chunks: Uint8Array[] = [];
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = [997, 4096, 13, 65_537][k % 4];
      chunks.push(bytes.slice(at, at + size));
      at += size;
    }
    expect(plainStore(await readCsvTouchpoints(Readable.from(chunks)))).toEqual(expected);
  });
});
