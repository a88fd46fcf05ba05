import { tableFromArrays, type Table } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathCreditError, fromArrowTouchpoints, readCsvTouchpoints } from '../src/index.js';
import { canonicalPaths, pathNames } from './helpers/canonical.js';

const arrowTable = (cols: Record<string, unknown>): Table => tableFromArrays(cols as never) as unknown as Table;
const csvBytes = (text: string): Uint8Array => new TextEncoder().encode(text);

// One journey, five events at the same instant, in this input order.
const tied = {
  journey_id: ['u1', 'u1', 'u1', 'u1', 'u1'],
  timestamp: ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  channel: ['', 'social', 'email', 'search', 'email'],
  conversions: Float64Array.from([1, 0, 0, 2, 1]),
  value: Float64Array.from([30, 0, 0, 10, 5]),
  seq: Float64Array.from([5, 4, 3, 2, 1]),
};
const tiedCsv = ['journey_id,timestamp,channel,conversions,value,seq']
  .concat(tied.channel.map((c, i) => `u1,${tied.timestamp[i]},${c},${tied.conversions[i]},${tied.value[i]},${tied.seq[i]}`))
  .join('\n');

describe('events of a journey at the same timestamp', () => {
  it('follow the tie rule by default: touches first, then converting touches, then conversion-only rows; names in code-point order', async () => {
    // Rule: conversions = 0 first (email, social by name), then converting rows with a
    // channel (email 1, search 2 by name), then the conversion-only row. So the journey is
    // email, social, email* | search* | (conversion without a touch left).
    for (const store of [fromArrowTouchpoints(arrowTable(tied)), await readCsvTouchpoints(csvBytes(tiedCsv))]) {
      expect(pathNames(store)).toEqual([['email', 'social', 'email'], ['search']]);
      expect(Array.from(store.conversions)).toEqual([1, 2]);
      expect(Array.from(store.value)).toEqual([5, 10]);
      expect(store.unattributed).toEqual({ events: 1, conversions: 1, value: 30 });
    }
  });

  it('keep input order with tieOrder "input"', async () => {
    // Input order: the conversion comes first (no touch yet), then social, email, search* | email*.
    for (const store of [
      fromArrowTouchpoints(arrowTable(tied), { tieOrder: 'input' }),
      await readCsvTouchpoints(csvBytes(tiedCsv), { tieOrder: 'input' }),
    ]) {
      expect(pathNames(store)).toEqual([['social', 'email', 'search'], ['email']]);
      expect(Array.from(store.conversions)).toEqual([2, 1]);
      expect(store.unattributed).toEqual({ events: 1, conversions: 1, value: 30 });
    }
  });

  it('follow a sequence column first when one is given', async () => {
    // seq 1..5 reverses the input: email* | search* | email, social, then the conversion-only row.
    for (const store of [
      fromArrowTouchpoints(arrowTable(tied), { sequenceColumn: 'seq' }),
      await readCsvTouchpoints(csvBytes(tiedCsv), { sequenceColumn: 'seq' }),
    ]) {
      expect(pathNames(store)).toEqual([['email'], ['search'], ['email', 'social']]);
      expect(Array.from(store.conversions)).toEqual([1, 2, 1]);
      expect(Array.from(store.value)).toEqual([5, 10, 30]);
      expect(store.unattributed).toBeUndefined();
    }
  });

  it('order names by code point, not by UTF-16 unit (U+FF01 before U+1F680)', () => {
    // JavaScript's < puts the surrogate pair of U+1F680 before U+FF01; UTF-8 byte order does not.
    expect('\u{1F680}' < '\uFF01').toBe(true);
    const store = fromArrowTouchpoints(
      arrowTable({ journey_id: ['u', 'u', 'u'], timestamp: Float64Array.from([7, 7, 7]), channel: ['\u{1F680}', '\uFF01', 'Z'] }),
    );
    expect(pathNames(store)).toEqual([['Z', '\uFF01', '\u{1F680}']]);
  });

  it('build the same journeys in any row order (Arrow and CSV alike)', async () => {
    const names = ['a', 'b', 'B', 'é', '\uFF01', '\u{1F680}'];
    const rowArb = fc.record({
      journey: fc.integer({ min: 0, max: 5 }),
      time: fc.integer({ min: 0, max: 2 }),
      channel: fc.integer({ min: -1, max: names.length - 1 }),
      conversions: fc.constantFrom(0, 0, 1, 2),
      value: fc.constantFrom(0, 3, 7),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.integer(), async (raw, seed) => {
        const rows = raw.map((r) => ({ ...r, channel: r.conversions === 0 && r.channel < 0 ? 0 : r.channel, value: r.conversions === 0 ? 0 : r.value }));
        const shuffled = shuffle(rows, seed);
        const table = (rs: typeof rows) =>
          arrowTable({
            journey_id: rs.map((r) => `j${r.journey}`),
            timestamp: Float64Array.from(rs.map((r) => r.time)),
            channel: rs.map((r) => (r.channel < 0 ? '' : names[r.channel])),
            conversions: Float64Array.from(rs.map((r) => r.conversions)),
            value: Float64Array.from(rs.map((r) => r.value)),
          });
        const csv = (rs: typeof rows) =>
          csvBytes(
            ['journey_id,timestamp,channel,conversions,value', ...rs.map((r) => `j${r.journey},${r.time},${r.channel < 0 ? '' : names[r.channel]},${r.conversions},${r.value}`)].join('\n'),
          );
        const a = fromArrowTouchpoints(table(rows));
        const b = fromArrowTouchpoints(table(shuffled));
        const c = await readCsvTouchpoints(csv(shuffled));
        expect(canonicalPaths(b)).toEqual(canonicalPaths(a));
        expect(canonicalPaths(c)).toEqual(canonicalPaths(a));
        expect(b.unattributed).toEqual(a.unattributed);
        expect(c.unattributed).toEqual(a.unattributed);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('reject a missing sequence number with its place, and unknown options', async () => {
    const bad = 'journey_id,timestamp,channel,seq\nu1,2024-01-01,a,1\nu1,2024-01-01,b,\n';
    await expect(readCsvTouchpoints(csvBytes(bad), { sequenceColumn: 'seq', file: 'ev.csv' })).rejects.toThrow(
      /ev\.csv, line 3, column "seq": sequence number is missing or not a number/,
    );
    await expect(readCsvTouchpoints(csvBytes(bad), { sequenceColumn: 'order' })).rejects.toThrow(/order/);
    const table = arrowTable({ journey_id: ['u'], channel: ['a'], seq: Float64Array.from([NaN]) });
    expect(() => fromArrowTouchpoints(table, { sequenceColumn: 'seq' })).toThrow(/row 0, column "seq": sequence number is missing/);
    expect(() => fromArrowTouchpoints(table, { tieOrder: 'random' as never })).toThrow(PathCreditError);
  });
});

/** A seeded Fisher-Yates shuffle. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const k = s % (i + 1);
    [out[i], out[k]] = [out[k], out[i]];
  }
  return out;
}
