import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathCreditError, attribute, dedupePaths, fromPathRows, parseDuration, parseIsoTimestamp, splitPath } from '../src/index.js';
import { canonicalPaths } from './helpers/canonical.js';

describe('fromPathRows', () => {
  it('accepts rows and column arrays, any separator length, and trims names', () => {
    const rows = fromPathRows([
      { path: 'a || b||c', conversions: 2, value: 4 },
      { path: ' c ', conversions: 0, nulls: 3 },
    ], { separator: '||' });
    const cols = fromPathRows({ path: ['a || b||c', ' c '], conversions: [2, 0], value: [4, 0], nulls: [0, 3] }, { separator: '||' });
    expect(canonicalPaths(rows)).toEqual(['"a" > "b" > "c" | 2 | 4 | 0', '"c" | 0 | 0 | 3']);
    expect(canonicalPaths(cols)).toEqual(canonicalPaths(rows));
  });

  it('uses Map semantics for channel names', () => {
    const store = fromPathRows([{ path: ['__proto__', 'constructor', '=1+1', ' '], conversions: 1 }]);
    expect(store.channels).toEqual(['__proto__', 'constructor', '=1+1', ' ']);
  });

  it('rejects bad input with the row, column and value', () => {
    expect(() => fromPathRows([])).toThrow(/the input has no rows/);
    expect(() => fromPathRows([{ path: 'a', conv: 1 }])).toThrow(/column "conversions": missing column/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1 }], { valueColumn: 'revenue' })).toThrow(/column "revenue": missing column/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1 }, { path: 'b', conversions: -1 }])).toThrow(/row 1, column "conversions".*got -1/);
    expect(() => fromPathRows([{ path: 'a', conversions: Infinity }])).toThrow(/row 0, column "conversions"/);
    expect(() => fromPathRows([{ path: 'a', conversions: 'x' }])).toThrow(/conversions must be a finite number/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1, nulls: NaN }])).toThrow(/column "nulls"/);
    expect(() => fromPathRows([{ path: '', conversions: 1 }])).toThrow(/row 0, column "path": path has an empty channel name or no channels/);
    expect(() => fromPathRows([{ path: 'a >  > b', conversions: 1 }])).toThrow(/empty channel name/);
    expect(() => fromPathRows([{ path: 'a', conversions: 0, value: 3 }])).toThrow(/value > 0 on a row with no conversions/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1, times: ['2024-01-01', 'soon'] }], { timesColumn: 'times' })).toThrow(/times must be a list with one time per touch/);
    expect(() => fromPathRows([{ path: 'a', conversions: 1, times: ['soon'] }], { timesColumn: 'times' })).toThrow(/timestamp 1 of the path cannot be parsed, got "soon"/);
    const err = (() => {
      try {
        fromPathRows([{ path: 'a', conversions: -2 }]);
      } catch (e) {
        return e;
      }
    })() as PathCreditError;
    expect(err).toBeInstanceOf(PathCreditError);
    expect([err.row, err.column, err.value]).toEqual([0, 'conversions', -2]);
  });

  it('skips and counts invalid rows when asked', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1 }, { path: '', conversions: 1 }, { path: 'b', conversions: -1 }], { skipInvalid: true });
    expect(store.pathCount).toBe(1);
    expect(store.skipped).toEqual({ count: 2, samples: [expect.stringMatching(/row 1/), expect.stringMatching(/row 2/)] });
    expect(() => fromPathRows([{ path: '', conversions: 1 }], { skipInvalid: true })).toThrow(/every row was invalid \(1 skipped\)/);
  });
});

