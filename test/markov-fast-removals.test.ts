import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransitionCounter, fromPathRows, markov, markovFromCounts, type TransitionCounterJSON } from '../src/index.js';
import { buildChain } from '../src/markov/chain.js';
import { fundamentalRemovals } from '../src/markov/fundamental.js';
import { prepareRemovals, removeStateSet } from '../src/markov/state-set-removal.js';
import { campaignName, campaignRows as generateCampaignRows } from '../bench/lib/campaign-paths.js';
import { expectMatchesReference, referenceGroupRemoval, referenceSolve, sum, type Row } from './helpers/markov-reference.js';

const FC = { seed: 20251201, numRuns: 60 } as const;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Random path rows over `channels` channels with skewed popularity (low ids are common), at least one conversion. */
const rowsArb = (channels: number, maxRows: number) =>
  fc
    .array(
      fc.record({
        touches: fc.array(fc.integer({ min: 0, max: channels * channels - 1 }).map((u) => Math.floor(Math.sqrt(u))), { minLength: 1, maxLength: 7 }),
        conversions: fc.integer({ min: 0, max: 3 }),
        nulls: fc.integer({ min: 0, max: 4 }),
        value: fc.integer({ min: 0, max: 900 }),
      }),
      { minLength: 1, maxLength: maxRows },
    )
    .map((rs) =>
      rs.map((r, i): Row => {
        const conversions = i === 0 ? Math.max(1, r.conversions) : r.conversions;
        return { path: r.touches.map((t) => `c${channels - 1 - t}`).join(' > '), conversions, nulls: r.nulls, value: conversions > 0 ? r.value / 4 : 0 };
      }),
    );

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe("solver 'fundamental' (order 1, the diagonal of the fundamental matrix)", () => {
  it('equals the per-removal solves (direct and iterative) to 1e-9 on random chains, whatever the number of hubs', () => {
    fc.assert(
      fc.property(rowsArb(12, 40), fc.constantFrom(1, 2, 4, 1000), (rows, hubs) => {
        const counter = new TransitionCounter().add(fromPathRows(rows));
        const sys = buildChain(counter);
        const sol = fundamentalRemovals(sys, sys.rv, 1e-12, 100_000, { hubs });
        expect(sol.hubs).toBe(Math.min(hubs, sys.n - 1));
        expect(sol.errorBound).toBeLessThanOrEqual(1e-10);
        for (const solver of ['direct', 'iterative'] as const) {
          const oracle = markovFromCounts(counter, { solver });
          expect(sol.p).toBeCloseTo(oracle.conversionProbability, 11);
          const re = Array.from(sol.pRemoved, (p) => clamp01(1 - p / sol.p));
          const rv = Array.from(sol.vRemoved, (v) => (sol.v > 0 ? clamp01(1 - v / sol.v) : 0));
          expect(maxDiff(re, oracle.removalEffects)).toBeLessThan(1e-9);
          expect(maxDiff(rv, oracle.valueRemovalEffects)).toBeLessThan(1e-9);
        }
      }),
      FC,
    );
  });

  it('matches an independent dense mathjs solve through the public API', () => {
    fc.assert(
      fc.property(rowsArb(6, 10), (rows) => {
        const ref = referenceSolve(rows, 1, false);
        const r = markov(fromPathRows(rows), { solver: 'fundamental' });
        expect(r.solver.method).toBe('fundamental');
        expectMatchesReference(r, ref);
      }),
      FC,
    );
  });

  it('conserves conversions and value, keeps removal effects in [0, 1] and P at the flow ratio', () => {
    fc.assert(
      fc.property(rowsArb(20, 30), fc.constantFrom('exact' as const, 'proportional' as const), (rows, value) => {
        const r = markov(fromPathRows(rows), { solver: 'fundamental', value });
        for (const v of [...r.removalEffects, ...r.valueRemovalEffects]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(sum(r.credits.conversions)).toBeCloseTo(sum(rows.map((x) => x.conversions)), 9);
        expect(sum(r.credits.value)).toBeCloseTo(sum(rows.map((x) => x.value)), 7);
        expect(r.flowConservationError).toBeLessThan(1e-12);
      }),
      FC,
    );
  });

  it('on a campaign-like chain (700 channels) auto picks it, reports hubs and its error bound, and equals direct to 1e-9', () => {
    const rows = campaignRows(700, 9000, 11);
    const store = fromPathRows(rows);
    const auto = markov(store);
    const direct = markov(store, { solver: 'direct' });
    expect(auto.stateCount).toBeGreaterThan(600);
    expect(auto.solver.method).toBe('fundamental');
    expect(auto.solver.hubStates).toBeGreaterThan(0);
    expect(auto.solver.hubStates).toBeLessThan(auto.stateCount);
    expect(auto.solver.removalErrorBound).toBeLessThanOrEqual(1e-10);
    expect(auto.solver.residual).toBeLessThanOrEqual(1e-12);
    expect(maxDiff(auto.removalEffects, direct.removalEffects)).toBeLessThan(1e-9);
    expect(maxDiff(auto.valueRemovalEffects, direct.valueRemovalEffects)).toBeLessThan(1e-9);
    expect(maxDiff(auto.credits.conversions, direct.credits.conversions)).toBeLessThan(1e-6);
    // Every removal effect is positive for a channel on a converting path, and they differ.
    expect(new Set(Array.from(auto.removalEffects, (v) => v.toFixed(12))).size).toBeGreaterThan(500);
  });

  it('handles self-loops in hand-made counts', () => {
    const json: TransitionCounterJSON = {
      format: 'pathcredit.markov.counts',
      version: 1,
      order: 1,
      collapseRepeats: false,
      channels: ['a', 'b', 'c'],
      states: [[0], [1], [2]],
      from: [0, 0, 3, 3, 3, 4, 4, 4, 5, 5],
      to: [3, 5, 3, 4, 2, 4, 1, 5, 1, 2],
      count: [6, 2, 2, 3, 1, 1, 2, 1, 2, 1],
      endValue: [0, 20, 30],
      totals: { conversions: 4, nulls: 4, value: 50, paths: 8 },
    };
    const counter = TransitionCounter.fromJSON(json);
    const sys = buildChain(counter);
    const direct = markovFromCounts(counter, { solver: 'direct' });
    for (const hubs of [1, 2, 3]) {
      const sol = fundamentalRemovals(sys, sys.rv, 1e-13, 100_000, { hubs });
      expect(maxDiff(sol.pRemoved, direct.removedConversionProbability)).toBeLessThan(1e-10);
      expect(maxDiff(sol.vRemoved, direct.removedExpectedValue)).toBeLessThan(1e-9);
    }
  });

  it('refuses orders above 1 with a clear error, and the solver option lists every method', () => {
    const store = fromPathRows([{ path: 'a > b > c', conversions: 1 }, { path: 'b', conversions: 0, nulls: 2 }]);
    expect(() => markov(store, { order: 2, solver: 'fundamental' })).toThrow(/needs one state per channel \(order 1\)/);
    expect(() => markov(store, { solver: 'lu' as never })).toThrow(/'auto', 'direct', 'iterative', 'fundamental', 'affected'/);
  });
});

describe("solver 'affected' and removals of state sets", () => {
  it('matches the independent mathjs solve at orders 1..4, both collapse settings', () => {
    fc.assert(
      fc.property(rowsArb(5, 8), fc.integer({ min: 1, max: 4 }), fc.boolean(), (rows, order, collapseRepeats) => {
        const ref = referenceSolve(rows, order, collapseRepeats);
        const r = markov(fromPathRows(rows), { order, collapseRepeats, solver: 'affected' });
        expect(r.solver.method).toBe('affected');
        expectMatchesReference(r, ref);
      }),
      FC,
    );
  });

  it('equals the whole-chain per-removal solve to 1e-9 on larger random chains at orders 1..3', () => {
    fc.assert(
      fc.property(rowsArb(15, 40), fc.integer({ min: 1, max: 3 }), (rows, order) => {
        const store = fromPathRows(rows);
        const a = markov(store, { order, solver: 'affected' });
        const it = markov(store, { order, solver: 'iterative' });
        expect(maxDiff(a.removalEffects, it.removalEffects)).toBeLessThan(1e-9);
        expect(maxDiff(a.valueRemovalEffects, it.valueRemovalEffects)).toBeLessThan(1e-9);
        expect(a.solver.residual).toBeLessThanOrEqual(1e-12);
      }),
      { ...FC, numRuns: 40 },
    );
  });

  it('removes a group of channels together (every state containing any of them) as the mathjs reference does', () => {
    fc.assert(
      fc.property(rowsArb(5, 8), fc.integer({ min: 1, max: 3 }), fc.subarray(['c0', 'c1', 'c2', 'c3', 'c4'], { minLength: 1, maxLength: 3 }), (rows, order, group) => {
        const counter = new TransitionCounter({ order }).add(fromPathRows(rows));
        const sys = buildChain(counter);
        const base = prepareRemovals(sys, sys.rv, 1e-13, 100_000)!;
        const states: number[] = [];
        for (const name of group) {
          const c = counter.channels.indexOf(name);
          if (c >= 0) states.push(...sys.removal.subarray(sys.removalPtr[c], sys.removalPtr[c + 1]));
        }
        const ref = referenceGroupRemoval(rows, order, false, group);
        const out = removeStateSet(base, states);
        expect(out.converged).toBe(true);
        expect(out.p).toBeCloseTo(ref.p, 10);
        expect(out.v).toBeCloseTo(ref.v, 8);
        // the base is reusable: the same call again gives the same bits
        expect(removeStateSet(base, states).p).toBe(out.p);
      }),
      FC,
    );
  });

  it('re-solves only the states that can reach the removed ones', () => {
    const rows: Row[] = [
      { path: 'a > b', conversions: 2, value: 10, nulls: 1 },
      { path: 'c > d', conversions: 1, value: 5, nulls: 3 },
      { path: 'd', conversions: 0, value: 0, nulls: 2 },
    ];
    const counter = new TransitionCounter().add(fromPathRows(rows));
    const sys = buildChain(counter);
    const base = prepareRemovals(sys, sys.rv, 1e-13, 100_000)!;
    const b = counter.channels.indexOf('b');
    const out = removeStateSet(base, sys.removal.subarray(sys.removalPtr[b], sys.removalPtr[b + 1]));
    expect(out.affected).toBe(2); // (start) and a; c and d cannot reach b
    const ref = referenceGroupRemoval(rows, 1, false, ['b']);
    expect(out.p).toBeCloseTo(ref.p, 12);
    expect(out.v).toBeCloseTo(ref.v, 10);
  });
});

/** Seeded campaign-like rows from the benchmark's generator (Zipf channel popularity, 1..12 touches). */
function campaignRows(channels: number, rows: number, seed: number): Row[] {
  return Array.from(generateCampaignRows(rows, channels, seed), (r) => ({
    path: Array.from(r.touches, campaignName).join(' > '),
    conversions: r.conversions,
    nulls: r.nulls,
    value: r.value,
  }));
}

describe('convergence limits', () => {
  it("a 'fundamental' solve that cannot converge is an error when asked for, and falls back to direct under auto", () => {
    const store = fromPathRows(campaignRows(300, 3000, 5));
    expect(() => markov(store, { solver: 'fundamental', maxIterations: 2 })).toThrow(/did not reach the tolerance/);
    const auto = markov(store, { maxIterations: 2 });
    expect(auto.solver.method).toBe('direct');
    expect(maxDiff(auto.removalEffects, markov(store, { solver: 'direct' }).removalEffects)).toBe(0);
  });
});
