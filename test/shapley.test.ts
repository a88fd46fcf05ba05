// The Shapley family: worked examples (Snowplow's fractribution integration data, the spec's
// negative case, DP6's README), brute-force oracles over all orderings of the players, and the
// invariants (conservation, relabelling, unused channels, split and merge).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, fromPathRows, leaveOneOut, PathSummary, type PathStore, shapley, shapleyRate } from '../src/index.js';
import { SNOWPLOW_PATH_SUMMARY } from './helpers/snowplow-data.js';

/** A path row as `fromPathRows` reads it. */
interface PathRow {
  path: string;
  conversions?: number;
  value?: number;
  nulls?: number;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const credit = (store: PathStore, values: Float64Array, name: string) => values[store.channels.indexOf(name)];

const SNOWPLOW = SNOWPLOW_PATH_SUMMARY;

describe('worked examples', () => {
  const store = fromPathRows(SNOWPLOW);

  it("leave-one-out reproduces Snowplow's published channel attribution", () => {
    // snowplow_fractribution_channel_attribution_expected.csv (shapley rows):
    // Direct 3.5409582690664606 / 170.1541576513044818, Organic_Search 1.459041731664606 / 130.7658423493044818, Video 1 / 200.
    const r = leaveOneOut(store);
    expect(Math.abs(credit(store, r.conversions, 'Direct') - 3.5409582690664606)).toBeLessThan(1e-9);
    expect(Math.abs(credit(store, r.conversions, 'Organic_Search') - 1.459041731664606)).toBeLessThan(1e-9);
    expect(Math.abs(credit(store, r.value, 'Direct') - 170.1541576513044818)).toBeLessThan(1e-8);
    expect(Math.abs(credit(store, r.value, 'Organic_Search') - 130.7658423493044818)).toBeLessThan(1e-8);
    expect(credit(store, r.conversions, 'Video')).toBe(1);
    for (const c of ['Referral', 'Paid_Search_Other', 'Unmatched_Channel']) expect(credit(store, r.conversions, c)).toBe(0);
    // By hand: marginals 0.5 - 3/28 (Organic_Search) and 0.5 - 1/27 (Direct), shares 0.459 / 0.541.
    const mOs = 0.5 - 3 / 28;
    const mD = 0.5 - 1 / 27;
    expect(credit(store, r.conversions, 'Direct')).toBeCloseTo(3 + mD / (mOs + mD), 14);
  });

  it('shapley-rate gives phi = (0.214947, 0.285053) on the two-channel path, shares 0.429894 / 0.570106', () => {
    const r = shapleyRate(store);
    // phi_OS = 1/2 r(OS) + 1/2 (r(OS,D) - r(D)) = 1/54 + (1/2 - 3/28) / 2.
    const phiOs = 1 / 54 + (0.5 - 3 / 28) / 2;
    const phiD = 3 / 56 + (0.5 - 1 / 27) / 2;
    expect(phiOs).toBeCloseTo(0.214947, 6);
    expect(phiD).toBeCloseTo(0.285053, 6);
    expect(credit(store, r.conversions, 'Organic_Search')).toBeCloseTo(1 + phiOs / (phiOs + phiD), 12);
    expect(credit(store, r.conversions, 'Direct') - 3).toBeCloseTo(0.570106, 6);
    expect(credit(store, r.value, 'Direct')).toBeCloseTo(94.42 + (140 * phiD) / (phiOs + phiD), 9);
    expect(r.report.negativePaths).toBe(0);
  });

  it('simplified shapley splits the two-channel path 0.5 / 0.5', () => {
    const r = shapley(store);
    expect(credit(store, r.conversions, 'Organic_Search')).toBe(1.5);
    expect(credit(store, r.conversions, 'Direct')).toBe(3.5);
  });

  it('the negative case r(A) = 0.6, r(B) = 0.1, r(AB) = 0.2 gives phi = (0.35, -0.15), clamped by default, kept on request, counted either way', () => {
    const neg = fromPathRows([
      { path: 'A', conversions: 6, nulls: 4 },
      { path: 'B', conversions: 1, nulls: 9 },
      { path: 'A > B', conversions: 2, nulls: 8 },
    ]);
    const clamp = shapleyRate(neg);
    // Clamped: phi_B = 0, so A takes all 2 conversions of A > B.
    expect(credit(neg, clamp.conversions, 'A')).toBeCloseTo(8, 12);
    expect(credit(neg, clamp.conversions, 'B')).toBeCloseTo(1, 12);
    expect(clamp.report).toMatchObject({ negativePaths: 1, negativeConversions: 2, negative: 'clamp' });
    const keep = shapleyRate(neg, { negative: 'keep' });
    // Kept: shares 0.35 / 0.2 and -0.15 / 0.2.
    expect(credit(neg, keep.conversions, 'A')).toBeCloseTo(6 + 2 * 1.75, 12);
    expect(credit(neg, keep.conversions, 'B')).toBeCloseTo(1 - 2 * 0.75, 12);
    expect(keep.report.negativePaths).toBe(1);
    expect(sum(keep.conversions)).toBeCloseTo(9, 12);
    const flags = attribute(neg, { models: ['shapley_rate'] }).diagnostics.flags.filter((f) => f.kind === 'negative-marginals');
    expect(flags).toHaveLength(1);
    expect(flags[0].message).toMatch(/1 converting paths .* clamped to 0/);
  });

  it("DP6's README: the characteristic function of Organic Search > Facebook > Direct, and the published row Organic > Youtube = [30.5, -22.5]", () => {
    // README coalition values ($): OS 7, FB 6, D 4, OS+FB 15, OS+D 7, FB+D 9, all three 19, as
    // conversions of exactly those channel sets (DP6's values_col = 'conversions', negatives kept).
    const game = fromPathRows([
      { path: 'OS', conversions: 7 },
      { path: 'FB', conversions: 6 },
      { path: 'D', conversions: 4 },
      { path: 'OS > FB', conversions: 15 },
      { path: 'OS > D', conversions: 7 },
      { path: 'FB > D', conversions: 9 },
      { path: 'OS > FB > D', conversions: 19 },
    ]);
    // The Shapley values of the three-channel game by hand: (23/3, 49/6, 19/6).
    const only = shapleyRate(game, { coalitionValue: 'conversions', negative: 'keep', perTouch: true });
    const p = 6; // row 'OS > FB > D'
    const touches = Array.from(only.perTouch!.conversions.subarray(game.offsets[p], game.offsets[p + 1]));
    expect(touches[0]).toBeCloseTo(23 / 3, 12);
    expect(touches[1]).toBeCloseTo(49 / 6, 12);
    expect(touches[2]).toBeCloseTo(19 / 6, 12);
    // README table for size 3, values_col 'conversions': Organic 64 conversions, Youtube 11,
    // Organic > Youtube 8 -> [30.5, -22.5].
    const readme = fromPathRows([
      { path: 'Organic', conversions: 64, nulls: 28 },
      { path: 'Youtube', conversions: 11, nulls: 4 },
      { path: 'Organic > Youtube', conversions: 8, nulls: 3 },
    ]);
    const r = shapleyRate(readme, { coalitionValue: 'conversions', negative: 'keep', perTouch: true });
    const row = readme.offsets[2];
    expect(r.perTouch!.conversions[row]).toBeCloseTo(30.5, 12);
    expect(r.perTouch!.conversions[row + 1]).toBeCloseTo(-22.5, 12);
  });
});

/** Every ordering of the players (n! permutations): the textbook Shapley value, independent of the subset formula. */
function shapleyByPermutations(players: string[], v: (coalition: Set<string>) => number): Map<string, number> {
  const phi = new Map(players.map((p) => [p, 0]));
  let count = 0;
  const permute = (rest: string[], prefix: string[]) => {
    if (rest.length === 0) {
      count++;
      const seen = new Set<string>();
      let prev = v(seen);
      for (const p of prefix) {
        seen.add(p);
        const cur = v(seen);
        phi.set(p, phi.get(p)! + cur - prev);
        prev = cur;
      }
      return;
    }
    rest.forEach((p, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...prefix, p]));
  };
  permute(players, []);
  for (const [p, x] of phi) phi.set(p, x / count);
  return phi;
}

