// Order selection: in-sample fit and BIC, the held-out likelihood and ChannelAttribution's AUC
// against independent string-keyed computations, and the choice on data from known chains.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapUnits, chooseOrder, fromPathRows, type PathStore } from '../src/index.js';
import { rng } from '../bench/lib/generate.js';
import { refStates, type Row } from './helpers/markov-reference.js';
import { fmix32 } from '../src/uncertainty/content-key.js';


/** Transition counts of the spec's chain with string keys. */
function counts(rows: Row[], order: number, collapse: boolean): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  const bump = (a: string, b: string, w: number) => {
    if (!m.has(a)) m.set(a, new Map());
    m.get(a)!.set(b, (m.get(a)!.get(b) ?? 0) + w);
  };
  for (const r of rows) {
    const w = r.conversions + r.nulls;
    if (w <= 0) continue;
    let prev = '(start)';
    for (const s of refStates(r.path.split(' > '), order, collapse)) {
      bump(prev, s, w);
      prev = s;
    }
    if (r.conversions > 0) bump(prev, '(conversion)', r.conversions);
    if (r.nulls > 0) bump(prev, '(null)', r.nulls);
  }
  return m;
}

/**
 * The documented held-out likelihood, written directly from its definition with string keys:
 * symbols predicted from anchored or last-k contexts, Witten-Bell interpolation down to an
 * add-one unigram, runs of more than k repeats skipped, folds by content key.
 */
function heldOutReference(rows: Row[], store: PathStore, maxOrder: number, folds: number, collapse: boolean): number[] {
  const units = bootstrapUnits(store, false);
  // The documented split: journey j of a path goes to fmix32(keyLo ^ fmix32(keyHi ^ (j + 1) * golden)) mod folds,
  // conversions at even j, nulls at odd j.
  const keyOf = new Map<string, [number, number]>();
  for (let p = 0; p < units.store.pathCount; p++) {
    const names = Array.from(units.store.touches.subarray(units.store.offsets[p], units.store.offsets[p + 1]), (c) => units.store.channels[c]);
    keyOf.set(names.join(' > '), [units.keyHi[p], units.keyLo[p]]);
  }
  const foldOf = (key: [number, number], j: number) => fmix32(key[1] ^ fmix32(key[0] ^ Math.imul(j + 1, 0x9e3779b1))) % folds;
  type Event = { fold: number; seq: string[]; i: number; symbol: string; w: number };
  const events: Event[] = [];
  for (const r of rows) {
    if (r.conversions + r.nulls <= 0) continue;
    let seq = r.path.split(' > ');
    if (collapse) seq = seq.filter((c, i) => i === 0 || seq[i - 1] !== c);
    const key = keyOf.get(r.path)!;
    for (let j = 0; j < r.conversions; j++) {
      const fold = foldOf(key, 2 * j);
      seq.forEach((symbol, i) => events.push({ fold, seq, i, symbol, w: 1 }));
      events.push({ fold, seq, i: seq.length, symbol: '(conversion)', w: 1 });
    }
    for (let j = 0; j < r.nulls; j++) {
      const fold = foldOf(key, 2 * j + 1);
      seq.forEach((symbol, i) => events.push({ fold, seq, i, symbol, w: 1 }));
      events.push({ fold, seq, i: seq.length, symbol: '(null)', w: 1 });
    }
  }
  const context = (e: Event, k: number) => (e.i < k ? `S|${e.seq.slice(0, e.i).join('|')}` : e.seq.slice(e.i - k, e.i).join('|'));
  const skipped = (e: Event, k: number) => e.i < e.seq.length && e.i >= k && e.seq.slice(e.i - k, e.i).every((c) => c === e.seq[e.i]);
  const vocabulary = store.channels.length + 2;
  const result = new Array(maxOrder).fill(0);
  for (let f = 0; f < folds; f++) {
    const train = events.filter((e) => e.fold !== f);
    const uni = new Map<string, number>();
    let uniTotal = 0;
    for (const e of train) {
      uni.set(e.symbol, (uni.get(e.symbol) ?? 0) + e.w);
      uniTotal += e.w;
    }
    const tables = Array.from({ length: maxOrder }, (_, j) => {
      const k = j + 1;
      const pair = new Map<string, number>();
      const total = new Map<string, number>();
      const distinct = new Map<string, Set<string>>();
      for (const e of train) {
        if (skipped(e, k)) continue;
        const h = context(e, k);
        pair.set(`${h}#${e.symbol}`, (pair.get(`${h}#${e.symbol}`) ?? 0) + e.w);
        total.set(h, (total.get(h) ?? 0) + e.w);
        if (!distinct.has(h)) distinct.set(h, new Set());
        distinct.get(h)!.add(e.symbol);
      }
      return { pair, total, distinct };
    });
    for (const e of events.filter((x) => x.fold === f)) {
      let p = ((uni.get(e.symbol) ?? 0) + 1) / (uniTotal + vocabulary);
      for (let k = 1; k <= maxOrder; k++) {
        const t = tables[k - 1];
        const h = context(e, k);
        const n = t.total.get(h) ?? 0;
        const d = t.distinct.get(h)?.size ?? 0;
        if (n > 0 && d > 0) p = ((t.pair.get(`${h}#${e.symbol}`) ?? 0) + d * p) / (n + d);
        if (!skipped(e, k)) result[k - 1] += e.w * Math.log(p);
      }
    }
  }
  return result;
}

