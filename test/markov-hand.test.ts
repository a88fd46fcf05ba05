import { readFileSync } from 'node:fs';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  PathCreditError,
  PathStoreBuilder,
  TransitionCounter,
  fromPathRows,
  markov,
  transitionRows,
  transitionTable,
} from '../src/index.js';
import { allocatePerTouch } from '../src/markov/per-touch.js';
import { sum } from './helpers/markov-reference.js';

interface HandCase {
  name: string;
  rows: { path: string; conversions: number; value: number; nulls: number }[];
  order: number;
  expected: {
    channels: string[];
    P: number;
    V?: number;
    Pminus?: number[];
    Vminus?: number[];
    RE: number[];
    RV?: number[];
    conversions: number[];
    value?: number[];
    proportionalValue?: number[];
    perTouchConversions?: number[];
    perTouchValue?: number[];
    statesPlain?: string[];
    statesCollapsed?: string[];
  };
}
const cases: HandCase[] = JSON.parse(readFileSync(new URL('../fixtures/markov/hand-cases.json', import.meta.url), 'utf8')).cases;
const close = (actual: ArrayLike<number>, expected: number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
};

describe('markov on hand-worked cases (fixtures/markov/hand-cases.json)', () => {
  for (const c of cases) {
    for (const solver of ['direct', 'iterative'] as const) {
      it(`${c.name} (${solver})`, () => {
        const store = fromPathRows(c.rows);
        const r = markov(store, { order: c.order, solver });
        const e = c.expected;
        expect(r.credits.channels).toEqual(e.channels);
        expect(r.credits.model).toBe('markov');
        expect(r.solver.method).toBe(solver);
        expect(r.conversionProbability).toBeCloseTo(e.P, 12);
        if (e.V !== undefined) expect(r.expectedValue).toBeCloseTo(e.V, 10);
        if (e.Pminus) close(r.removedConversionProbability, e.Pminus);
        if (e.Vminus) close(r.removedExpectedValue, e.Vminus, 10);
        close(r.removalEffects, e.RE);
        if (e.RV) close(r.valueRemovalEffects, e.RV);
        close(r.credits.conversions, e.conversions);
        if (e.value) close(r.credits.value, e.value, 10);
        if (e.proportionalValue) close(markov(store, { order: c.order, solver, value: 'proportional' }).credits.value, e.proportionalValue, 10);
        expect(r.solver.residual).toBeLessThanOrEqual(1e-12);
      });
    }
  }

  it('per-touch credit (rule "path") follows the hand split and keeps each path whole', () => {
    const c = cases.find((k) => k.expected.perTouchConversions)!;
    const store = fromPathRows(c.rows);
    const r = markov(store, { perTouch: true });
    close(r.credits.perTouch!.conversions, c.expected.perTouchConversions!);
    close(r.credits.perTouch!.value, c.expected.perTouchValue!, 10);
    // per-touch sums per channel are reported, and differ from the removal-effect credit (0.8, 0.6, 0.6)
    close(r.perTouchChannelTotals!.conversions, [8 / 11, 3 / 11, 1]);
    expect(sum(r.perTouchChannelTotals!.conversions)).toBeCloseTo(2, 12);
  });

  it('per-touch credit (rule "channel") sums to the channel credit', () => {
    const c = cases.find((k) => k.expected.perTouchConversions)!;
    const store = fromPathRows(c.rows);
    const r = markov(store, { perTouch: true, perTouchRule: 'channel' });
    const byChannel = new Float64Array(3);
    const valueByChannel = new Float64Array(3);
    r.credits.perTouch!.conversions.forEach((v, t) => (byChannel[store.touches[t]] += v));
    r.credits.perTouch!.value.forEach((v, t) => (valueByChannel[store.touches[t]] += v));
    close(byChannel, [0.8, 0.6, 0.6]);
    close(valueByChannel, [400 / 19, 240 / 19, 120 / 19], 10);
    close(r.perTouchChannelTotals!.conversions, [0.8, 0.6, 0.6]);
  });

  it('a converting path whose channels all have RE = 0 is split equally (kernel rule)', () => {
    // Impossible with exact removal effects (every channel of a converting path has RE > 0),
    // so the rule is checked on the allocation kernel with zero weights.
    const store = fromPathRows([{ path: 'a > b > a', conversions: 3, value: 6 }]);
    const zero = new Float64Array(2);
    const out = allocatePerTouch(store, zero, zero, null);
    close(out.touches.conversions, [1, 1, 1]);
    close(out.touches.value, [2, 2, 2]);
    close(out.channelTotals.conversions, [2, 1]);
  });
});