const setKey = (names: Iterable<string>) => [...new Set(names)].sort().join('|');

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const rowArb = fc.record({
  path: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 }),
  conversions: fc.integer({ min: 0, max: 9 }),
  nulls: fc.integer({ min: 0, max: 9 }),
  value: fc.integer({ min: 1, max: 500 }),
});
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 25 }).map((rows) =>
  rows.map((r) => ({ path: r.path.join(' > '), conversions: r.conversions, nulls: r.nulls, value: r.conversions > 0 ? r.value : 0 })),
);

describe('brute-force oracles (all orderings of the players)', () => {
  it('shapley-rate equals the permutation Shapley value of v(T) = r(T) on every converting set', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const c = new Map<string, number>();
        const n = new Map<string, number>();
        for (const r of rows) {
          const k = setKey(r.path.split(' > '));
          c.set(k, (c.get(k) ?? 0) + r.conversions);
          n.set(k, (n.get(k) ?? 0) + r.nulls);
        }
        const rate = (s: Set<string>) => {
          const k = setKey(s);
          const cc = c.get(k) ?? 0;
          const total = cc + (n.get(k) ?? 0);
          return total > 0 ? cc / total : 0;
        };
        for (const negative of ['clamp', 'keep'] as const) {
          const expected = new Map<string, number>();
          for (const r of rows) {
            if (r.conversions === 0) continue;
            const players = [...new Set(r.path.split(' > '))];
            const phi = shapleyByPermutations(players, rate);
            const kept = players.map((p) => (negative === 'clamp' ? Math.max(0, phi.get(p)!) : phi.get(p)!));
            const total = kept.reduce((s, x) => s + x, 0);
            players.forEach((p, i) => expected.set(p, (expected.get(p) ?? 0) + (r.conversions * kept[i]) / total));
          }
          const store = fromPathRows(rows);
          const got = shapleyRate(store, { negative });
          for (const [p, x] of expected) expect(Math.abs(credit(store, got.conversions, p) - x)).toBeLessThan(1e-9);
        }
      }),
      { seed: 41, numRuns: 150 },
    );
  });

  it('simplified shapley equals the permutation Shapley value of v(T) = sum of c(U) over observed U within T, over all channels', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const c = new Map<string, number>();
        for (const r of rows) {
          const k = setKey(r.path.split(' > '));
          c.set(k, (c.get(k) ?? 0) + r.conversions);
        }
        const sets = [...c].map(([k, x]) => ({ members: k.split('|'), x }));
        const v = (t: Set<string>) => sets.filter((u) => u.members.every((m) => t.has(m))).reduce((s, u) => s + u.x, 0);
        const players = [...new Set(rows.flatMap((r) => r.path.split(' > ')))];
        const phi = shapleyByPermutations(players, v);
        const store = fromPathRows(rows);
        const got = shapley(store);
        for (const p of players) expect(Math.abs(credit(store, got.conversions, p) - phi.get(p)!)).toBeLessThan(1e-9);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('leave-one-out equals a direct computation on sequences', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const c = new Map<string, number>();
        const n = new Map<string, number>();
        for (const r of rows) {
          c.set(r.path, (c.get(r.path) ?? 0) + r.conversions);
          n.set(r.path, (n.get(r.path) ?? 0) + r.nulls);
        }
        const prob = (x: string[]) => {
          const k = x.join(' > ');
          const cc = c.get(k) ?? 0;
          const t = cc + (n.get(k) ?? 0);
          return t > 0 ? cc / t : 0;
        };
        const expected = new Map<string, number>();
        for (const r of rows) {
          if (r.conversions === 0) continue;
          const x = r.path.split(' > ');
          let shares: number[];
          if (x.length === 1) shares = [1];
          else {
            const m = x.map((_, i) => Math.max(0, prob(x) - prob([...x.slice(0, i), ...x.slice(i + 1)])));
            const t = m.reduce((s, y) => s + y, 0);
            shares = t > 0 ? m.map((y) => y / t) : x.map((_, i) => (i === x.length - 1 ? 1 : 0));
          }
          x.forEach((ch, i) => expected.set(ch, (expected.get(ch) ?? 0) + r.conversions * shares[i]));
        }
        const store = fromPathRows(rows);
        const got = leaveOneOut(store);
        for (const [p, x] of expected) expect(Math.abs(credit(store, got.conversions, p) - x)).toBeLessThan(1e-9);
      }),
      { seed: 43, numRuns: 150 },
    );
  });
});

