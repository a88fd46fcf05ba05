import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransitionCounter, fromPathRows, markov, markovFromCounts, transitionRows } from '../src/index.js';
import { expectMatchesReference, referenceSolve, sum, type Row } from './helpers/markov-reference.js';

const FC = { seed: 42, numRuns: 100 } as const;
const NAMES = ['a', 'b', 'c', 'd'];

/** Random small inputs: 1..8 rows over up to 4 channels, paths of 1..5 touches, at least one conversion. */
const rowsArb = fc
  .array(
    fc.record({
      touches: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
      conversions: fc.integer({ min: 0, max: 3 }),
      nulls: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: 0, max: 500 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((rs) =>
    rs.map(
      (r, i): Row => ({
        path: r.touches.map((t) => NAMES[t]).join(' > '),
        conversions: i === 0 ? Math.max(1, r.conversions) : r.conversions,
        nulls: r.nulls,
        value: (i === 0 ? Math.max(1, r.conversions) : r.conversions) > 0 ? r.value / 4 : 0,
      }),
    ),
  );
const orderArb = fc.integer({ min: 1, max: 4 });

const byName = (channels: readonly string[], values: ArrayLike<number>) => new Map(channels.map((c, i) => [c, values[i]]));

describe('markov against an independent dense solve (mathjs)', () => {
  it('P, V and every P_-c, V_-c match at orders 1..4, both collapse settings, both solvers', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, fc.boolean(), fc.constantFrom('direct' as const, 'iterative' as const), (rows, order, collapseRepeats, solver) => {
        const ref = referenceSolve(rows, order, collapseRepeats);
        const r = markov(fromPathRows(rows), { order, collapseRepeats, solver });
        expect(r.stateCount).toBe(ref.stateCount);
        expectMatchesReference(r, ref);
      }),
      FC,
    );
  });

  it('direct and iterative agree to 1e-10', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, (rows, order) => {
        const store = fromPathRows(rows);
        const d = markov(store, { order, solver: 'direct' });
        const it = markov(store, { order, solver: 'iterative' });
        expect(Math.abs(d.conversionProbability - it.conversionProbability)).toBeLessThan(1e-10);
        d.removalEffects.forEach((v, i) => expect(Math.abs(v - it.removalEffects[i])).toBeLessThan(1e-10));
        d.credits.conversions.forEach((v, i) => expect(Math.abs(v - it.credits.conversions[i])).toBeLessThan(1e-10));
      }),
      FC,
    );
  });
});

