// Invariants of every heuristic model over random path sets (fast-check, fixed seed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstTouch, fromPathRows, lastNonDirect, lastTouch, linear, positionBased, timeDecay, type ChannelCredits, type PathStore } from '../src/index.js';

const NAMES = ['c0', 'c1', 'c2', 'direct', 'c4', 'c5'];

interface Row {
  path: string[];
  conversions: number;
  value: number;
  nulls: number;
  times: number[];
}

const touchArb = fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 2_000_000_000 }));
const rowArb: fc.Arbitrary<Row> = fc
  .record({
    touches: fc.array(touchArb, { minLength: 1, maxLength: 8 }),
    converts: fc.boolean(),
    conversions: fc.double({ min: 0.001, max: 1000, noNaN: true }),
    value: fc.double({ min: 0, max: 1e6, noNaN: true }),
    nulls: fc.integer({ min: 0, max: 50 }),
  })
  .map((r) => ({
    path: r.touches.map((t) => t[0]),
    times: r.touches.map((t) => t[1]),
    conversions: r.converts ? r.conversions : 0,
    value: r.converts ? r.value : 0,
    nulls: r.nulls,
  }));
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 40 });

type Model = (s: PathStore) => ChannelCredits;
const MODELS: [string, Model][] = [
  ['firstTouch', (s) => firstTouch(s, { perTouch: true })],
  ['lastTouch', (s) => lastTouch(s, { perTouch: true })],
  ['lastNonDirect', (s) => lastNonDirect(s, { perTouch: true })],
  ['linear', (s) => linear(s, { perTouch: true })],
  ['linear unique', (s) => linear(s, { unique: true, perTouch: true })],
  ['positionBased U', (s) => positionBased(s, { perTouch: true })],
  ['positionBased J', (s) => positionBased(s, { preset: 'J', perTouch: true })],
  ['positionBased 0.3/0.1', (s) => positionBased(s, { first: 0.3, last: 0.1, perTouch: true })],
  ['positionBased 0/0', (s) => positionBased(s, { first: 0, last: 0, perTouch: true })],
  ['timeDecay 7d', (s) => timeDecay(s, { perTouch: true })],
  ['timeDecay 1h', (s) => timeDecay(s, { halfLife: '1h', perTouch: true })],
];

const build = (rows: Row[]) => fromPathRows(rows, { timesColumn: 'times' });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
// Relative tolerance, with an absolute floor far below any real amount so subnormal inputs do not fail on rounding.
const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
const byName = (c: ChannelCredits, field: 'conversions' | 'value') => new Map(c.channels.map((n, i) => [n, c[field][i]]));
const params = { seed: 42, numRuns: 200 };

describe.each(MODELS)('%s: properties', (_name, model) => {
  it('conserves conversions and value (channel credits sum to the totals over converting paths)', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const res = model(build(rows));
        const conv = rows.filter((r) => r.conversions > 0);
        expect(close(res.totalConversions, sum(conv.map((r) => r.conversions)), 1e-12)).toBe(true);
        expect(close(res.totalValue, sum(conv.map((r) => r.value)), 1e-12)).toBe(true);
        expect(close(sum(res.conversions), res.totalConversions)).toBe(true);
        expect(close(sum(res.value), res.totalValue)).toBe(true);
        for (const x of res.conversions) expect(x).toBeGreaterThanOrEqual(0);
      }),
      params,
    );
  });

  it('relabelling channels (renamed, permuted, rows reversed) permutes the result', () => {
    const arb = fc.tuple(rowsArb, fc.shuffledSubarray(NAMES, { minLength: NAMES.length, maxLength: NAMES.length }));
    fc.assert(
      fc.property(arb, ([rows, perm]) => {
        // 'direct' must stay direct for lastNonDirect, so it maps to itself.
        const rename = new Map(NAMES.map((n, i) => [n, n === 'direct' ? 'direct' : `x_${perm[i] === 'direct' ? 'd' : perm[i]}`]));
        const renamed = rows.map((r) => ({ ...r, path: r.path.map((n) => rename.get(n)!) })).reverse();
        const a = model(build(rows));
        const b = model(build(renamed));
        const bc = byName(b, 'conversions');
        const bv = byName(b, 'value');
        expect(b.channels.length).toBe(a.channels.length);
        a.channels.forEach((n, i) => {
          const c2 = bc.get(rename.get(n)!)!;
          const v2 = bv.get(rename.get(n)!)!;
          expect(close(a.conversions[i], c2)).toBe(true);
          expect(close(a.value[i], v2)).toBe(true);
        });
      }),
      params,
    );
  });

  it('duplicating a row gives the same credits as doubling its counts', () => {
    const arb = rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.nat({ max: rows.length - 1 })));
    fc.assert(
      fc.property(arb, ([rows, i]) => {
        const duplicated = [...rows, rows[i]];
        const doubled = rows.map((r, k) => (k === i ? { ...r, conversions: 2 * r.conversions, value: 2 * r.value, nulls: 2 * r.nulls } : r));
        const a = model(build(duplicated));
        const b = model(build(doubled));
        expect(a.channels).toEqual(b.channels);
        a.channels.forEach((_n, k) => {
          expect(close(a.conversions[k], b.conversions[k])).toBe(true);
          expect(close(a.value[k], b.value[k])).toBe(true);
        });
        expect(close(a.totalConversions, b.totalConversions)).toBe(true);
      }),
      params,
    );
  });

  it('per-touch credit sums per channel to the channel credits and per path to the path counts', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const store = build(rows);
        const res = model(store);
        const pt = res.perTouch!;
        expect(pt.conversions.length).toBe(store.touches.length);
        const c = new Float64Array(store.channels.length);
        const v = new Float64Array(store.channels.length);
        for (let k = 0; k < store.touches.length; k++) {
          c[store.touches[k]] += pt.conversions[k];
          v[store.touches[k]] += pt.value[k];
        }
        for (let i = 0; i < c.length; i++) {
          expect(close(c[i], res.conversions[i])).toBe(true);
          expect(close(v[i], res.value[i])).toBe(true);
        }
        for (let p = 0; p < store.pathCount; p++) {
          const s = sum(pt.conversions.subarray(store.offsets[p], store.offsets[p + 1]));
          const want = store.conversions[p] > 0 ? store.conversions[p] : 0;
          expect(close(s, want, 1e-12)).toBe(true);
        }
      }),
      params,
    );
  });
});