describe('invariants (fast-check, fixed seeds)', () => {
  const models: [string, (s: PathStore) => { conversions: Float64Array; value: Float64Array; totalConversions: number; totalValue: number; perTouch?: { conversions: Float64Array } }][] = [
    ['shapley', (s) => shapley(s, { perTouch: true })],
    ['shapley_rate', (s) => shapleyRate(s, { perTouch: true })],
    ['shapley_rate keep', (s) => shapleyRate(s, { negative: 'keep', perTouch: true })],
    ['shapley_rate conversions', (s) => shapleyRate(s, { coalitionValue: 'conversions', perTouch: true })],
    ['leave_one_out', (s) => leaveOneOut(s, { perTouch: true })],
    ['leave_one_out collapsed', (s) => leaveOneOut(s, { collapseRepeats: true, perTouch: true })],
  ];
  for (const [name, run] of models) {
    it(`${name}: conserves totals to 1e-9, per touch too, and gives channels outside converting paths 0`, () => {
      fc.assert(
        fc.property(rowsArb, (rows) => {
          const store = fromPathRows([...rows, { path: 'only_null > a', conversions: 0, nulls: 3 }]);
          const r = run(store);
          expect(Math.abs(sum(r.conversions) - r.totalConversions)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalConversions));
          expect(Math.abs(sum(r.value) - r.totalValue)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalValue));
          expect(Math.abs(sum(r.perTouch!.conversions) - r.totalConversions)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.totalConversions));
          expect(credit(store, r.conversions, 'only_null')).toBe(0);
        }),
        { seed: 7, numRuns: 80 },
      );
    });

    it(`${name}: relabelling channels and reordering rows permutes the result; splitting and merging the input changes nothing`, () => {
      fc.assert(
        fc.property(rowsArb, (rows) => {
          const store = fromPathRows(rows);
          const r = run(store);
          const renamed = fromPathRows([...rows].reverse().map((x) => ({ ...x, path: x.path.split(' > ').map((c) => `ch_${c}`).join(' > ') })));
          const r2 = run(renamed);
          const half = Math.ceil(rows.length / 2);
          const merged = new PathSummary().add(fromPathRows(rows.slice(0, half))).merge(new PathSummary().add(fromPathRows(rows.slice(half).length > 0 ? rows.slice(half) : rows.slice(0, 1).map((x) => ({ ...x, conversions: 0, nulls: 0, value: 0 }))))).toStore();
          const r3 = run(merged);
          for (const c of store.channels) {
            const x = credit(store, r.conversions, c);
            expect(Math.abs(credit(renamed, r2.conversions, `ch_${c}`) - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
            expect(Math.abs(credit(merged, r3.conversions, c) - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
          }
        }),
        { seed: 8, numRuns: 60 },
      );
    });
  }
});

describe('permutation sampling above the exact cap', () => {
  const long = Array.from({ length: 18 }, (_, i) => `c${i}`);
  const rows: PathRow[] = [
    { path: long.join(' > '), conversions: 5, nulls: 2, value: 500 },
    { path: long.slice(0, 9).join(' > '), conversions: 3, nulls: 6, value: 90 },
    { path: long.slice(4, 12).join(' > '), conversions: 2, nulls: 9, value: 40 },
    { path: 'c3 > c7', conversions: 4, nulls: 5, value: 80 },
    { path: 'c3', conversions: 1, nulls: 8, value: 10 },
  ];

  it('estimates the exact values within a few standard errors, reports the error, and is seeded', () => {
    const store = fromPathRows(rows);
    const exact = shapleyRate(store, { maxExactChannels: 18 });
    const sampled = shapleyRate(store, { maxExactChannels: 16, permutations: 4000, seed: 3 });
    expect(exact.report.sampledSets).toBe(0);
    expect(sampled.report.sampledSets).toBe(1);
    expect(sampled.report.maxSetSize).toBe(18);
    expect(Math.abs(sum(sampled.conversions) - 15)).toBeLessThan(1e-9);
    for (let c = 0; c < store.channels.length; c++) {
      const se = sampled.report.samplingStandardError[c];
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(sampled.conversions[c] - exact.conversions[c])).toBeLessThan(5 * se + 1e-12);
    }
    expect(shapleyRate(store, { maxExactChannels: 16, permutations: 4000, seed: 3 }).conversions).toEqual(sampled.conversions);
    expect(shapleyRate(store, { maxExactChannels: 16, permutations: 4000, seed: 4 }).conversions).not.toEqual(sampled.conversions);
    expect(attribute(store, { models: ['shapley_rate'], shapleyRate: { permutations: 500 } }).diagnostics.flags.some((f) => f.kind === 'sampled-shapley')).toBe(true);
  });

  it('keeps exact sets exact when sampled sets come between them', () => {
    // 'x > y' is planned first, then the 18-channel set (sampled), then 'x' and 'y' alone.
    const mixed = fromPathRows([
      { path: 'x > y', conversions: 3, nulls: 2, value: 30 },
      ...rows,
      { path: 'x', conversions: 2, nulls: 5, value: 20 },
      { path: 'y', conversions: 1, nulls: 7, value: 10 },
    ]);
    const exact = shapleyRate(mixed, { maxExactChannels: 18 });
    const sampled = shapleyRate(mixed, { maxExactChannels: 16, permutations: 200 });
    expect(sampled.report.sampledSets).toBe(1);
    for (const c of ['x', 'y']) expect(credit(mixed, sampled.conversions, c)).toBeCloseTo(credit(mixed, exact.conversions, c), 12);
    // By hand: r(x) = 2/7, r(y) = 1/8, r(xy) = 3/5; phi_x = r(x)/2 + (r(xy) - r(y))/2.
    const phiX = 1 / 7 + (3 / 5 - 1 / 8) / 2;
    const phiY = 1 / 16 + (3 / 5 - 2 / 7) / 2;
    expect(credit(mixed, exact.conversions, 'x')).toBeCloseTo(2 + (3 * phiX) / (phiX + phiY), 12);
  });

  it('refuses a set above the cap when sampling is off, and invalid options', () => {
    const store = fromPathRows(rows);
    expect(() => shapleyRate(store, { permutations: 0 })).toThrow(/18 distinct channels, above maxExactChannels 16; allow permutation sampling/);
    expect(() => shapleyRate(store, { negative: 'drop' as 'keep' })).toThrow(/negative must be/);
    expect(() => shapleyRate(store, { coalitionValue: 'value' as 'rate' })).toThrow(/coalitionValue/);
    expect(() => shapleyRate(store, { maxExactChannels: 0 })).toThrow(/maxExactChannels/);
    expect(() => shapleyRate(store, { permutations: 1 })).toThrow(/permutations/);
    expect(() => leaveOneOut(store, { negative: 'x' as 'keep' })).toThrow(/negative must be/);
  });
});