describe('dedupePaths', () => {
  it('sums identical paths and keeps totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ path: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }), conversions: fc.nat(5), nulls: fc.nat(5) }), {
          minLength: 1,
          maxLength: 60,
        }),
        (rows) => {
          const store = fromPathRows(rows.map((r) => ({ ...r, value: r.conversions * 1.5 })));
          const merged = dedupePaths(store);
          const keys = new Set(rows.map((r) => r.path.join('\u0000')));
          expect(merged.pathCount).toBe(keys.size);
          const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
          expect(sum(merged.conversions)).toBe(sum(store.conversions));
          expect(sum(merged.nulls)).toBe(sum(store.nulls));
          expect(sum(merged.value)).toBeCloseTo(sum(store.value), 9);
          // Naive per-path sums equal the merged rows.
          const naive = new Map<string, number>();
          for (const r of rows) naive.set(JSON.stringify(r.path), (naive.get(JSON.stringify(r.path)) ?? 0) + r.conversions);
          for (let p = 0; p < merged.pathCount; p++) {
            const names = Array.from(merged.touches.subarray(merged.offsets[p], merged.offsets[p + 1]), (id) => merged.channels[id]);
            expect(merged.conversions[p]).toBe(naive.get(JSON.stringify(names)));
          }
          expect(canonicalPaths(dedupePaths(merged))).toEqual(canonicalPaths(merged));
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('timestamps and durations', () => {
  it('parses ISO-8601 as UTC unless a zone is given', () => {
    expect(parseIsoTimestamp('2024-03-01T12:00:00Z')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(parseIsoTimestamp('2024-03-01 12:00:00')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(parseIsoTimestamp('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseIsoTimestamp('2024-03-01T12:00:00.250+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 250));
    expect(parseIsoTimestamp('2024-03-01T12:00-0130')).toBe(Date.UTC(2024, 2, 1, 13, 30));
    for (const bad of ['2024-01-01T12:75:00Z', '2024-01-01T12:00:60Z', '2024-02-30', '2024-13-01', 'yesterday', '', '2024-03-01T25:00:00Z', '1709294400000']) expect(parseIsoTimestamp(bad)).toBeNaN();
  });

  it('parses durations', () => {
    expect(parseDuration('7d', 'halfLife')).toBe(7 * 86_400_000);
    expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
    expect(parseDuration(250, 'x')).toBe(250);
    expect(parseDuration('2w', 'x')).toBe(14 * 86_400_000);
    expect(() => parseDuration('7 days', 'lookback')).toThrow(/lookback must be a duration/);
    expect(() => parseDuration(0, 'lookback')).toThrow(/positive/);
    expect(() => parseDuration(-5, 'lookback')).toThrow(/positive/);
  });
});

describe('path store capacity and merging', () => {
  it('holds more than 65,535 channels (ids are Uint32)', () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => ({ path: [`c${i}`, `c${(i + 1) % 70_000}`], conversions: 1 }));
    const store = fromPathRows(rows);
    expect(store.channels.length).toBe(70_000);
    expect(Math.max(...store.touches.subarray(store.touches.length - 10))).toBeGreaterThan(65_535);
    const credits = attribute(store, { models: ['linear', 'last_touch'] });
    // Each channel is touched twice (once first, once last) with half a conversion each time.
    expect(credits.credits[0].conversions.every((x) => x === 1)).toBe(true);
    expect(credits.credits[1].conversions.every((x) => x === 1)).toBe(true);
    expect(credits.credits[0].channels[69_999]).toBe('c69999');
  });

  it('merging identical paths changes no model but time decay', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ path: fc.array(fc.constantFrom('a', 'b', 'c', 'direct'), { minLength: 1, maxLength: 5 }), conversions: fc.nat(3), nulls: fc.nat(3) }), {
          minLength: 2,
          maxLength: 40,
        }),
        (rows) => {
          if (!rows.some((r) => r.conversions > 0)) return;
          const store = fromPathRows(rows.map((r) => ({ ...r, value: r.conversions * 2.5 })));
          const models = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'markov'] as const;
          const before = attribute(store, { models: [...models] }).credits;
          const after = attribute(dedupePaths(store), { models: [...models] }).credits;
          for (const [m, c] of before.entries()) {
            for (let i = 0; i < c.channels.length; i++) {
              expect(after[m].conversions[i]).toBeCloseTo(c.conversions[i], 10);
              expect(after[m].value[i]).toBeCloseTo(c.value[i], 10);
            }
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('separators inside channel names', () => {
  it('a backslash before the separator keeps it in the name', () => {
    expect(splitPath('a\\ > b > c', ' > ')).toEqual(['a > b', 'c']);
    expect(splitPath('a\\\\ > b', ' > ')).toEqual(['a\\', 'b']);
    expect(splitPath('C:\\dir > x', ' > ')).toEqual(['C:\\dir', 'x']);
    expect(splitPath('x\\,y,z', ',')).toEqual(['x,y', 'z']);
    const store = fromPathRows([{ path: 'a\\ > b > c', conversions: 1 }]);
    expect(store.channels).toEqual(['a > b', 'c']);
  });
});

describe('async readers reject instead of throwing', () => {
  it('bad options come back as a rejected promise', async () => {
    const { readCsv, readCsvTouchpoints } = await import('../src/index.js');
    const bytes = new TextEncoder().encode('journey_id,channel,conversions\nu,a,1\n');
    const pending = readCsv(bytes, { maxTouches: 0 });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow(/maxTouches must be an integer >= 1/);
    await expect(readCsvTouchpoints(bytes, { lookback: 'soon' })).rejects.toThrow(/lookback must be a duration/);
  });
});