describe('states and the transition matrix', () => {
  it('order 2: collapseRepeats changes the states (docs example)', () => {
    const c = cases.find((k) => k.expected.statesPlain)!;
    const store = fromPathRows(c.rows);
    const labels = (collapseRepeats: boolean) => {
      const counter = new TransitionCounter({ order: 2, collapseRepeats }).add(store);
      return Array.from({ length: counter.stateCount }, (_, t) => counter.label(t + 3));
    };
    expect(labels(false)).toEqual(c.expected.statesPlain);
    expect(labels(true)).toEqual(c.expected.statesCollapsed);
    expect(transitionRows(new TransitionCounter({ order: 2 }).add(store))).toEqual([
      { from: '(start)', to: 'a > a', count: 1, probability: 0.25 },
      { from: '(start)', to: 'b > c', count: 1, probability: 0.25 },
      { from: '(start)', to: 'c', count: 2, probability: 0.5 },
      { from: 'a > a', to: 'a > b', count: 1, probability: 1 },
      { from: 'a > b', to: '(conversion)', count: 1, probability: 1 },
      { from: 'b > c', to: '(null)', count: 1, probability: 1 },
      { from: 'c', to: '(conversion)', count: 1, probability: 0.5 },
      { from: 'c', to: '(null)', count: 1, probability: 0.5 },
    ]);
  });

  it('order 3: windows over the path, short paths are one state, identical consecutive states merge', () => {
    const store = fromPathRows([
      { path: 'a > b > a > b > a', conversions: 1 },
      { path: 'a > b', conversions: 0, nulls: 1 },
      { path: 'x > x > x > x', conversions: 1 },
    ]);
    const rows = transitionRows(new TransitionCounter({ order: 3 }).add(store)).map((r) => `${r.from} -> ${r.to}: ${r.count}`);
    expect(rows).toEqual([
      '(start) -> a > b > a: 1',
      '(start) -> a > b: 1',
      '(start) -> x > x > x: 1',
      'a > b > a -> b > a > b: 1',
      'b > a > b -> a > b > a: 1',
      'a > b > a -> (conversion): 1',
      'a > b -> (null): 1',
      'x > x > x -> (conversion): 1',
    ].sort((p, q) => order(p) - order(q)));
    function order(line: string): number {
      const ids = ['(start)', '(conversion)', '(null)', 'a > b > a', 'b > a > b', 'a > b', 'x > x > x'];
      const [from, rest] = line.split(' -> ');
      const to = rest.split(':')[0];
      return ids.indexOf(from) * 100 + ids.indexOf(to);
    }
  });

  it('the Arrow table has the same rows as the plain rows', () => {
    const store = fromPathRows(cases[2].rows);
    const counter = new TransitionCounter().add(store);
    const table = tableFromIPC(tableToIPC(transitionTable(counter)));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['from', 'to', 'count', 'probability']);
    const rows = transitionRows(counter);
    expect(table.numRows).toBe(rows.length);
    rows.forEach((r, i) => {
      expect(table.getChild('from')!.get(i)).toBe(r.from);
      expect(table.getChild('to')!.get(i)).toBe(r.to);
      expect(table.getChild('count')!.get(i)).toBe(r.count);
      expect(table.getChild('probability')!.get(i)).toBe(r.probability);
    });
    expect(rows[0].from).toBe('(start)');
  });

  it('channel names that look like object keys are plain names', () => {
    const store = fromPathRows([{ path: '__proto__ > constructor', conversions: 1, nulls: 1 }, { path: 'constructor', conversions: 0, nulls: 1 }]);
    const r = markov(store);
    expect(r.credits.channels).toEqual(['__proto__', 'constructor']);
    // P = 1/3 (x_constructor = 1/3); P_-__proto__ = 1/3 * 1/3 = 1/9, RE = 2/3; P_-constructor = 0, RE = 1
    close(r.removalEffects, [2 / 3, 1]);
  });
});