describe('markov invariants (property tests)', () => {
  it('RE and RV lie in [0, 1]; credits sum to total conversions and value; flow conservation at orders 1..4', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, fc.boolean(), fc.constantFrom('exact' as const, 'proportional' as const), (rows, order, collapseRepeats, value) => {
        const r = markov(fromPathRows(rows), { order, collapseRepeats, value });
        for (const v of [...r.removalEffects, ...r.valueRemovalEffects]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        const conv = sum(rows.map((x) => x.conversions));
        const nulls = sum(rows.map((x) => x.nulls));
        const val = sum(rows.map((x) => x.value));
        expect(sum(r.credits.conversions)).toBeCloseTo(conv, 10);
        expect(sum(r.credits.value)).toBeCloseTo(val, 8);
        expect(r.conversionProbability).toBeCloseTo(conv / (conv + nulls), 12);
        expect(r.flowConservationError).toBeLessThan(1e-12);
        expect(r.nullsPresent).toBe(nulls > 0);
      }),
      FC,
    );
  });

  it('per-touch credit: paths keep their conversions and value (rule "path"); channel totals hold (rule "channel")', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, (rows, order) => {
        const store = fromPathRows(rows);
        const p = markov(store, { order, perTouch: true });
        for (let row = 0; row < store.pathCount; row++) {
          const a = store.offsets[row];
          const b = store.offsets[row + 1];
          expect(sum(p.credits.perTouch!.conversions.subarray(a, b))).toBeCloseTo(rows[row].conversions, 10);
          expect(sum(p.credits.perTouch!.value.subarray(a, b))).toBeCloseTo(rows[row].value, 8);
        }
        const c = markov(store, { order, perTouch: true, perTouchRule: 'channel' });
        const perChannel = new Float64Array(store.channels.length);
        const perChannelValue = new Float64Array(store.channels.length);
        c.credits.perTouch!.conversions.forEach((v, t) => (perChannel[store.touches[t]] += v));
        c.credits.perTouch!.value.forEach((v, t) => (perChannelValue[store.touches[t]] += v));
        perChannel.forEach((v, i) => expect(v).toBeCloseTo(c.credits.conversions[i], 10));
        perChannelValue.forEach((v, i) => expect(v).toBeCloseTo(c.credits.value[i], 8));
        // the reported per-touch channel totals are the per-touch sums
        const totals = new Float64Array(store.channels.length);
        p.credits.perTouch!.conversions.forEach((v, t) => (totals[store.touches[t]] += v));
        totals.forEach((v, i) => expect(v).toBeCloseTo(p.perTouchChannelTotals!.conversions[i], 12));
      }),
      FC,
    );
  });

  it('at order 1 the results are identical with collapseRepeats on and off', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const store = fromPathRows(rows);
        const off = markov(store, { collapseRepeats: false });
        const on = markov(store, { collapseRepeats: true });
        expect(on.removalEffects).toEqual(off.removalEffects);
        expect(on.credits.conversions).toEqual(off.credits.conversions);
        expect(on.credits.value).toEqual(off.credits.value);
        expect(on.stateCount).toBe(off.stateCount);
      }),
      FC,
    );
  });

  it('relabelling channels permutes the results', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, fc.shuffledSubarray(['w', 'x', 'y', 'z'], { minLength: 4, maxLength: 4 }), (rows, order, perm) => {
        const rename = new Map(NAMES.map((n, i) => [n, perm[i]]));
        const renamed = rows.map((r) => ({ ...r, path: r.path.split(' > ').map((c) => rename.get(c)!).join(' > ') })).reverse();
        const a = markov(fromPathRows(rows), { order });
        const b = markov(fromPathRows(renamed), { order });
        const reA = byName(a.credits.channels, a.removalEffects);
        const reB = byName(b.credits.channels, b.removalEffects);
        const crA = byName(a.credits.channels, a.credits.value);
        const crB = byName(b.credits.channels, b.credits.value);
        for (const [c, v] of reA) {
          expect(reB.get(rename.get(c)!)!).toBeCloseTo(v, 12);
          expect(crB.get(rename.get(c)!)!).toBeCloseTo(crA.get(c)!, 9);
        }
      }),
      FC,
    );
  });

  it('merging counters of split inputs (different channel dictionaries) equals the whole', () => {
    fc.assert(
      fc.property(rowsArb, orderArb, fc.boolean(), fc.nat(), (rows, order, collapseRepeats, cut) => {
        const k = cut % (rows.length + 1);
        const opts = { order, collapseRepeats };
        const whole = new TransitionCounter(opts).add(fromPathRows(rows));
        const parts = [rows.slice(0, k), rows.slice(k)].filter((p) => p.length > 0);
        // the second half is encoded first into its own dictionary, so channel ids differ
        const merged = new TransitionCounter(opts);
        for (const part of parts.reverse()) merged.merge(TransitionCounter.fromJSON(JSON.parse(JSON.stringify(new TransitionCounter(opts).add(fromPathRows(part))))));
        const key = (r: { from: string; to: string }) => `${r.from}\u0000${r.to}`;
        const asMap = (c: TransitionCounter) => new Map(transitionRows(c).map((r) => [key(r), r.count]));
        expect(asMap(merged)).toEqual(asMap(whole));
        expect(merged.totalConversions).toBe(whole.totalConversions);
        expect(merged.totalNulls).toBe(whole.totalNulls);
        expect(merged.totalValue).toBeCloseTo(whole.totalValue, 10);
        const a = markovFromCounts(whole);
        const b = markovFromCounts(merged);
        const reA = byName(a.credits.channels, a.credits.conversions);
        const reB = byName(b.credits.channels, b.credits.conversions);
        for (const [c, v] of reA) expect(reB.get(c)!).toBeCloseTo(v, 12);
      }),
      FC,
    );
  });
});