describe('leave-one-out options', () => {
  it('keep leaves negative marginals in, and a path whose marginals sum to 0 goes to its last touch', () => {
    // P(a > b) = 0.2 < P(b) = 0.5 and P(a) = 0.1: removing a raises the rate (marginal -0.3), removing b lowers it (+0.1).
    const store = fromPathRows([
      { path: 'a > b', conversions: 1, nulls: 4 },
      { path: 'b', conversions: 1, nulls: 1 },
      { path: 'a', conversions: 1, nulls: 9 },
      // Both marginals are 0: P(c > d) = P(c) = P(d) = 0.5.
      { path: 'c > d', conversions: 1, nulls: 1 },
      { path: 'c', conversions: 1, nulls: 1 },
      { path: 'd', conversions: 1, nulls: 1 },
    ]);
    const clamp = leaveOneOut(store, { perTouch: true });
    expect(clamp.perTouch!.conversions[0]).toBe(0);
    expect(clamp.perTouch!.conversions[1]).toBe(1);
    expect(clamp.report.negativePaths).toBe(1);
    expect(clamp.report.lastTouchFallbackPaths).toBe(1);
    const cd = store.offsets[3];
    expect(clamp.perTouch!.conversions[cd]).toBe(0);
    expect(clamp.perTouch!.conversions[cd + 1]).toBe(1);
    // keep: marginals -0.3 (a) and 0.1 (b) sum to -0.2 <= 0, so the last touch takes it.
    const keep = leaveOneOut(store, { negative: 'keep', perTouch: true });
    expect(keep.perTouch!.conversions[0]).toBe(0);
    expect(keep.perTouch!.conversions[1]).toBe(1);
    expect(keep.report.lastTouchFallbackPaths).toBe(2);
  });

  it('collapseRepeats looks up the exposure-transformed path and splits a collapsed touch over its repeats', () => {
    const store = fromPathRows([
      { path: 'a > a > b', conversions: 2, nulls: 2 },
      { path: 'a', conversions: 1, nulls: 3 },
      { path: 'b', conversions: 1, nulls: 1 },
    ]);
    const r = leaveOneOut(store, { collapseRepeats: true, perTouch: true });
    // Collapsed 'a > b': P = 0.5, marginals 0.5 - P(b) = 0 and 0.5 - P(a) = 0.25 -> all to b.
    expect(Array.from(r.perTouch!.conversions.subarray(0, 3))).toEqual([0, 0, 2]);
    const plain = leaveOneOut(store, { perTouch: true });
    // Uncollapsed 'a > a > b': removing either a leaves 'a > b' (unobserved, 0); removing b leaves 'a > a' (0).
    const p = Array.from(plain.perTouch!.conversions.subarray(0, 3));
    expect(p[0]).toBeCloseTo(2 / 3, 12);
    expect(p[1]).toBeCloseTo(2 / 3, 12);
    expect(p[2]).toBeCloseTo(2 / 3, 12);
  });
});