describe('many channels (order-1 counting through the hash instead of the dense matrix)', () => {
  it('a ring of 2,100 channels: every channel has RE = 1/1050 and credit 1', () => {
    // Paths c_i > c_(i+1) (indices mod 2100), 1 conversion and 1 null each. Out of c_j: c_(j+1) 2,
    // (conversion) 1, (null) 1, so x = 1/4 + x_next / 2 around the ring: x = 1/2 = P.
    // Removing c_i: x_(c_(i-k)) = (1 - 2^-k) / 2, so P_-c = (1/2100) * sum_k (1 - 2^-k) / 2 = 1049/2100
    // (up to 2^-2100), RE = 1 - 2098/2100 = 1/1050; by symmetry every credit is 2100 / 2100 = 1.
    const N = 2100;
    const rows = Array.from({ length: N }, (_, i) => ({ path: `c${i} > c${(i + 1) % N}`, conversions: 1, nulls: 1 }));
    const store = fromPathRows(rows);
    const counter = new TransitionCounter().add(store);
    expect(counter.stateCount).toBe(N);
    expect(counter.transitionCount).toBe(4 * N);
    const t = transitionRows(counter);
    expect(t.filter((r) => r.from === 'c7')).toEqual([
      { from: 'c7', to: '(conversion)', count: 1, probability: 0.25 },
      { from: 'c7', to: '(null)', count: 1, probability: 0.25 },
      { from: 'c7', to: 'c8', count: 2, probability: 0.5 },
    ]);
    const r = markov(store, { solver: 'iterative' });
    expect(r.conversionProbability).toBeCloseTo(0.5, 12);
    for (const v of r.removalEffects) expect(v).toBeCloseTo(1 / 1050, 12);
    for (const v of r.credits.conversions) expect(v).toBeCloseTo(1, 9);
    // merging two halves counted into different dictionaries gives the same counts
    const merged = new TransitionCounter()
      .add(fromPathRows(rows.slice(N / 2)))
      .merge(new TransitionCounter().add(fromPathRows(rows.slice(0, N / 2))));
    const key = (x: { from: string; to: string; count: number }) => `${x.from}|${x.to}|${x.count}`;
    expect(transitionRows(merged).map(key).sort()).toEqual(t.map(key).sort());
  });
});

describe('edge cases and errors', () => {
  it('says when the input had no nulls (P = 1)', () => {
    const r = markov(fromPathRows([{ path: 'a > b', conversions: 2 }, { path: 'b', conversions: 1 }]));
    expect(r.nullsPresent).toBe(false);
    expect(r.conversionProbability).toBeCloseTo(1, 14);
    close(r.removalEffects, [2 / 3, 1]);
    expect(markov(fromPathRows(cases[0].rows)).nullsPresent).toBe(true);
  });

  it('one-touch paths only: credit equals each channel share of conversions', () => {
    const r = markov(fromPathRows([{ path: 'a', conversions: 3, nulls: 1 }, { path: 'b', conversions: 1, nulls: 5 }]));
    // P = 4/10; P_-a = 1/10, RE_a = 3/4; P_-b = 3/10, RE_b = 1/4; credit 3 and 1
    close(r.removalEffects, [0.75, 0.25]);
    close(r.credits.conversions, [3, 1]);
  });

  it('no converting path is a clear error', () => {
    expect(() => markov(fromPathRows([{ path: 'a > b', conversions: 0, nulls: 4 }]))).toThrow(PathCreditError);
    expect(() => markov(fromPathRows([{ path: 'a > b', conversions: 0, nulls: 4 }]))).toThrow(/no converting path/);
  });

  it('an empty store is an error', () => {
    const empty = new PathStoreBuilder().build();
    expect(() => markov(empty)).toThrow(/empty/);
  });

  it('order must be a positive integer', () => {
    const store = fromPathRows(cases[0].rows);
    for (const order of [0, -1, 1.5, NaN, 256]) {
      expect(() => markov(store, { order })).toThrow(PathCreditError);
      expect(() => new TransitionCounter({ order })).toThrow(/order must be a positive integer/);
    }
    expect(() => markov(store, { solver: 'lu' as never })).toThrow(/solver/);
    expect(() => markov(store, { tolerance: 0 })).toThrow(/tolerance/);
  });

  it('the iterative solver reports non-convergence instead of a wrong answer', () => {
    const store = fromPathRows(cases[2].rows);
    expect(() => markov(store, { solver: 'iterative', maxIterations: 2 })).toThrow(/did not reach the tolerance/);
  });

  it('counters of different order do not merge; fromJSON rejects garbage', () => {
    expect(() => new TransitionCounter({ order: 1 }).merge(new TransitionCounter({ order: 2 }))).toThrow(PathCreditError);
    expect(() => TransitionCounter.fromJSON({} as never)).toThrow(PathCreditError);
  });
});

describe('markov refuses a converting path without touches', () => {
  it('throws like the heuristic models', async () => {
    const { PathStoreBuilder, markov: run } = await import('../src/index.js');
    const b = new PathStoreBuilder();
    b.addTouch(b.dictionary.idOf('a'));
    b.endPath(1, 0, 0);
    b.endPath(1, 0, 0); // no touches
    expect(() => run(b.build())).toThrow(/markov: path 1 has conversions but no touches/);
  });
});
