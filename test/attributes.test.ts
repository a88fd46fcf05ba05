import { Dictionary, Int32, Utf8, makeData, makeVector, tableFromArrays, vectorFromArray, type Table } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromArrowPaths, fromArrowTouchpoints, fromPathRows, readCsvPaths, readCsvTouchpoints, type PathStore } from '../src/index.js';

const arrowTable = (cols: Record<string, unknown>): Table => tableFromArrays(cols as never) as unknown as Table;
const bytes = (text: string) => new TextEncoder().encode(text);

/** Each path's and each touch's attribute values by name, independent of ids. */
function attributeText(store: PathStore) {
  return (store.attributes ?? []).map((a) => ({
    column: a.column,
    paths: Array.from(a.path, (id) => a.names[id]),
    touches: a.touch === null ? null : Array.from(a.touch, (id) => a.names[id]),
  }));
}

// u1: search (mobile), email (desktop), then a conversion-only row (tablet) -> one converting path
// whose value is the conversion row's; then social (mobile): a null path, valued by its last touch.
// u2: display with an empty device -> the value "".
const csv = `journey_id,timestamp,channel,conversions,device,market
u1,2024-01-01T00:00:00Z,search,0,mobile,DE
u1,2024-01-02T00:00:00Z,email,0,desktop,DE
u1,2024-01-03T00:00:00Z,,1,tablet,FR
u1,2024-01-04T00:00:00Z,social,0,mobile,FR
u2,2024-01-01T00:00:00Z,display,0,,FR
`;

describe('extra categorical columns (attributeColumns)', () => {
  const expected = [
    {
      column: 'device',
      paths: ['tablet', 'mobile', ''],
      touches: ['mobile', 'desktop', 'mobile', ''],
    },
    { column: 'market', paths: ['FR', 'FR', 'FR'], touches: ['DE', 'DE', 'FR', 'FR'] },
  ];

  it('give each touch its row value and each path the value of the row that closes it (CSV and Arrow alike)', async () => {
    const fromCsv = await readCsvTouchpoints(bytes(csv), { attributeColumns: ['device', 'market'] });
    expect(attributeText(fromCsv)).toEqual(expected);
    // The same rows as Arrow: device as plain strings with a null, market as a dictionary.
    const market = makeVector(
      makeData({ type: new Dictionary(new Utf8(), new Int32()), length: 5, data: Int32Array.from([1, 1, 0, 0, 0]), dictionary: vectorFromArray(['FR', 'DE', 'unused'], new Utf8()) }),
    );
    const table = arrowTable({
      journey_id: ['u1', 'u1', 'u1', 'u1', 'u2'],
      timestamp: Float64Array.from([1, 2, 3, 4, 1]),
      channel: ['search', 'email', '', 'social', 'display'],
      conversions: Float64Array.from([0, 0, 1, 0, 0]),
      device: ['mobile', 'desktop', 'tablet', 'mobile', null],
      market,
    });
    expect(attributeText(fromArrowTouchpoints(table, { attributeColumns: ['device', 'market'] }))).toEqual(expected);
  });

  it('keep only values some kept touch or path uses, in order of first appearance', async () => {
    const skipped = `${csv}u3,2024-01-01T00:00:00Z,search,-1,console,XX\n`;
    const store = await readCsvTouchpoints(bytes(skipped), { attributeColumns: ['device'], skipInvalid: true });
    expect(store.skipped?.count).toBe(1);
    expect(store.attributes![0].names).toEqual(['mobile', 'desktop', 'tablet', '']);
  });

  it('follow their rows when the rows come shuffled', async () => {
    const rowArb = fc.record({ journey: fc.integer({ min: 0, max: 9 }), time: fc.integer({ min: 0, max: 50 }), channel: fc.constantFrom('a', 'b', 'c'), converts: fc.boolean(), segment: fc.constantFrom('x', 'y', '') });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 60 }), async (rows) => {
        // Distinct times within a journey, so the order is fixed whatever the rows' order.
        const seen = new Set<string>();
        const unique = rows.filter((r) => !seen.has(`${r.journey}/${r.time}`) && seen.add(`${r.journey}/${r.time}`));
        const text = (rs: typeof unique) => `journey_id,timestamp,channel,conversions,segment\n${rs.map((r) => `j${r.journey},${r.time},${r.channel},${r.converts ? 1 : 0},${r.segment}`).join('\n')}\n`;
        const sorted = await readCsvTouchpoints(bytes(text(unique)), { attributeColumns: ['segment'] });
        const reversed = await readCsvTouchpoints(bytes(text(unique.slice().reverse())), { attributeColumns: ['segment'] });
        // Per path: its channels and its segment value, compared as sets of lines.
        const lines = (s: PathStore) => {
          const a = s.attributes![0];
          const out: string[] = [];
          for (let p = 0; p < s.pathCount; p++) {
            const touches: string[] = [];
            for (let k = s.offsets[p]; k < s.offsets[p + 1]; k++) touches.push(`${s.channels[s.touches[k]]}:${a.names[a.touch![k]]}`);
            out.push(`${touches.join(' ')} | ${a.names[a.path[p]]} | ${s.conversions[p]}`);
          }
          return out.sort();
        };
        expect(lines(reversed)).toEqual(lines(sorted));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('give each path its row value in the path layout (CSV, Arrow, plain rows)', async () => {
    const rows = [
      { path: 'a > b', conversions: 1, segment: 'new' },
      { path: 'b', conversions: 0, nulls: 2, segment: 'returning' },
      { path: 'a', conversions: 2, segment: 'new' },
    ];
    const want = [{ column: 'segment', paths: ['new', 'returning', 'new'], touches: null }];
    expect(attributeText(fromPathRows(rows, { attributeColumns: ['segment'] }))).toEqual(want);
    const text = `path,conversions,nulls,segment\n${rows.map((r) => `${r.path},${r.conversions},${r.nulls ?? 0},${r.segment}`).join('\n')}\n`;
    expect(attributeText(await readCsvPaths(bytes(text), { attributeColumns: ['segment'] }))).toEqual(want);
    const table = arrowTable({ path: rows.map((r) => r.path), conversions: Float64Array.from(rows.map((r) => r.conversions)), segment: rows.map((r) => r.segment) });
    expect(attributeText(fromArrowPaths(table, { attributeColumns: ['segment'] }))).toEqual(want);
  });

  it('name a missing or misused column', async () => {
    await expect(readCsvTouchpoints(bytes(csv), { attributeColumns: ['persona'], file: 'ev.csv' })).rejects.toThrow(/ev\.csv, line 1, column "persona": missing column/);
    await expect(readCsvTouchpoints(bytes(csv), { attributeColumns: ['channel'] })).rejects.toThrow(/attribute column must be named once and be another column/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1 }], { attributeColumns: ['segment'] })).toThrow(/column "segment": missing column/);
    expect(() => fromArrowTouchpoints(arrowTable({ journey_id: ['u'], channel: ['a'] }), { attributeColumns: ['device'] })).toThrow(/column "device": missing column/);
  });
});