const NAMES = ['a', 'b', 'c'];
const rowsArb = fc
  .array(
    fc.record({
      path: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 }),
      conversions: fc.integer({ min: 0, max: 5 }),
      nulls: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 2, maxLength: 30 },
  )
  .map((rows) => {
    // One row per distinct path, as a path summary has.
    const merged = new Map<string, Row>();
    for (const r of rows) {
      const key = r.path.join(' > ');
      const m = merged.get(key) ?? { path: key, conversions: 0, nulls: 0, value: 0 };
      m.conversions += r.conversions;
      m.nulls += r.nulls;
      merged.set(key, m);
    }
    return [...merged.values()];
  })
  .filter((rows) => rows.some((r) => r.conversions > 0) && rows.some((r) => r.nulls > 0));

describe('chooseOrder', () => {
  it('reports the in-sample log-likelihood, parameters and BIC of each order as computed from string-keyed counts', () => {
    fc.assert(
      fc.property(rowsArb, fc.boolean(), (rows, collapse) => {
        const sel = chooseOrder(fromPathRows(rows), { maxOrder: 3, collapseRepeats: collapse });
        for (const fit of sel.orders) {
          const m = counts(rows, fit.order, collapse);
          let logL = 0;
          let params = 0;
          let n = 0;
          for (const out of m.values()) {
            const total = [...out.values()].reduce((s, x) => s + x, 0);
            for (const x of out.values()) {
              logL += x * Math.log(x / total);
              n += x;
            }
            params += out.size - 1;
          }
          expect(fit.logLikelihood).toBeCloseTo(logL, 9);
          expect(fit.parameters).toBe(params);
          expect(fit.observations).toBe(n);
          expect(fit.bic).toBeCloseTo(-2 * logL + params * Math.log(n), 8);
        }
      }),
      { seed: 31, numRuns: 80 },
    );
  });

  it('computes the held-out log-likelihood exactly as documented (independent implementation)', () => {
    fc.assert(
      fc.property(rowsArb, fc.boolean(), fc.integer({ min: 2, max: 4 }), (rows, collapse, folds) => {
        const store = fromPathRows(rows);
        const sel = chooseOrder(store, { maxOrder: 3, folds, collapseRepeats: collapse });
        const ref = heldOutReference(rows, store, 3, folds, collapse);
        sel.orders.forEach((fit, k) => expect(fit.heldOutLogLikelihood).toBeCloseTo(ref[k], 8));
      }),
      { seed: 32, numRuns: 80 },
    );
  });

  it("computes ChannelAttribution's AUC as the weighted Mann-Whitney statistic of the last state's conversion share", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const sel = chooseOrder(fromPathRows(rows), { maxOrder: 2 });
        for (const fit of sel.orders) {
          const m = counts(rows, fit.order, false);
          const score = (r: Row) => {
            const states = refStates(r.path.split(' > '), fit.order, false);
            const out = m.get(states[states.length - 1])!;
            const c = out.get('(conversion)') ?? 0;
            return c / (c + (out.get('(null)') ?? 0));
          };
          let area = 0;
          let pos = 0;
          let neg = 0;
          for (const x of rows) {
            if (x.conversions + x.nulls === 0) continue;
            pos += x.conversions;
            neg += x.nulls;
            for (const y of rows) if (y.conversions + y.nulls > 0) area += x.conversions * y.nulls * (score(x) > score(y) ? 1 : score(x) === score(y) ? 0.5 : 0);
          }
          expect(fit.auc).toBeCloseTo(area / (pos * neg), 12);
        }
      }),
      { seed: 33, numRuns: 60 },
    );
  });

  // Journeys from a chain whose next channel depends on the last two: a -> b -> a is likely, a -> c -> a is not.
  function simulate(order: 1 | 2, journeys: number, seed: number): Row[] {
    const rand = rng(seed);
    const rows = new Map<string, Row>();
    for (let j = 0; j < journeys; j++) {
      const path: string[] = [rand() < 0.5 ? 'a' : 'b'];
      let end: 'c' | 'n' | null = null;
      while (end === null && path.length < 30) {
        const last = path[path.length - 1];
        const before = path.length > 1 ? path[path.length - 2] : null;
        const u = rand();
        if (u < 0.12) end = 'c';
        else if (u < 0.3) end = 'n';
        else {
          const others = NAMES.filter((x) => x !== last);
          // Order 2: return to where you came from with probability 0.9; order 1: uniform.
          const next = order === 2 && before !== null && rand() < 0.9 ? before : others[rand() < 0.5 ? 0 : 1];
          path.push(next);
        }
      }
      const key = path.join(' > ');
      const row = rows.get(key) ?? { path: key, conversions: 0, nulls: 0, value: 0 };
      if (end === 'c') row.conversions++;
      else row.nulls++;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  it('chooses order 2 on data from a second-order chain and order 1 on data from a first-order chain', () => {
    const two = chooseOrder(fromPathRows(simulate(2, 20_000, 5)), { maxOrder: 4, collapseRepeats: true });
    expect(two.chosen).toBe(2);
    expect(chooseOrder(fromPathRows(simulate(1, 20_000, 6)), { maxOrder: 4, collapseRepeats: true }).chosen).toBe(1);
  });

  it('never prefers an order whose chain repeats the one below (one-touch paths: every order is the same chain)', () => {
    for (const scale of [1, 10, 100]) {
      const store = fromPathRows([
        { path: 'A', conversions: 5 * scale, nulls: 5 * scale },
        { path: 'B', conversions: 2 * scale, nulls: 9 * scale },
        { path: 'C', conversions: 1 * scale, nulls: 3 * scale },
      ]);
      const r = chooseOrder(store, { maxOrder: 3 });
      expect(r.orders.map((o) => o.states)).toEqual([3, 3, 3]);
      expect(r.chosen).toBe(1);
      expect(r.bestHeldOut).toBe(1);
    }
    // A longer path makes order 2 a different chain again: then it may be chosen.
    const longer = fromPathRows([{ path: 'A > B', conversions: 3, nulls: 1 }, { path: 'B > A', conversions: 0, nulls: 4 }, { path: 'A', conversions: 1, nulls: 1 }]);
    expect(chooseOrder(longer, { maxOrder: 2 }).orders[1].states).toBeGreaterThan(chooseOrder(longer, { maxOrder: 2 }).orders[0].states);
  });

  it('is deterministic: row order and channel ids do not change the table', () => {
    const rows = simulate(2, 3000, 9);
    const a = chooseOrder(fromPathRows(rows), { maxOrder: 3 });
    const b = chooseOrder(fromPathRows([...rows].reverse()), { maxOrder: 3 });
    a.orders.forEach((fit, k) => {
      expect(b.orders[k].heldOutLogLikelihood).toBeCloseTo(fit.heldOutLogLikelihood, 8);
      expect(b.orders[k].bic).toBeCloseTo(fit.bic, 8);
      expect(b.orders[k].auc).toBeCloseTo(fit.auc, 12);
    });
    expect(b.chosen).toBe(a.chosen);
  });

  it('refuses bad options and data without conversions', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1, nulls: 1 }]);
    expect(() => chooseOrder(store, { maxOrder: 0 })).toThrow(/maxOrder/);
    expect(() => chooseOrder(store, { folds: 1 })).toThrow(/folds/);
    expect(() => chooseOrder(store, { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => chooseOrder(fromPathRows([{ path: 'a', conversions: 0, nulls: 3 }]))).toThrow(/no converting path/);
  });
});
